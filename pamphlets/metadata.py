"""Essay metadata as a careful editor would set it: pure functions, no I/O.

* ``clean_title``: a page title without the site's name and without a title page's full stop;
* ``reading_order``: a catalogue name ("Kropotkin, Peter", "Кропоткин П.А.") as it is read;
* ``split_authors``: one byline into the names it lists;
* ``iso_date``: any common way of writing a date as ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``
  (dateparser reads the words, in any of its languages);
* ``detect_language``: the declared language when the text bears it out, else the detected
  one (py3langid).

Each returns ``""`` (or its input) when unsure rather than guessing.
"""

from __future__ import annotations

import datetime
import functools
import re
import unicodedata
from urllib.parse import urlsplit

_WS = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _WS.sub(" ", text or "").strip()


# --------------------------------------------------------------------------- titles

#: separators between a page title and a site's name (spaced, so "Left-wing" is safe)
_SEPARATORS = r"(?:[|\u2013\u2014\u00b7\u2022\u00bb\u00ab/~:]|-{1,2}|::)"
_SEP_SPLIT = re.compile(r"\s+" + _SEPARATORS + r"\s+")
_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|info|io|co|de|fr|ru|uk|edu|gov)",
                     re.I)


def _key(text: str) -> str:
    """Letters and digits only, lower case, accents kept: for comparing names."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def site_from_url(url: str) -> str:
    """The main label of a URL's host: ``https://www.theguardian.com/x`` → ``theguardian``."""
    host = urlsplit(url).hostname or "" if "://" in (url or "") else ""
    labels = [p for p in host.split(".") if p and p not in ("www", "m", "amp", "blog", "blogs")]
    if len(labels) >= 3 and len(labels[-2]) <= 3 and len(labels[-1]) == 2:
        return labels[-3]           # example.co.uk
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def _is_site(part: str, site_names: list[str]) -> bool:
    """Whether ``part`` of a title names the site: the same letters as a known name, or a
    short part holding it ("The Guardian" against the host label ``theguardian``)."""
    key = _key(part)
    for name in site_names:
        other = _key(name)
        if not key or not other:
            continue
        if key == other:
            return True
        if len(part.split()) <= 4 and min(len(key), len(other)) >= 4 and (key in other or other in key):
            return True
    return False


def clean_title(title: str, site_name: str = "", *, url: str = "") -> str:
    """``title`` without the site's name (given, or the host of ``url``), spaces collapsed and
    no trailing full stop; ``""`` when all that is left is the site's name.

    The site's name goes wherever it stands: ``Title - Site``, ``Title | Site``, ``Site:
    Title``, ``Section | Site``. Without a known name, only a last ``| Site`` part of at most
    four words (when it is the only "|"), or a last part that is a domain name, is taken for
    a site. Cleaning a cleaned title changes nothing.
    """
    names = [n for n in (_clean(site_name), site_from_url(url)) if n]
    text = _clean(title)
    while text:  # until nothing more is taken: cleaning twice gives the same title
        cleaned = _without_site(text, names)
        if cleaned == text:
            return text
        text = cleaned
    return ""


def _without_site(text: str, names: list[str]) -> str:
    """One pass of ``clean_title``."""
    prefix = re.match(r"^([^:]{2,60}?):\s+(\S.*)$", text)
    if prefix and names and _is_site(prefix.group(1), names):
        text = prefix.group(2)            # "Site: Title"
    parts = _SEP_SPLIT.split(text)
    seps = [""] + _SEP_SPLIT.findall(text)
    if len(parts) > 1:
        keep = [not _is_site(p, names) for p in parts]
        if not any(keep):
            return ""
        if all(keep):
            last = parts[-1]
            # a guess only when one "|" stands in the title
            if ("|" in seps[-1] and sum("|" in sep for sep in seps) == 1
                    and len(last.split()) <= 4
                    and len(" ".join(parts[:-1]).split()) >= 2) or _DOMAIN.fullmatch(last):
                keep[-1] = False
        kept = [i for i, k in enumerate(keep) if k]
        text = parts[kept[0]] + "".join(seps[i] + parts[i] for i in kept[1:])
    elif names and _is_site(text, names) and len(text.split()) <= 5:
        return ""
    return _no_full_stop(text)


