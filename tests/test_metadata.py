"""Metadata as an editor would set it: the pure functions, the transform, HTML meta tags."""

from __future__ import annotations

import pytest

from pamphlets.metadata import clean_title, detect_language, iso_date, reading_order, split_authors
from pamphlets.model import Essay, EssayMeta, Para, ReadResult, Text
from pamphlets.readers import html
from pamphlets.transforms import PIPELINE
from pamphlets.transforms.metadata import tidy_metadata

# --------------------------------------------------------------------------- clean_title


@pytest.mark.parametrize("title, site, expected", [
    ("Why We Fight - The Paper Review", "The Paper Review", "Why We Fight"),
    ("Why We Fight | Paper Review", "", "Why We Fight"),
    ("Paper Review: Why We Fight", "Paper Review", "Why We Fight"),
    ("Why We Fight — Paper Review", "Paper Review", "Why We Fight"),
    ("Why We Fight – paperreview.org", "", "Why We Fight"),
    ("Politics | Why We Fight | Paper Review", "Paper Review", "Politics | Why We Fight"),
    ("Paper Review", "Paper Review", ""),
    ("On the Commons.", "", "On the Commons"),
    ("Anarchism - Criticism and History", "", "Anarchism - Criticism and History"),
    ("Mutual Aid: A Factor of Evolution", "", "Mutual Aid: A Factor of Evolution"),
    ("Letters   to  a   Friend", "", "Letters to a Friend"),
    ("Written by J.", "", "Written by J."),
    ("And so on...", "", "And so on..."),
])
def test_clean_title(title, site, expected):
    assert clean_title(title, site) == expected


def test_clean_title_uses_the_host():
    assert clean_title("Why We Fight - Paperreview", url="https://www.paperreview.net/x") == "Why We Fight"
    assert clean_title("Why We Fight - Anywhere", url="https://www.paperreview.net/x") == \
        "Why We Fight - Anywhere"


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize("name, expected", [
    ("Kropotkin, Peter", "Peter Kropotkin"),
    ("Кропоткин П.А.", "П. А. Кропоткин"),
    ("KROPOTKIN, P.", "P. Kropotkin"),
    ("Peter Kropotkin", "Peter Kropotkin"),
    ("Kropotkin, Peter, 1842-1921", "Peter Kropotkin"),
    ("Goldman, Emma (1869-1940)", "Emma Goldman"),
    ("Kropotkin, Petr Alekseevich, kniaz, 1842-1921", "Petr Alekseevich Kropotkin"),
    ("King, Martin Luther, Jr.", "Martin Luther King Jr."),
    ("P.A. Kropotkin", "P. A. Kropotkin"),
    ("EMMA GOLDMAN", "Emma Goldman"),
    ("de Cleyre, Voltairine", "Voltairine de Cleyre"),
    ("MACDONALD, RAMSAY", "Ramsay MacDonald"),
    ("Crimethinc., Ex-Workers Collective", "Crimethinc., Ex-Workers Collective"),
    ("", ""),
])
def test_reading_order(name, expected):
    assert reading_order(name) == expected


@pytest.mark.parametrize("text, expected", [
    ("Peter Kropotkin, Emma Goldman and Errico Malatesta",
     ("Peter Kropotkin", "Emma Goldman", "Errico Malatesta")),
    ("Kropotkin, Peter", ("Kropotkin, Peter",)),
    ("Kropotkin, P.", ("Kropotkin, P.",)),
    ("Kropotkin, Peter; Goldman, Emma", ("Kropotkin, Peter", "Goldman, Emma")),
    ("Karl Marx und Friedrich Engels", ("Karl Marx", "Friedrich Engels")),
    ("Élisée Reclus et Louise Michel", ("Élisée Reclus", "Louise Michel")),
    ("Карл Маркс и Фридрих Энгельс", ("Карл Маркс", "Фридрих Энгельс")),
    ("By Jane Doe & John Roe", ("Jane Doe", "John Roe")),
    ("Jane Doe et al.", ("Jane Doe",)),
    ("Jane Doe", ("Jane Doe",)),
    ("", ()),
])
def test_split_authors(text, expected):
    assert split_authors(text) == expected


