"""The Project Gutenberg header and footer, for the Gutenberg reader: the start and end
markers that cut off the header and the footer with its licence (``_markers``, each
with a notice counting its words), and the book's metadata read from the header
(``_header``): the ``Title:`` (without a title page's full stop, never a transcriber's
note), ``Author:`` (in reading order, ``_reading_order``), ``Translator:`` and
``Language:`` fields, the eBook number and the banner line (``_banner``), which fills
what the fields leave out.
"""

from __future__ import annotations

import re

from ...metadata import language_code
from ...model import EssayMeta, Notice, count_words
from .._book_words import EBOOK_NUMBER, PG_START, no_full_stop

_END = re.compile(r"^\s*(?:\*{3}\s*END\s+OF\s+(?:THE\s+|THIS\s+)?PROJECT\s+GUTENBERG"
                  r"|END\s+OF\s+(?:THE\s+)?PROJECT\s+GUTENBERG)", re.I)
_BANNER = re.compile(r"Project\s+Gutenberg(?:'s)?\s+e-?(?:book|text)\s*,?\s*(?:of\s+)?(.+)", re.I)
_TRANSCRIBER_NOTE = re.compile(
    r"(?i)^\W*(?:transcriber|anmerkung|note du transcripteur|notes? de transcription)")


def _reading_order(name: str) -> str:
    """A catalogue form in reading order: "Kropotkin, Peter" -> "Peter Kropotkin", without
    life dates ("Morris, William, 1834-1896")."""
    name = re.sub(r",?\s*\(?\d{3,4}\??\s*[-\u2013]\s*(?:\d{3,4})?\??\)?\s*$", "", name.strip())
    m = re.fullmatch(r"([^,]+),\s*([^,]+)", name)
    if m and not re.search(r"(?i)\b(?:jr|sr|ph\.?d|esq|m\.?d)\b", m.group(2)):
        return f"{m.group(2).strip()} {m.group(1).strip()}"
    return name.strip()


def _markers(lines: list[str], notices: list[Notice]) -> tuple[int, int]:
    start = -1
    for i, line in enumerate(lines[:3000]):
        if PG_START.match(line.lstrip()):
            start = i
            if not line.rstrip().endswith("*") and i + 1 < len(lines) \
                    and lines[i + 1].rstrip().endswith("***"):
                start = i + 1
            break
    if start >= 0:
        notices.append(Notice("dropped", "Project Gutenberg header", lines[0].strip()[:80], 1,
                              count_words("\n".join(lines[:start + 1]))))
    else:
        notices.append(Notice("warning", "no Project Gutenberg start marker; reading it all"))
    end = len(lines)
    for i in range(start + 1, len(lines)):
        if _END.match(lines[i]):
            end = i
            notices.append(Notice("dropped", "Project Gutenberg footer and licence",
                                  lines[i].strip()[:80], i + 1, count_words("\n".join(lines[i:]))))
            break
    return start, end


def _header(lines: list[str], path: str) -> EssayMeta:
    fields: dict[str, list[str]] = {}
    key = ""
    for line in lines:
        m = re.match(r"^([A-Z][A-Za-z ]{1,30}):\s*(.*)$", line)
        if m:
            key = m.group(1).strip().lower()
            fields.setdefault(key, []).append(m.group(2).strip())
        elif key and line[:1].isspace() and line.strip():
            fields[key].append(line.strip())
        else:
            key = ""
    head = " ".join(lines)
    title_lines = [t for t in fields.get("title", []) if not _TRANSCRIBER_NOTE.match(t)]
    title, subtitle = (title_lines[0], " ".join(title_lines[1:])) if title_lines else ("", "")
    title = no_full_stop(title)
    subtitle = no_full_stop(subtitle)
    authors = [_reading_order(a) for v in fields.get("author", [])
               for a in re.split(r";\s*|\s+and\s+|\s+und\s+|\s+et\s+", v) if a.strip()]
    translator = " ".join(fields.get("translator", []))
    banner = _banner(lines)
    title = title or (banner[0] if not _TRANSCRIBER_NOTE.match(banner[0]) else "")
    if not authors and banner[1]:
        authors = [banner[1]]
    translator = translator or banner[2]
    lang_name = " ".join(fields.get("language", [])).strip().lower()
    lang_name = re.split(r"[,;/]|\s+and\s+", lang_name)[0].strip()
    number = EBOOK_NUMBER.search(head)
    source = f"Project Gutenberg eBook #{number.group(1)}" if number else "Project Gutenberg"
    return EssayMeta(title=title, subtitle=subtitle, authors=tuple(authors), source=source,
                     lang=language_code(lang_name)
                     or (lang_name if re.fullmatch(r"[a-z]{2}", lang_name) else "en"),
                     translator=translator)


def _banner(lines: list[str]) -> tuple[str, str, str]:
    para: list[str] = []
    for line in lines:
        if line.strip():
            para.append(line.strip())
        elif para:
            break
    m = _BANNER.search(" ".join(para))
    if not m:
        return "", "", ""
    rest = re.sub(r"\s*[.*]+\s*$", "", m.group(1))
    title, _, rest = rest.partition(", by ")
    parts = re.split(r",?\s+(?:translated|edited)\s+by\s+", rest, maxsplit=1, flags=re.I)
    translator = parts[1] if len(parts) > 1 else ""
    return title.strip(), parts[0].strip(" ,"), translator.strip(" ,")