def _no_full_stop(text: str) -> str:
    """Drop one full stop a title page left, but not an ellipsis or an initial's ("J.")."""
    if text.endswith(".") and not text.endswith("..") and not re.search(
            r"(?:^|[\s.])\w\.$", text) and not re.search(
            r"\b(?:etc|Inc|Ltd|Co|Jr|Sr|St|vol|Vol|No|cf)\.$", text):
        return text[:-1].rstrip()
    return text


# --------------------------------------------------------------------------- names

_LIFE_DATES = re.compile(
    r"[,;]?\s*\(?\s*(?:(?:b\.|born|d\.|died|geb\.|gest\.|fl\.|ca\.|c\.)\s*)?"
    r"(?:\d{3,4}\??\s*[-\u2010-\u2015]\s*(?:\d{2,4}\??)?|[-\u2010-\u2015]\s*\d{3,4}|\d{4}\??)"
    r"\s*\)?\s*$")
_PARTICLES = {"de", "da", "del", "della", "di", "du", "des", "la", "le", "van", "der", "den",
              "von", "zu", "y", "e", "af", "ten", "ter", "dos", "das", "do", "bin", "ibn", "al"}
_SUFFIXES = re.compile(r"^(?:Jr\.?|Sr\.?|[IVX]{1,4}|Junior|Senior)$", re.I)
#: words that make a name a group's, never put in "Forename Surname" order
_GROUP_WORDS = re.compile(r"\b(?:collective|press|group|committee|library|institute|association|"
                          r"union|party|federation|society|council|network|editors|inc|ltd|"
                          r"kollektiv|verlag|gruppe|collectif|éditions|коллектив|группа)\b", re.I)
_INITIALS = re.compile(r"^(?:[^\W\d_]{1,2}\.\s*(?:-\s*)?){1,4}$")
_INITIAL = re.compile(r"([^\W\d_]{1,2})\.\s*")


def _title_case(word: str) -> str:
    """One word of an all-capitals name, as printed: ``KROPOTKIN`` → ``Kropotkin``."""
    if word.casefold() in _PARTICLES:
        return word.lower()
    out = "-".join(p[:1].upper() + p[1:].lower() for p in word.split("-"))
    return re.sub(r"^(Ma?c|O')(\w)", lambda m: m.group(1) + m.group(2).upper(), out) \
        if len(out) > 4 else out


def _spaced_initials(text: str) -> str:
    """``P.A.`` → ``P. A.``."""
    return _INITIAL.sub(lambda m: m.group(1) + ". ", text).strip()


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def reading_order(name: str) -> str:
    """A person's name as it is read: ``Kropotkin, Peter`` → ``Peter Kropotkin``,
    ``Кропоткин П.А.`` → ``П. А. Кропоткин``; life dates dropped; all-capitals names put in
    ordinary case; a name already in reading order is left as it is."""
    text = _clean(name).strip(" ,;")
    if not text:
        return ""
    for _ in range(2):
        text = _LIFE_DATES.sub("", text).strip(" ,;")
    letters = _letters(text)
    if letters and letters.isupper() and len(letters) > 3:
        text = " ".join(_title_case(w) if len(_letters(w)) > 1 else w for w in text.split())
    parts = [p.strip() for p in text.split(",")]
    if len(parts) >= 2 and all(parts):
        suffix = ""
        if len(parts) >= 3 and _SUFFIXES.match(parts[-1]):
            suffix = " " + parts.pop()
        elif len(parts) >= 3 and parts[-1][:1].islower():
            parts.pop()            # a title after the forenames: "kniaz", "graf"
        surname, forenames = parts[0], " ".join(parts[1:])
        if len(parts) == 2 and 1 <= len(surname.split()) <= 3 and 1 <= len(forenames.split()) <= 4 \
                and not any(ch.isdigit() for ch in text) and not surname.endswith(".") \
                and not _GROUP_WORDS.search(text):
            if _INITIALS.match(forenames):
                forenames = _spaced_initials(forenames)
            return f"{forenames} {surname}{suffix}"
        return text
    words = text.split()
    # "Кропоткин П.А." / "Kropotkin P. A.": a surname, then initials only
    if len(words) >= 2 and _INITIALS.match(" ".join(words[1:])) and not _INITIALS.match(words[0]) \
            and len(_letters(words[0])) > 2:
        return f"{_spaced_initials(' '.join(words[1:]))} {words[0]}"
    # "P.A. Kropotkin" → "P. A. Kropotkin"
    lead = re.match(r"^((?:[^\W\d_]{1,2}\.\s*)+)(\S.*)$", text)
    if lead and len(_letters(lead.group(2))) > 2:
        return f"{_spaced_initials(lead.group(1))} {lead.group(2)}"
    return text