# --------------------------------------------------------------------------- dates


@pytest.mark.slow
@pytest.mark.parametrize("text, lang, expected", [
    ("Tue Nov 19 2019 05:44:06 GMT+0000 (Coordinated Universal Time)", "", "2019-11-19"),
    ("19 novembre 2019", "fr", "2019-11-19"),
    ("19 novembre 2019", "", "2019-11-19"),
    ("3. März 2018", "de", "2018-03-03"),
    ("12 марта 1917 г.", "ru", "1917-03-12"),
    ("13.01.2020", "", "2020-01-13"),
    ("01.02.2020", "", "2020-02-01"),
    ("November 2019", "", "2019-11"),
    ("1897", "", "1897"),
    ("MDCCCXCVII", "", "1897"),
    ("2019-11-19T05:44:06Z", "", "2019-11-19"),
    ("2019-11", "", "2019-11"),
    ("Published on 3 March 2018", "", "2018-03-03"),
    ("Spring 1921", "", "1921"),
    ("yesterday", "", ""),
    ("Nov 19", "", ""),
    ("0001-01-01T00:00:00Z", "", ""),
    ("2020-13-45", "", ""),
    ("", "", ""),
])
def test_iso_date(text, lang, expected):
    assert iso_date(text, lang) == expected


# --------------------------------------------------------------------------- language

RUSSIAN = ("Взаимная помощь есть закон природы и главный фактор прогрессивного развития. "
           "Животные, живущие обществами, лучше всего приспособлены к борьбе за существование, "
           "и среди них мы находим наиболее развитые умственные способности. ") * 3
GERMAN = ("Die gegenseitige Hilfe ist ein Naturgesetz und der wichtigste Faktor der "
          "fortschreitenden Entwicklung. Die Tiere, die in Gesellschaften leben, sind am besten "
          "für den Kampf ums Dasein ausgerüstet, und bei ihnen finden wir die höchste Entwicklung.") * 3
ENGLISH = ("Mutual aid is as much a law of animal life as mutual struggle, and as a factor of "
           "evolution it most probably has a far greater importance, inasmuch as it favours the "
           "development of such habits and characters as insure the maintenance of the species.") * 3


def test_detect_language_overrules_a_wrong_declaration():
    assert detect_language(RUSSIAN, "en") == "ru"
    assert detect_language(GERMAN, "en") == "de"
    assert detect_language(GERMAN, "") == "de"


def test_detect_language_keeps_a_trustworthy_declaration():
    assert detect_language(ENGLISH, "en-GB") == "en-GB"
    assert detect_language(GERMAN, "de_AT") == "de-AT"
    assert detect_language("Zu kurz.", "en") == "en"       # too short to tell
    assert detect_language("", "") == ""


# --------------------------------------------------------------------------- the transform


def _result(text: str, **meta) -> ReadResult:
    essay = Essay(EssayMeta(**meta), (Para((Text(text),)),), origin="x.md")
    return ReadResult(essay)


def test_transform_is_in_the_pipeline_after_default_title():
    names = [name for name, _ in PIPELINE]
    assert names.index("metadata") == names.index("default-title") + 1


def test_transform_sets_every_field():
    result = tidy_metadata(_result(
        RUSSIAN, title="Взаимная помощь | Библиотека", authors=("Кропоткин П.А.",),
        date="19 novembre 2019", lang="en", source="https://biblioteka.org/x"))
    meta = result.essay.meta
    assert meta.title == "Взаимная помощь"
    assert meta.authors == ("П. А. Кропоткин",)
    assert meta.date == "2019-11-19"
    assert meta.lang == "ru"
    reasons = [n.reason for n in result.notices if n.kind == "info"]
    assert "language: declared 'en' but the text is Russian; using 'ru'" in reasons


