"""Where words may break in print: the hyphenation language, names and addresses.

WeasyPrint hyphenates with pyphen's dictionary for each element's ``lang`` and breaks lines
first fit, so the build decides here, once, what it may hyphenate:

* ``hyphenation(lang)``: the dictionary a language is hyphenated with, or None when pyphen
  has none (then the text is set ragged-right: justified text with no hyphens shows holes).
  pyphen's plain ``en`` is the British patterns, which break "milit-ary" and "reas-onable";
  English is hyphenated with the American patterns (TeX's), which break where readers
  expect. Scripts that are not hyphenated at all (Chinese, Japanese, Arabic...) keep
  their own setting and raise no notice.
* ``guard(text)``: the escaped text of a run, with each name (a capitalised word, not a
  sentence's first) in ``<span class="nohy">`` and each web or mail address in
  ``<span class="url">`` (no hyphens, breaks only after its ``/``, ``.`` and the like),
  so that no name is hyphenated and no address gets a hyphen that is not in it.

The space before an element: WeasyPrint (70) measures a text box with its trailing space; when the box
fits a line only without that space and an inline element follows, it hyphenates the
box's first word and sets that fragment alone on a line ("princi-"). So the print's
markup never ends a text box with a space before an element: the space goes inside the
element (the spans made here, and ``markup.inlines`` for emphasis, links and code).
"""

from __future__ import annotations

import re

import pyphen
from markupsafe import Markup, escape

from ..model import Notice
from ..transforms.details import ADDRESS

#: languages hyphenated with another dictionary than pyphen's default for them
DICTIONARY = {"en": "en-US"}
#: languages that are not hyphenated at all (set as their style says, no notice)
NOT_HYPHENATED = frozenset({"zh", "ja", "ko", "ar", "fa", "ur", "he", "yi", "th", "ps", "ckb",
                            "sd", "ug", "dv", "ku", "vi", "km", "my", "lo", "bo"})
#: languages that capitalise every noun: a capital there marks no name, and guarding
#: every noun would leave the long compounds these languages need to break unhyphenated
NOUNS_CAPITALISED = frozenset({"de", "lb", "gsw", "nds", "bar"})
#: the shortest word a name guard matters for: shorter words are never hyphenated
#: (``hyphenate-limit-chars`` in ``base.css``)
MIN_WORD = 6

_URL = ADDRESS
_WORD = re.compile(r"[^\W\d_]{%d,}" % MIN_WORD)
#: a sentence ends before this point: a stop, maybe closing quotes, then space
#: (a no-break space is no sentence's end: "Prof.\u00a0Kropotkin", "J.\u00a0Bakunin"), and
#: the next may open with quotes, a bracket or a dialogue dash
_SENTENCE_END = re.compile(r"[.!?…:][\"'”’»)\]]*[ \t\r\n]+[\"'“‘«„‚(\[¿¡—–]*$")
#: the last word of a paragraph (the last one long enough to be hyphenated)
_CLOSING = re.compile(r"\s*(?<!\S)[^\W\d_]{%d,}[^\w\s]*\s*$" % MIN_WORD)
#: a text ends with a sentence's end
_SENTENCE_CLOSED = re.compile(r"[.!?…:][\"'”’»)\]]*\s*$")
#: an address may break after these (before the next character)
_URL_BREAK = re.compile(r"(?<=[/.\-_?&=#])(?=[^/.\-_?&=#])")


def _base(lang: str) -> str:
    return (lang or "").split("-")[0].split("_")[0].lower()


def hyphenation(lang: str) -> str | None:
    """The language tag WeasyPrint hyphenates ``lang`` with; None if pyphen has no
    dictionary for it (and it is a language that is hyphenated)."""
    base = _base(lang)
    if base in DICTIONARY:
        return DICTIONARY[base]
    if base in NOT_HYPHENATED or not base:
        return lang
    return lang if pyphen.language_fallback(lang.replace("-", "_")) else None


