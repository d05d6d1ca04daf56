"""Words that printed books use for their apparatus, shared by the readers of books
(Project Gutenberg text and HTML): one list per kind of section, in English, German
and French, so that a word added for one format holds for the other."""

from __future__ import annotations

import re

#: a heading over a list of printing errors: the whole line is one of these words
ERRATA = re.compile(r"^\W*(?:errata|erratum|corrigenda|addenda\s+(?:and|et)\s+corrigenda|"
                    r"verbesserungen|berichtigungen?|druckfehler(?:verzeichnis)?|"
                    r"fehlerverzeichnis|corrections|fautes\s+à\s+corriger)\W*$", re.I)