_BY = re.compile(r"^(?:(?:written\s+)?by|By|BY|von|par|por|door|av|af|автор[:\s]|Автор[:\s])\s*:?\s+",
                 re.I if False else 0)
_AND = re.compile(r"\s+(?:and|und|et|и|och|og|és|ve)\s+|\s*&\s*"
                  r"|\s*;\s*|\s*\+\s+|\s+/\s+|\s*\n\s*")
#: "y" and "e" also join the two halves of one Spanish or Portuguese surname ("José Ortega
#: y Gasset", "Santiago Ramón y Cajal"): they split only full names on both sides
_WEAK_AND = re.compile(r"\s+(?:y|e)\s+")
_ET_AL = re.compile(r",?\s+(?:et\s+al\.?|and\s+others|u\.\s*a\.|и\s+др\.?)$", re.I)


def split_authors(text: str) -> tuple[str, ...]:
    """The names a byline lists: ``A, B and C``, ``A & B``, ``A; B``, ``A und B``, ``А и Б``.

    A catalogue pair such as ``Kropotkin, Peter`` or ``Goldman, E.`` is one name, not two.
    """
    text = _clean(text)
    text = _BY.sub("", text)
    text = _ET_AL.sub("", text).strip(" ,;")
    if not text:
        return ()
    names: list[str] = []
    chunks: list[str] = []
    for chunk in _AND.split(text):
        halves = _WEAK_AND.split(chunk)
        if len(halves) > 1 and all(len(h.strip(" ,").split()) >= 2 for h in halves):
            chunks.extend(halves)
        else:
            chunks.append(chunk)
    for chunk in chunks:
        chunk = chunk.strip(" ,")
        if not chunk:
            continue
        pieces = [p.strip() for p in chunk.split(",") if p.strip()]
        # "Kropotkin, Peter" and "Kropotkin, Peter, 1842-1921" and "King, Martin Luther, Jr."
        # are one name; "Peter Kropotkin, Emma Goldman" is two
        if len(pieces) > 1 and all(len(p.split()) >= 2 and not _INITIALS.match(p)
                                   and not _LIFE_DATES.fullmatch(" " + p)
                                   and not _SUFFIXES.match(p) for p in pieces):
            names.extend(pieces)
        elif len(pieces) > 2 and len(pieces) % 2 == 0 and all(
                len(p.split()) == 1 for p in pieces[::2]) and not any(
                _LIFE_DATES.fullmatch(" " + p) or _SUFFIXES.match(p) for p in pieces):
            # "Kropotkin, Peter, Goldman, Emma": surname-forename pairs
            names.extend(f"{pieces[i]}, {pieces[i + 1]}" for i in range(0, len(pieces), 2))
        else:
            names.append(chunk)
    out: list[str] = []
    for name in names:
        name = re.sub(r"^(?:and|und|et|и)\s+", "", name).strip(" ,")
        if name and name not in out:
            out.append(name)
    return tuple(out)