def language_css(langs) -> str:
    """CSS for the languages of a book: the dictionary each one hyphenates with, and
    ragged-right text for those with none."""
    rules = []
    for lang in sorted({_base(lang) for lang in langs if lang}):
        chosen = hyphenation(lang)
        if chosen is None:
            rules.append(f":lang({lang}) {{ hyphens: manual; }}\n"
                         f":lang({lang}) p, :lang({lang}) li {{ text-align: start; }}")
        elif lang in DICTIONARY:
            rules.append(f':lang({lang}) {{ -weasy-lang: "{chosen}"; }}')
    return "\n".join(rules) + "\n" if rules else ""


def ragged_notices(langs_and_titles) -> list[Notice]:
    """One notice per language set ragged-right, naming the essays in it."""
    by_lang: dict[str, list[str]] = {}
    for lang, title in langs_and_titles:
        if lang and hyphenation(lang) is None:
            by_lang.setdefault(_base(lang), []).append(title)
    return [Notice("typesetting", f"no hyphenation dictionary for language '{lang}': "
                   "set ragged-right", "; ".join(titles))
            for lang, titles in by_lang.items()]


def in_capitals(text: str) -> bool:
    """Text written in capitals (two letters at least, no lower-case letter): a heading
    like "PRECURSORS AND EARLY HISTORY". The book face's italic has no kerning between
    capitals (its "RY" gapes: "HISTOR Y"), so the print sets such text roman, tracked."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _sentence_start(before: str) -> bool:
    return not before.strip() or bool(_SENTENCE_END.search(before))


def ends_sentence(text: str) -> bool:
    """The text ends a sentence (a stop, closing quotes, a space): a capital after it is a
    sentence's first word."""
    return bool(_SENTENCE_CLOSED.search(text))


def _names(text: str, at_start: bool) -> Markup:
    """Each name in ``text`` wrapped in a ``nohy`` span, the space before it inside the
    span (see the module's docstring)."""
    out, last = [], 0
    for m in _WORD.finditer(text):
        word = m.group()
        if not word[0].isupper():
            continue
        before = text[:m.start()]
        if (at_start and not before.strip()) or (before.strip() and _sentence_start(before)):
            continue
        start = len(before.rstrip()) if before.strip() else m.start()
        start = max(start, last)
        out.append(escape(text[last:start]))
        out.append(Markup('<span class="nohy">') + escape(text[start:m.end()])
                   + Markup("</span>"))
        last = m.end()
    out.append(escape(text[last:]))
    return Markup("").join(out)


def _address(url: str, space: str) -> Markup:
    pieces = _URL_BREAK.split(url)
    return (Markup('<span class="url">') + space
            + Markup("<wbr/>").join(escape(p) for p in pieces) + Markup("</span>"))


def guards_names(lang: str) -> bool:
    """Whether a capital marks a name in ``lang`` (not in German, where every noun has one)."""
    return _base(lang) not in NOUNS_CAPITALISED


def guard(text: str, at_start: bool = False, closing: bool = False,
          lang: str = "") -> Markup:
    """``text`` escaped, its names and addresses kept from hyphenation. ``at_start``: the
    text opens a paragraph or follows a sentence's end, so a capital at its head is a
    sentence's first word. ``closing``: the text ends a paragraph, whose last word is not
    hyphenated either (a broken word's tail alone on the last line is a fragment).
    ``lang``: the text's language; names are guarded only where capitals mark them."""
    if closing:
        tail = _CLOSING.search(text)
        if tail and not _URL.search(tail.group()):
            return (guard(text[:tail.start()], at_start, lang=lang)
                    + Markup('<span class="nohy">') + escape(tail.group()) + Markup("</span>"))
    # in text written in capitals a capital marks no name
    guarded = guards_names(lang) and not in_capitals(text)
    names = _names if guarded else (lambda piece, _start: escape(piece))
    out, last = [], 0
    for m in _URL.finditer(text):
        before = text[last:m.start()]
        kept = before.rstrip()
        out.append(names(kept, at_start if not last else False))
        out.append(_address(m.group(), before[len(kept):]))
        last = m.end()
    out.append(names(text[last:], at_start if not last else False))
    return Markup("").join(out)
