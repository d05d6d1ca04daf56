"""Front matter and the other matter the Gutenberg reader drops, as rules over the walk's
state. Before the text (``front_matter``, unless ``keep_all``): producer credits,
``Note:`` paragraphs, a note on the transcription (found by what it says,
``_TN_CONTENT``), the title page (``title_page``: the title or a few short lines above
it, then short lines up to where a heading has prose under it) and its furniture, with
the year and the author's name it prints (``title_page_facts``, used by ``final_meta``).
Anywhere: the printed contents list (``contents``), end lines, transcriber's notes,
errata lists and publishers' advertisements.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from ...metadata import roman_value
from ...model import EssayMeta
from .._book_words import ERRATA
from .chunks import _Chunk, _is_caps, _norm
from .headings import _chapter_match, _unmarked, heading_like
from .state import State, drop

_CONTENTS = re.compile(r"^(?:(?:TABLE\s+OF\s+)?CONTENTS(?:\s+OF\s+[\w .]{1,30})?|"
                       r"INHALT(?:SVERZEICHNIS|S?-?\s*VERZEICHNIS|S?\s*ÜBERSICHT)?|"
                       r"TABLE(?:\s+(?:DES\s+MATI[EÈ]RES|ANALYTIQUE))?|SOMMAIRE|INDICE|"
                       r"(?:LIST[E]?\s+(?:OF\s+|DES?\s+)?)?(?:ILLUSTRATIONS|ABBILDUNGEN)|"
                       r"VERZEICHNIS\s+DER\s+ABBILDUNGEN)\W*$", re.I)
_ADS = re.compile(r"^(?:ADVERTISEMENTS?|PUBLISHERS?'?\s+ANNOUNCEMENTS?|BOOKS\s+BY\b|CATALOGUE\b|"
                  r"VERLAGSANZEIGEN?|ANZEIGEN\b|IM\s+GLEICHEN\s+VERLAG|"
                  r"DU\s+M[EÊ]ME\s+AUTEUR\b)", re.I)
_TRANSCRIBER = re.compile(r"^\W*(?:TRANSCRIBER'?S?'?\s+NOTES?\b|"
                          r"ANMERKUNGE?N?\s+(?:ZUR|DER)\s+TRANSKRIPTION|"
                          r"HINWEISE?\s+ZUR\s+TRANSKRIPTION|NOTES?\s+DU\s+TRANSCRIPTEUR|"
                          r"NOTES?\s+DE\s+TRANSCRIPTION|ANMERKUNG\s+DES\s+TRANSKRIBENTEN)", re.I)
#: what a note on the transcription talks about, in English, German and French
_TN_CONTENT = re.compile(
    r"(?i)(?:\b(?:obvious|typographical|printer'?s?|printing)\s+(?:\w+\s+)?errors?\b.*\bcorrected|"
    r"\berrors?\b.*\b(?:have\s+been|were)\s+(?:silently\s+)?corrected|original\s+spelling|"
    r"(?:Druckfehler|Schreibfehler|Fehler)\b.*\b(?:korrigiert|berichtigt|verbessert)|"
    r"Rechtschreibung\s+(?:und\s+\w+\s+)?(?:des\s+Originals|der\s+Vorlage)|"
    r"orthographe\b.*\b(?:conform|respect|original)|erreurs?\b.*\bcorrig|[ée]dition\s+papier)")
#: the end marks of a book or of its notes
_END_LINE = re.compile(r"^\W*(?:THE\s+END|FINIS|ENDE|FIN(?:\s+DES\s+NOTES)?|"
                       r"END\s+OF\s+(?:THE\s+)?NOTES)\W*$", re.I)
#: title-page furniture: imprint, a year in roman numerals, "BY", "TRANSLATED BY" …
_FURNITURE = re.compile(
    r"^\W*(?:PRINTED\s+(?:IN|BY|FOR)\b|COPYRIGHT\b|ALL\s+RIGHTS\s+RESERVED|PUBLISHED\s+BY\b|"
    r"M\s*[DCLXVI](?:\s*[MDCLXVI]){2,}\W*$|(?:BY|VON|PAR|DE)\W*$|"
    r"(?:TRANSLATED|EDITED|ILLUSTRATED|WITH\s+AN?\s+INTRODUCTION)\b.*\bBY\b|"
    r"(?:TRADUIT|TRADUCTION|ÜBERSETZT|ÜBERTRAGEN|HERAUSGEGEBEN|VERLAG|DRUCK\s+VON|GEDRUCKT)\b|"
    r"(?:LONDON|NEW\s+YORK|BOSTON|CHICAGO|PHILADELPHIA|PARIS|LEIPZIG|BERLIN|MÜNCHEN|WIEN|"
    r"STUTTGART|ZÜRICH|BRUXELLES|GENÈVE)\W*(?:\d{4}\W*)?$)", re.I)
_PRODUCER = re.compile(r"\b(?:prepared|produced|transcribed|proofread)\s+(?:by|from)\b|"
                       r"Distributed\s+Proofread", re.I)


#: a numbered entry: "IV. THE LAND QUESTION", "I  Marseille.--L'arrivée.", "216. To Steiner"
_NUMBERED = re.compile(r"^(?:[IVXLC]+|\d+)(?:\.|\s{2,}|\s+[-\u2013\u2014]|\s+(?=[A-Z]))\s*\S")
_PAGE_NO = re.compile(r"(?:\s|\.{2,}|…)(?:\d{1,4}|[ivxlc]{1,6})\.?$")


def _contents_like(chunk: _Chunk) -> bool:
    """Entries of a table of contents: most lines end in the old page numbers (or dotted
    leaders), the rest are numbered or capitalised entries; or only column heads
    (``CHAP.  PAGE``)."""
    paged = other = heads = odd = 0
    for line in chunk.lines:
        s = line.strip()
        if re.fullmatch(r"(?i)(?:chap(?:ter)?\.?|page|seite|pages?|kapitel|s\.|no\.)"
                        r"(?:\s+(?:chap(?:ter)?\.?|page|seite|pages?|s\.))?", s):
            heads += 1
        elif _PAGE_NO.search(s) and not s.endswith((",", ";")):
            paged += 1
        elif _NUMBERED.match(s) or _chapter_match(s) or _is_caps(s) \
                or line[:1].isspace() and len(s) < 70:
            other += 1
        else:
            odd += 1  # a stray line (an author's name among the entries) is let pass
            if odd > max(1, len(chunk.lines) // 10) or len(chunk.lines) < 5:
                return False
    if heads and not paged and not other:
        return True
    return paged > 0 and paged >= other / 2 or (
        len(chunk.lines) >= 3 and other >= 3
        and sum(1 for s in chunk.lines if _is_caps(s.strip()) or _NUMBERED.match(s.strip()))
        >= len(chunk.lines) - odd)


def _bare_title(s: str) -> str:
    """A title for comparing: words only, "&" as "and", no leading article."""
    words = _norm(s.replace("&", " and "))
    return re.sub(r"^(?:the|a|an|le|la|les|l|der|die|das|ein|eine)\s+", "", words)


def _prose(c: _Chunk) -> bool:
    """Running sentences rather than the lines of a title page."""
    words = re.findall(r"[^\W\d_]+", " ".join(s.strip() for s in c.lines))
    long = [w for w in words if len(w) >= 4]  # title case capitalises these, prose does not
    lower = sum(1 for w in long if w[:1].islower())
    return len(words) >= 15 and lower >= 0.6 * len(long)


def _year(text: str) -> str:
    """A year printed on a title page: 1892, or in roman numerals (MDCCCXCII, M DCCC XXVIII)."""
    # a span (1790-1826) is the book's subject, not its edition's year
    text = re.sub(r"\b1[4-9]\d\d\s*[-\u2013]\s*\d{2,4}\b", " ", text)
    m = re.search(r"(?<![\d-])(1[4-9]\d\d)(?![\d-])", text)
    if m:
        return m.group(1)
    m = re.search(r"(?<![A-Za-z])(M(?:\s?[MDCLXVI]){2,})\W*$", text.strip())
    if m:
        total = roman_value(m.group(1).replace(" ", ""))
        if 1400 <= total <= 2100:
            return str(total)
    return ""


def _title_case(name: str, known: tuple[str, ...]) -> str:
    """An author's name from a title page in capitals, cased as the header cases it."""
    words = {w.lower(): w for a in known for w in a.split()}
    return " ".join(words.get(w.lower(), w if not w.isupper() else w.capitalize())
                    for w in name.split())