# --------------------------------------------------------------------------- dates

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ]\d{2}:\d{2}.*)?$")
_ROMAN = re.compile(r"^M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\.?$")
_ROMAN_VALUES = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
_YEAR = re.compile(r"(?<!\d)(1[0-9]\d\d|20\d\d)(?!\d)")
_NUMERIC = re.compile(r"^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$")
#: the languages tried when none is given, so a date in words is found quickly
_COMMON = ("en", "fr", "de", "es", "it", "pt", "nl", "ru", "pl", "sv", "da", "nb", "fi", "cs",
           "uk", "el", "tr", "ca", "hu", "ro")
_MAX_YEAR = 2100


def roman_value(text: str) -> int:
    """The value of a roman numeral in capitals, a full stop after it allowed:
    ``MDCCCXCII`` -> 1892, ``XIV.`` -> 14."""
    total = 0
    values = [_ROMAN_VALUES[ch] for ch in text.rstrip(".")]
    for i, value in enumerate(values):
        total += -value if i + 1 < len(values) and values[i + 1] > value else value
    return total


@functools.lru_cache(maxsize=32)
def _parser(languages: tuple[str, ...], order: str):
    from dateparser.date import DateDataParser
    settings = {"PARSERS": ["custom-formats", "absolute-time"], "PREFER_DAY_OF_MONTH": "first"}
    if order:
        settings["DATE_ORDER"] = order
    return DateDataParser(languages=list(languages), settings=settings)


def _languages(lang: str) -> tuple[str, ...]:
    from dateparser.languages.loader import default_loader
    known = set(default_loader.get_locale_map().keys()) if hasattr(default_loader, "get_locale_map") \
        else set(_COMMON)
    primary = (lang or "").split("-")[0].split("_")[0].lower()
    first = (primary,) if primary and primary in known and primary not in _COMMON else ()
    rest = tuple(c for c in _COMMON if c != primary)
    return first + ((primary,) if primary in _COMMON else ()) + rest


def _format(year: int, month: int = 0, day: int = 0) -> str:
    if not 1000 <= year <= _MAX_YEAR:
        return ""
    if month and day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    return f"{year:04d}-{month:02d}" if month else f"{year:04d}"


def _parse(text: str, languages: tuple[str, ...], order: str = "") -> str:
    try:
        data = _parser(languages, order).get_date_data(text)
    except Exception:  # dateparser raises assorted errors on odd input
        return ""
    when = data.date_obj if data else None
    if when is None:
        return ""
    if data.period == "year":
        return _format(when.year)
    if data.period == "month":
        return _format(when.year, when.month)
    return _format(when.year, when.month, when.day)


def not_a_real_date(text: str) -> bool:
    """Whether ``text`` is written as an ISO date that no calendar has: ``2024-13-45``,
    ``2024-02-30``, ``0000-01-01``. Any other text is not judged here (``False``)."""
    iso = _ISO.match(_clean(text))
    if not iso:
        return False
    year, month, day = (int(g) if g is not None else 1 for g in iso.groups())
    try:
        datetime.date(year, month, day)
    except ValueError:
        return True
    return False


