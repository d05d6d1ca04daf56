"""Words that printed books use for their apparatus, shared by the readers of books
(Project Gutenberg text and HTML): one list per kind of section, in English, German
and French, so that a word added for one format holds for the other. Also what both
read in a Project Gutenberg header: the marker that ends it, its eBook number, and a title
without its full stop."""

from __future__ import annotations

import re

#: a heading over a list of printing errors: the whole line is one of these words
ERRATA = re.compile(r"^\W*(?:errata|erratum|corrigenda|addenda\s+(?:and|et)\s+corrigenda|"
                    r"verbesserungen|berichtigungen?|druckfehler(?:verzeichnis)?|"
                    r"fehlerverzeichnis|corrections|fautes\s+à\s+corriger)\W*$", re.I)

#: the marker at the end of a Project Gutenberg header, where the book begins: "*** START
#: OF THE PROJECT GUTENBERG EBOOK ...", or in old files "*END*THE SMALL PRINT"
PG_START = re.compile(r"\*{3}\s*START\s+OF\s+(?:THE\s+|THIS\s+)?PROJECT\s+GUTENBERG"
                      r"|\*END\*?\s*THE\s+SMALL\s+PRINT", re.I)

#: the eBook number in a Project Gutenberg header: "[eBook #1234]", "[Etext #12]"
EBOOK_NUMBER = re.compile(r"\[e-?(?:book|text)\s*#\s*(\d+)\]", re.I)


def no_full_stop(text: str) -> str:
    """A title page's full stop is not part of the title (an abbreviation's is: "Vol.")."""
    text = text.strip()
    if text.endswith(".") and not text.endswith("..") and \
            not re.search(r"(?:\b\w{1,3}|\b[A-Z])\.$", text):
        return text[:-1].rstrip()
    return text