def front_matter(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: before the text, and unless ``keep_all``, the ``FRONT_RULES`` in turn."""
    if not st.front or st.keep_all:
        return i
    for rule in FRONT_RULES:
        j = rule(st, chunks, i)
        if j > i:
            return j
    return i


def producer_credit(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: a short "Produced by ..." paragraph."""
    c = chunks[i]
    if _PRODUCER.search(" ".join(c.lines)) and len(c.lines) <= 4:
        drop(st, c, "producer credit")
        return i + 1
    return i


def note_paragraph(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: a paragraph starting ``Note:``, the transcriber's."""
    c = chunks[i]
    if c.first.lower().startswith("note:"):
        drop(st, c, "transcriber's note")
        return i + 1
    return i


def transcription_note(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: a note on the transcription, found by what it says, maybe under a heading of
    its own ("Au lecteur", "To the reader")."""
    c = chunks[i]
    for k in (i, i + 1):
        if k >= len(chunks) or len(chunks[k].lines) > 8:
            continue
        under = k == i or chunks[k].gap_before <= 1 and len(c.lines) == 1
        if under and _TN_CONTENT.search(" ".join(s.strip() for s in chunks[k].lines)):
            for c2 in chunks[i:k + 1]:
                drop(st, c2, "transcriber's note")
            return k + 1
    return i


def title_page(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: the title page, once: from the title or a few short lines above it, on over
    short lines, remembering what it prints (``title_page_facts``)."""
    if st.title_page_seen or _title_page_start(st.meta.title, chunks, i) is None:
        return i
    st.title_page_seen = True
    drop(st, chunks[i], "title page")
    title_page_facts(st, chunks[i])
    j = i + 1
    while j < len(chunks) and _title_pageish(chunks, j):
        drop(st, chunks[j], "title page")
        title_page_facts(st, chunks[j])
        j += 1
    return j


def furniture(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: before the text, title-page furniture (imprint, ``BY``, a year)."""
    c = chunks[i]
    if st.front and _furniture(c):
        drop(st, c, "title-page furniture")
        title_page_facts(st, c)
        return i + 1
    return i


#: the rules for what comes before the text, tried in this order
FRONT_RULES = (producer_credit, note_paragraph, transcription_note, title_page, furniture)


def _is_title(title: str, c: _Chunk) -> bool:
    title = _bare_title(title)
    here = _bare_title(" ".join(c.lines))
    return bool(title and here and len(c.lines) <= 6 and (
        here.startswith(title) or len(here) >= 4 and title.startswith(here)
        or len(title) >= 12 and title in here and len(here) < 2 * len(title)))


def _title_page_start(title: str, chunks: list[_Chunk], i: int) -> int | None:
    """Where the title page starts, when chunk ``i`` is on it: the title itself, or a
    few short lines above it (a series, the author's name, a lone ``THE``)."""
    for k in range(i, min(i + 4, len(chunks))):
        c = chunks[k]
        if _is_title(title, c):
            return i
        if len(c.lines) > 2 or any(len(s.strip()) > 70 for s in c.lines) or \
                _CONTENTS.match(c.first) or _TRANSCRIBER.match(c.first):
            return None
    return None


def contents(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: a printed contents list (its heading, then entries with the old page numbers)
    or a run of such entries on their own: dropped, since the book makes its own."""
    c = chunks[i]
    headed = _CONTENTS.match(c.first) and len(c.lines) <= 2
    if not headed and not (len(c.lines) >= 3 and _contents_like(c)
                           and sum(1 for s in c.lines if _PAGE_NO.search(s.strip())) >= 3):
        return i
    reason = "list of illustrations" if re.search(r"(?i)illustra|abbildung", c.first) \
        else "table of contents"
    drop(st, c, reason)
    j = i + 1
    plates = headed and reason == "list of illustrations"  # the plates are not in a text file
    while j < len(chunks) and chunks[j].gap_before < 5:
        nxt = chunks[j + 1] if j + 1 < len(chunks) else None
        if len(chunks[j].lines) == 1 and nxt is not None and _prose(nxt):
            break  # a heading with its text under it: the book has begun
        # under its heading, an entry of any shape
        entry = headed and chunks[j].gap_before < 4 and not _prose(chunks[j]) \
            and all(len(s.strip()) <= 80 for s in chunks[j].lines)
        if _contents_like(chunks[j]) or entry or plates and not heading_like(st, chunks, j):
            drop(st, chunks[j], reason)
            j += 1
            continue
        # the heads of the book's parts, between runs of entries
        k = j
        while k < len(chunks) and k < j + 4 and len(chunks[k].lines) <= 4 \
                and not _prose(chunks[k]) and not _contents_like(chunks[k]) \
                and chunks[k].gap_before < 5:
            k += 1
        if j < k < len(chunks) and chunks[k].gap_before < 5 and len(chunks[k].lines) >= 3 \
                and _contents_like(chunks[k]):
            for c2 in chunks[j:k]:
                drop(st, c2, reason)
            j = k
            continue
        break
    return j


def _furniture(c: _Chunk) -> bool:
    return len(c.lines) <= 3 and all(_FURNITURE.match(s.strip()) for s in c.lines)


def title_page_facts(st: State, c: _Chunk) -> None:
    """Remembers what a chunk of the title page prints: the edition's year and names."""
    text = " ".join(s.strip() for s in c.lines)
    if not st.year and not re.search(r"(?i)\b(?:produced|transcri|e-?text|release)", text):
        # a year in an imprint or on a line of its own, not one in a sentence
        short = c.lines if len(text.split()) <= 12 else \
            [s for s in c.lines if len(s.split()) <= 6]
        st.year = _year(" ".join(s.strip() for s in short))
    for line in c.lines:
        name = re.sub(r"(?i)^\s*(?:by|von|par|de)\s+", "", line.strip()).rstrip(".,; ")
        words = name.split()
        if 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words) \
                and not re.search(r"\d", name):
            st.title_page_names.append(name)


def _title_pageish(chunks: list[_Chunk], j: int) -> bool:
    """Another chunk of the title page: short lines, and not a section starting (a
    heading with prose after it), a chapter, or a contents list."""
    c = chunks[j]
    if len(c.lines) > 6 or any(len(s.strip()) > 70 for s in c.lines) or _prose(c) \
            or len(c.lines) >= 2 and _contents_like(c) \
            and sum(1 for s in c.lines if _PAGE_NO.search(s.strip())) >= 2:
        return False
    if _CONTENTS.match(c.first) or _chapter_match(c.first) or _TRANSCRIBER.match(c.first):
        return False
    if _furniture(c):
        return True
    nxt = chunks[j + 1] if j + 1 < len(chunks) else None
    if len(c.lines) == 1 and nxt is not None and (
            (_prose(nxt) or len(nxt.lines) >= 3 and max(len(s.strip()) for s in nxt.lines) > 60)
            and not _contents_like(nxt)):
        return False  # a heading with prose under it: the text has begun
    if re.match(r"^(?:[IVXLC]+|\d+)\.?$", _unmarked(c.first)):
        return False
    return True


def final_meta(st: State) -> EssayMeta:
    """The header's metadata with what the title page adds: the year of the edition
    and the author's name as the title page spells it."""
    meta = st.meta
    if st.year and not meta.date:
        meta = replace(meta, date=st.year)
    one = meta.authors[0].split() if len(meta.authors) == 1 else []
    last = one[-1].lower() if one else ""
    for name in st.title_page_names if last else ():
        printed = _title_case(name, meta.authors)
        if printed != meta.authors[0] and _similar(printed.split()[-1].lower(), last):
            meta = replace(meta, authors=(printed,))  # the book's own spelling
            break
    return meta


def end_line(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: ``THE END``, ``FIN``, ``ENDE`` on a line of its own."""
    c = chunks[i]
    if len(c.lines) == 1 and _END_LINE.match(c.first):
        drop(st, c, "end-of-book line")
        return i + 1
    return i


def transcriber_note(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: a transcriber's note, and under a heading of its own, its section."""
    c = chunks[i]
    if not _TRANSCRIBER.match(c.first):
        return i
    drop(st, c, "transcriber's note")
    j = i + 1
    if c.first.startswith("[") or not (len(c.lines) == 1 and (
            c.first.endswith(":") or _is_caps(c.first))):
        return j
    while j < len(chunks) and chunks[j].gap_before < 3 and not heading_like(st, chunks, j):
        drop(st, chunks[j], "transcriber's note")
        j += 1
    return j


def errata(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: an errata list, which runs to the next heading."""
    c = chunks[i]
    if len(c.lines) != 1 or not ERRATA.match(c.first):
        return i
    drop(st, c, "errata list")
    j = i + 1
    while j < len(chunks) and chunks[j].gap_before < 4 and not heading_like(st, chunks, j):
        drop(st, chunks[j], "errata list")
        j += 1
    return j


def advertisements(st: State, chunks: list[_Chunk], i: int) -> int:
    """Rule: publishers' advertisements, under a heading or a late ``Books by ...:`` line,
    and everything after them."""
    c = chunks[i]
    if not _ADS.match(c.first):
        return i
    if heading_like(st, chunks, i) or len(c.lines) == 1 and c.first.endswith(":") \
            and i >= len(chunks) * 0.7:
        for c2 in chunks[i:]:
            drop(st, c2, "publisher's advertisements")
        return len(chunks)
    return i


def _similar(a: str, b: str) -> bool:
    return difflib.SequenceMatcher(None, a, b).ratio() >= 0.7