def iso_date(text: str, lang: str = "") -> str:
    """A date in any common form as ``YYYY-MM-DD``, or ``YYYY-MM`` / ``YYYY`` when that is all
    the text says (a day is never guessed); ``""`` when there is no sure date.

    Reads ISO stamps, JavaScript's ``Tue Nov 19 2019 05:44:06 GMT+0000``, dates in words in
    many languages (``19 novembre 2019``, ``3. März 2018``, ``12 марта 1917 г.``), day-first
    numeric dates with dots (``13.01.2020``), a bare year and a year in Roman numerals. A date
    without a year (``Nov 19``) and a relative one (``yesterday``) are not dates here.
    """
    text = _clean(text)
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text)      # "(Coordinated Universal Time)"
    if not text or len(text) > 200:
        return ""
    iso = _ISO.match(text)
    if iso:
        if not_a_real_date(text):  # 2024-13-45, 2024-02-30, 2024-00
            return ""
        year, month, day = (int(g) if g else 0 for g in iso.groups())
        return _format(year, month, day)
    if _ROMAN.match(text.upper()) and len(text) >= 3:
        value = roman_value(text.upper())
        return _format(value) if value >= 1400 else ""
    years = _YEAR.findall(text)
    if not years:
        return ""
    numeric = _NUMERIC.match(text)
    if numeric:
        first, sep, second, year = numeric.groups()
        if sep == "." or int(first) > 12:
            order = "DMY"
        elif int(second) > 12:
            order = "MDY"
        elif (lang or "en").lower() in ("en-us", "en"):
            order = "MDY"
        else:
            order = "DMY"
        return _parse(text, ("en",), order)
    languages = _languages(lang)
    found = _parse(text, languages)
    if found:
        return found
    # a date inside other words: "Published on 3 March 2018", "Zuletzt geändert am 3. März 2018"
    try:
        from dateparser.search import search_dates
        hits = search_dates(text, languages=list(languages),
                            settings={"PARSERS": ["custom-formats", "absolute-time"]}) or []
    except Exception:
        hits = []
    for phrase, _when in hits:
        if not _YEAR.search(phrase):
            continue
        words = phrase.split()
        for start in range(min(3, len(words))):
            found = _parse(" ".join(words[start:]), languages)
            if found:
                return found
    return _format(int(years[0])) if len(set(years)) == 1 else ""


# --------------------------------------------------------------------------- language

#: languages py3langid tells apart badly; a declaration inside the same group is kept
_CLOSE = ({"no", "nb", "nn", "da"}, {"hr", "sr", "bs", "sh"}, {"ms", "id"}, {"es", "gl", "ca"},
          {"cs", "sk"}, {"be", "uk", "ru"}, {"pt", "gl"}, {"fa", "ps"}, {"af", "nl"},
          {"lb", "de"}, {"oc", "ca", "fr"}, {"mt", "it"}, {"eo", "es", "it"}, {"la", "it"})