def test_transform_splits_authors_and_is_a_fixed_point():
    first = tidy_metadata(_result(ENGLISH, title="Mutual Aid.", lang="en",
                                  authors=("Kropotkin, Peter; Goldman, Emma",)))
    assert first.essay.meta.authors == ("Peter Kropotkin", "Emma Goldman")
    assert first.essay.meta.title == "Mutual Aid"
    again = tidy_metadata(first)
    assert again.essay == first.essay and again.notices == first.notices


def test_transform_leaves_good_metadata_alone():
    result = _result(ENGLISH, title="Mutual Aid", authors=("Peter Kropotkin",), date="1902",
                     lang="en")
    assert tidy_metadata(result) is result


def test_transform_keeps_a_date_it_cannot_read():
    result = tidy_metadata(_result(ENGLISH, title="T", date="sometime", lang="en"))
    assert result.essay.meta.date == "sometime"


# --------------------------------------------------------------------------- HTML pages

PAGE = """<!DOCTYPE html><html lang="{lang}"><head><title>{title}</title>
<meta property="og:site_name" content="Paper Review">
{head}</head><body><header><a href="/">Paper Review</a></header>
<article><h1>{h1}</h1>{byline}<p>{body}</p></article>
<footer><span class="author">Site Editor</span></footer></body></html>"""


def _page(**parts) -> EssayMeta:
    values = {"lang": "en", "title": "The Long Road - Paper Review", "head": "",
              "h1": "The Long Road", "byline": "", "body": ENGLISH}
    values.update(parts)
    result = html.read(PAGE.format(**values), path="page.html")
    for _, transform in PIPELINE[:3]:
        result = transform(result)
    return result.essay.meta


def test_html_title_without_the_site_name():
    assert _page().title == "The Long Road"
    assert _page(h1="Paper Review", head='<meta property="og:title" content="The Long Road">'
                 ).title == "The Long Road"


