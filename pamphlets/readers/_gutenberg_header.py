"""The Project Gutenberg header and footer, for the Gutenberg reader: the start and end
markers that cut off the header and the footer with its licence (``_markers``), and the
book's metadata read from the header (``_header``): the ``Title:``, ``Author:``,
``Translator:`` and ``Language:`` fields, the eBook number and the banner line
(``_banner``), which fills what the fields leave out.
"""

from __future__ import annotations

import re

from ..model import EssayMeta, Notice, count_words

_START = re.compile(r"^\s*(?:\*{3}\s*START\s+OF\s+(?:THE\s+|THIS\s+)?PROJECT\s+GUTENBERG"
                    r"|\*END\*?\s*THE\s+SMALL\s+PRINT)", re.I)
_END = re.compile(r"^\s*(?:\*{3}\s*END\s+OF\s+(?:THE\s+|THIS\s+)?PROJECT\s+GUTENBERG"
                  r"|END\s+OF\s+(?:THE\s+)?PROJECT\s+GUTENBERG)", re.I)
_BANNER = re.compile(r"Project\s+Gutenberg(?:'s)?\s+e-?(?:book|text)\s*,?\s*(?:of\s+)?(.+)", re.I)
_EBOOK_NO = re.compile(r"\[e-?(?:book|text)\s*#\s*(\d+)\]", re.I)
_LANGS = {"english": "en", "french": "fr", "german": "de", "spanish": "es", "italian": "it",
          "portuguese": "pt", "russian": "ru", "dutch": "nl", "latin": "la", "swedish": "sv",
          "danish": "da", "finnish": "fi", "polish": "pl", "greek": "el", "esperanto": "eo",
          "catalan": "ca", "hungarian": "hu", "czech": "cs", "norwegian": "no", "chinese": "zh"}


def _markers(lines: list[str], notices: list[Notice]) -> tuple[int, int]:
    start = -1
    for i, line in enumerate(lines[:3000]):
        if _START.match(line):
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
    title_lines = fields.get("title", [])
    title, subtitle = (title_lines[0], " ".join(title_lines[1:])) if title_lines else ("", "")
    authors = [a for v in fields.get("author", []) for a in re.split(r";\s*|\s+and\s+", v) if a]
    translator = " ".join(fields.get("translator", []))
    banner = _banner(lines)
    title = title or banner[0]
    if not authors and banner[1]:
        authors = [banner[1]]
    translator = translator or banner[2]
    lang_name = " ".join(fields.get("language", [])).strip().lower()
    number = _EBOOK_NO.search(head)
    source = f"Project Gutenberg eBook #{number.group(1)}" if number else "Project Gutenberg"
    if not title:
        title = re.sub(r"\.[^./\\]*$", "", re.split(r"[/\\]", path)[-1]) or "Untitled"
    return EssayMeta(title=title, subtitle=subtitle, authors=tuple(authors), source=source,
                     lang=_LANGS.get(lang_name.split(",")[0].strip(), "en"),
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