_MIN_LETTERS = 120
_SURE = 0.95
_SCRIPTS = {"CYRILLIC": {"ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "mn", "tg", "tt"},
            "GREEK": {"el", "grc"}, "ARABIC": {"ar", "fa", "ur", "ps", "ug", "ku"},
            "HEBREW": {"he", "yi"}, "CJK": {"zh", "ja", "ko"}, "HIRAGANA": {"ja"},
            "KATAKANA": {"ja"}, "HANGUL": {"ko"}, "DEVANAGARI": {"hi", "mr", "ne", "sa"},
            "THAI": {"th"}, "GEORGIAN": {"ka"}, "ARMENIAN": {"hy"}}


@functools.lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def _sample(text: str, size: int = 6000) -> str:
    """Up to ``size`` characters from the beginning, middle and end of ``text``."""
    if len(text) <= size:
        return text
    third = size // 3
    mid = len(text) // 2
    return " ".join((text[:third], text[mid - third // 2: mid + third // 2], text[-third:]))


def _main_script(text: str) -> str:
    counts: dict[str, int] = {}
    for ch in text[:20000]:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            script = next((s for s in _SCRIPTS if name.startswith(s)), "LATIN" if "LATIN" in name
                          else "OTHER")
            counts[script] = counts.get(script, 0) + 1
    total = sum(counts.values())
    if not total:
        return ""
    script, count = max(counts.items(), key=lambda kv: kv[1])
    return script if count / total >= 0.6 else ""


def _script_of(lang: str) -> str:
    for script, langs in _SCRIPTS.items():
        if lang in langs:
            return "CJK" if script in ("HIRAGANA", "KATAKANA", "HANGUL") else script
    return "LATIN"


def _norm_tag(tag: str) -> str:
    """``en_US`` / ``EN-us`` → ``en-US``; ``""`` for what is not a language tag."""
    tag = _clean(tag).replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*", tag):
        return ""
    parts = tag.split("-")
    return "-".join([parts[0].lower()] + [p.upper() if len(p) == 2 else p for p in parts[1:]])


def detect_language(text: str, declared: str = "") -> str:
    """The essay's language tag: ``declared`` when the text bears it out (or is too short to
    tell), else the language py3langid finds in the text; ``""`` when neither is known."""
    tag = _norm_tag(declared)
    primary = tag.split("-")[0]
    sample = _sample(_clean(text))
    letters = sum(ch.isalpha() for ch in sample)
    if letters < _MIN_LETTERS:
        return tag
    script = _main_script(sample)
    found, confidence = _identifier().classify(sample)
    if primary and primary == found:
        return tag
    script_clash = bool(primary) and script not in ("", "OTHER") and \
        _script_of(primary) != (script if script not in ("HIRAGANA", "KATAKANA", "HANGUL")
                                else "CJK")
    if primary and not script_clash:
        if any(primary in group and found in group for group in _CLOSE):
            return tag
        if confidence < _SURE or letters < 2 * _MIN_LETTERS:
            return tag
    if _script_of(found) != "LATIN" and script and _script_of(found) != script and script not in (
            "HIRAGANA", "KATAKANA", "HANGUL"):
        return tag                    # the detector contradicts the letters themselves
    if not primary and confidence < 0.5:
        return ""
    return found


# --------------------------------------------------------------------------- language names

#: ISO 639 code -> English name: the one table behind every language written as a name
#: (Project Gutenberg's ``Language:``, TEI's ``<language>``, the notices of the metadata
#: transform)
LANGUAGE_NAMES: dict[str, str] = {
    "af": "Afrikaans", "ang": "Old English", "ar": "Arabic", "bg": "Bulgarian",
    "ca": "Catalan", "cs": "Czech", "cy": "Welsh", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "enm": "Middle English", "eo": "Esperanto",
    "es": "Spanish", "et": "Estonian", "eu": "Basque", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "fy": "Frisian", "ga": "Irish", "gl": "Galician",
    "grc": "Greek, Ancient", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian",
    "hu": "Hungarian", "id": "Indonesian", "is": "Icelandic", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "la": "Latin", "lt": "Lithuanian", "lv": "Latvian",
    "nb": "Norwegian Bokmål", "nl": "Dutch", "no": "Norwegian", "oc": "Occitan", "pl": "Polish",
    "pt": "Portuguese", "ro": "Romanian", "ru": "Russian", "sa": "Sanskrit",
    "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "sw": "Swahili", "tl": "Tagalog",
    "tr": "Turkish", "uk": "Ukrainian", "yi": "Yiddish", "zh": "Chinese",
}
#: names as catalogues print them in the language itself
_NATIVE_NAMES = {"deutsch": "de", "français": "fr", "francais": "fr", "español": "es",
                 "italiano": "it", "русский": "ru", "nederlands": "nl", "português": "pt"}
_CODE_OF_NAME = {name.lower(): code for code, name in LANGUAGE_NAMES.items()}


def language_code(name: str) -> str:
    """The code of a language written as a name (``German``, ``deutsch``, ``Greek, Ancient``);
    ``""`` when the name is not known."""
    low = " ".join(name.split()).lower()
    return _CODE_OF_NAME.get(low) or _NATIVE_NAMES.get(low, "")


def language_name(tag: str) -> str:
    """The English name of a language tag (``de-AT`` → ``German``), else the tag quoted."""
    return LANGUAGE_NAMES.get(tag.split("-")[0], f"'{tag}'")