def test_html_author_from_json_ld_graph():
    head = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "Person", "@id": "#p1", "name": "Jane Roe"},
      {"@type": "NewsArticle", "headline": "The Long Road", "author": [{"@id": "#p1"},
       {"@type": "Person", "name": "John Doe"}], "datePublished": "2019-11-19T05:44:06Z",
       "publisher": {"@type": "Organization", "name": "Paper Review"}}]}</script>"""
    meta = _page(head=head)
    assert meta.authors == ("Jane Roe", "John Doe")
    assert meta.date == "2019-11-19"


@pytest.mark.parametrize("head, byline, expected", [
    ('<meta name="author" content="Roe, Jane">', "", ("Jane Roe",)),
    ('<meta name="DC.creator" content="Jane Roe">', "", ("Jane Roe",)),
    ('<meta name="citation_author" content="Roe, Jane">'
     '<meta name="citation_author" content="Doe, John">', "", ("Jane Roe", "John Doe")),
    ('<meta property="article:author" content="https://example.org/jane">', "", ()),
    ("", '<p class="byline">By Jane Roe and John Doe | Nov 19, 2019</p>', ("Jane Roe", "John Doe")),
    ("", '<a rel="author" href="/jane">Jane Roe</a>', ("Jane Roe",)),
])
def test_html_authors(head, byline, expected):
    authors = _page(head=head, byline=byline).authors
    assert authors == expected


@pytest.mark.parametrize("head, byline, expected", [
    ('<meta property="article:published_time" content="2019-11-19T05:44:06+00:00">', "", "2019-11-19"),
    ('<meta name="DC.date" content="13.01.2020">', "", "2020-01-13"),
    ('<meta name="citation_publication_date" content="1897">', "", "1897"),
    ("", '<time datetime="Tue Nov 19 2019 05:44:06 GMT+0000">19 Nov</time>', "2019-11-19"),
])
def test_html_dates(head, byline, expected):
    assert _page(head=head, byline=byline).date == expected


def test_html_declared_english_but_german():
    assert _page(body=GERMAN).lang == "de"


def test_html_byline_glued_to_the_next_words():
    byline = '<div class="author-box">Jane RoeView More Articles</div>'
    assert _page(byline=byline).authors == ("Jane Roe",)


# --------------------------------------------------------------------------- other formats

def _through_pipeline(result: ReadResult) -> EssayMeta:
    from pamphlets import transforms
    return transforms.apply(result, skip=("typography", "break-long-words")).essay.meta


def test_russian_tei_without_a_language_is_not_english():
    from pamphlets.readers import tei
    paragraphs = "".join(f"<p>{RUSSIAN}</p>" for _ in range(2))
    source = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt>'
              '<title>Взаимная помощь.</title><author>Кропоткин П.А.</author></titleStmt>'
              '<publicationStmt><date>1902</date></publicationStmt><sourceDesc><p>—</p></sourceDesc>'
              f'</fileDesc></teiHeader><text><body>{paragraphs}</body></text></TEI>')
    meta = _through_pipeline(tei.read(source, path="mutual.xml"))
    assert (meta.title, meta.authors, meta.date, meta.lang) == \
        ("Взаимная помощь", ("П. А. Кропоткин",), "1902", "ru")


def test_markdown_front_matter_tidied():
    from pamphlets.readers import markdown
    source = ("---\ntitle: Die gegenseitige Hilfe.\nauthor: Kropotkin, Peter\n"
              "date: 3. März 1902\nlang: en\n---\n\n" + GERMAN + "\n")
    meta = _through_pipeline(markdown.read(source, path="hilfe.md"))
    assert (meta.title, meta.authors, meta.date, meta.lang) == \
        ("Die gegenseitige Hilfe", ("Peter Kropotkin",), "1902-03-03", "de")


@pytest.mark.parametrize("head, byline, expected", [
    ('<meta name="author" content="Jane Roe. Paper Review Weekly">', "", ("Jane Roe",)),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "The Long Road",'
     ' "author": {"@type": "Person", "name": "Jane Roe"}}</script>',
     '<p class="byline">By Jane Roe, John Doe and Ann Poe</p>', ("Jane Roe", "John Doe", "Ann Poe")),
    ("", '<p class="byline">By Jane Roe, Paper StaffUpdated: 18 Nov 2019</p>', ("Jane Roe",)),
])
def test_html_bylines_in_the_wild(head, byline, expected):
    assert _page(head=head, byline=byline).authors == expected


def test_spanish_and_portuguese_compound_surnames_stay_whole():
    from pamphlets.metadata import split_authors

    assert split_authors("José Ortega y Gasset") == ("José Ortega y Gasset",)
    assert split_authors("Santiago Ramón y Cajal") == ("Santiago Ramón y Cajal",)
    assert split_authors("Karl Marx y Friedrich Engels") == ("Karl Marx", "Friedrich Engels")
    assert split_authors("Eça de Queiroz e Ramalho Ortigão") == ("Eça de Queiroz", "Ramalho Ortigão")


def test_one_table_of_language_names():
    from pamphlets.metadata import language_code, language_name

    assert language_code("German") == language_code("deutsch") == "de"
    assert language_code(" Greek,  Ancient ") == "grc" and language_code("Norwegian") == "no"
    assert language_code("Klingon") == ""
    assert language_name("de-AT") == "German" and language_name("xx") == "'xx'"


@pytest.mark.parametrize("title", ["0 0 | 0 | 0", "Title words | Section | example.org",
                                   "A long title here | Site", "Title | Section | Site",
                                   "Notes on a thing. | Blog"])
def test_cleaning_a_clean_title_changes_nothing(title):
    once = clean_title(title)
    assert clean_title(once) == once
