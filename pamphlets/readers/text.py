"""Reader for essays copied out of web pages as plain text.

Such text has one paragraph per line and blank lines between paragraphs; everything the
page showed with markup (headings, quotations, captions, footnotes) survives only as the
shape of a line. The reader recovers the structure in passes over *units* (runs of
non-blank lines, each remembering how many blank lines came before it):

1. **Title**: the first line.
2. **Notes**: a numbered list whose items end in a back-arrow (``1. text ↩︎``), or the
   numbered list under a ``Notes``/``Footnotes`` line, or numbers alone on a line each
   over its note's text at the very end, becomes the essay's notes.
3. **Tail**: walking back from the end, site furniture is cut off: related-post cards
   (a title printed twice, an excerpt ending in ``...``), author boxes (a name line with a
   ``(he/him) is a ...`` line under it, ``X is an editor of Y.``), donate/share/join
   buttons, publication notes and picture credits. A name from an author box becomes
   the author when no byline gave one.
4. **Front matter**: a byline or date line within the first few units (``by | Jun 21,
   2023``, ``By Ann Smith``, ``Sep 9, 2019``; also a group of such lines, with a name,
   a reading time, like counters and Follow/Share buttons among them) fills author and
   date; a paragraph between
   the title and that line is the standfirst (subtitle), or the author when it is only a
   name; a short sentence right after it
   and before a section break is the caption of the page's top picture.
5. **Body**: numbered/bulleted lines become lists (indented paragraphs after an item
   belong to it); short lines without final punctuation become headings, and so do
   short stand-alone questions when the essay has several of them (a FAQ); a short line
   right after a quotation that opens a section is the quotation's attribution; the
   paragraph(s) after a line ending in ``wrote in ...:``-like words (or any colon, when
   the next paragraph opens with a quotation mark) become a block quote; two or more
   blank lines (or a drawn ``* * *`` line) make a section break; ``1. Title`` alone on
   a flush-left line with prose after it is a numbered heading; three or more short
   lines with no blank line between them are verse (stanzas kept). Image captions (a line group ending in a credit
   such as ``/ Image: ...``) and boilerplate lines are dropped; a paragraph printed
   twice (a pull quote) is kept once.
6. **Note references**: a number glued to a word or punctuation (``again.1 Now``,
   ``sects5.``), in brackets (``[2]``) or in superscript digits is a reference only if
   a note with that number exists and the numbers run in order; unmatched references and unreferenced notes are reported.

Every line that does not reach the body is reported in a ``Notice``; with
``keep_all=True`` dropped lines stay in the body as paragraphs and the notices say what
would have been dropped. Typography (curly quotes) is left to a later transform.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import ReadError
from ..model import (
    Block,
    BlockQuote,
    Essay,
    EssayMeta,
    Heading,
    Inline,
    ListBlock,
    Note,
    NoteRef,
    Notice,
    Para,
    ReadResult,
    Rule,
    Text,
    Verse,
)
from . import _paste_rules as rules

# --------------------------------------------------------------------------- units


@dataclass
class Unit:
    """Lines with no blank line between them."""

    lines: list[str]
    line: int  # 1-based number of the first line
    gap: int  # blank lines before it
    #: why the unit is not body text: (notice kind, reason); "meta"/"notes" are consumed
    fate: tuple[str, str] | None = None

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines)

    @property
    def single(self) -> bool:
        return len(self.lines) == 1


def split_units(lines: list[str]) -> list[Unit]:
    units: list[Unit] = []
    gap = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            gap += 1
            continue
        if gap == 0 and units and not _starts_list(units[-1], line):
            units[-1].lines.append(line)
        else:
            units.append(Unit([line], number, gap))
        gap = 0
    return units


def _starts_list(unit: Unit, line: str) -> bool:
    """A list item straight under a paragraph line starts a unit of its own."""
    return rules.list_item(line) is not None and rules.list_item(unit.lines[0]) is None \
        and rules.indent_of(unit.lines[-1]) == 0


# --------------------------------------------------------------------------- entry point


def read(text: str, *, path: str = "", keep_all: bool = False) -> ReadResult:
    """Read a pasted web essay; see the module docstring for the rules."""
    lines = [rules.normalise_line(line) for line in text.splitlines()]
    units = split_units(lines)
    if not units:
        raise ReadError("holds no text", path=path or None, hint="paste the essay into it")
    title = units[0].text
    body = units[1:]
    notices: list[Notice] = []

    notes = take_notes(body, notices)
    box_authors = mark_tail(body)
    front = read_front_matter(body)
    mark_body_furniture(body)
    refs = NoteRefs([n.id for n in notes])
    blocks = BodyBuilder(body, refs, notices, keep_all, faq_mode(title, body)).build()
    refs.report(notices)

    authors = front.authors or tuple(box_authors)
    meta = EssayMeta(title=title, subtitle=front.subtitle, authors=authors, date=front.date)
    notices.extend(front.notices)
    notices.sort(key=lambda n: n.line or 0)
    essay = Essay(meta=meta, blocks=tuple(blocks), notes=tuple(notes), origin=path)
    return ReadResult(essay, tuple(notices))


# --------------------------------------------------------------------------- notes


def take_notes(units: list[Unit], notices: list[Notice]) -> list[Note]:
    """Find the note list, mark its units consumed and return the notes."""
    run = _arrow_note_run(units) or _headed_note_run(units, notices)
    if not run:
        taken, bare = _bare_number_notes(units)
        if bare:
            notices.append(Notice("info", "numbers alone on a line, each over its text, "
                                  "read as the notes", taken[0].text, taken[0].line))
            for unit in taken:
                unit.fate = ("notes", "")
            return [Note(number, (Para((Text(text),)),)) for number, text in bare]
    notes: list[Note] = []
    paras: list[list[str]] = []
    for unit in run:
        unit.fate = ("notes", "")
        for line in unit.lines:
            parsed = rules.note_line(line)
            if parsed:
                notes.append(Note(parsed[0], ()))
                paras.append([parsed[1]])
            elif paras:
                paras[-1].append(rules.BACK_ARROW.sub("", line).strip())
    return [Note(n.id, tuple(Para((Text(p),)) for p in texts if p)) for n, texts in zip(notes, paras)]


def _bare_number_notes(units: list[Unit]) -> tuple[list[Unit], list[tuple[str, str]]]:
    """Notes printed as ``1`` alone on a line with the note's text under it (as some
    newsletter sites print them), numbered 1, 2, 3 … to the end of the essay.
    Returns the units they take and ``(number, text)`` pairs."""
    def bare(unit: Unit, n: int) -> bool:
        return unit.lines[0].strip() == str(n)

    for start in range(len(units) - 1, -1, -1):
        if not bare(units[start], 1):
            continue
        taken: list[Unit] = []
        notes: list[tuple[str, str]] = []
        i = start
        while i < len(units) and bare(units[i], len(notes) + 1):
            unit, number = units[i], str(len(notes) + 1)
            if len(unit.lines) > 1:
                notes.append((number, " ".join(x.strip() for x in unit.lines[1:])))
                taken.append(unit)
                i += 1
            elif i + 1 < len(units) and not units[i + 1].lines[0].strip().isdigit():
                notes.append((number, units[i + 1].text))
                taken += [unit, units[i + 1]]
                i += 2
            else:
                break
        if notes and all(rules.boilerplate_reason(u.text) for u in units[i:]):
            return taken, notes
    return [], []


def _is_note_unit(unit: Unit) -> bool:
    return rules.note_line(unit.lines[0]) is not None


def _arrow_note_run(units: list[Unit]) -> list[Unit]:
    """The last run of numbered units whose items end in a back-arrow."""
    last = max((i for i, u in enumerate(units)
                if _is_note_unit(u) and any(rules.has_back_arrow(x) for x in u.lines)), default=None)
    if last is None:
        return []
    first = last
    while first > 0 and (_is_note_unit(units[first - 1]) or rules.indent_of(units[first - 1].lines[0]) >= 2):
        first -= 1
    while first < last and not _is_note_unit(units[first]):
        first += 1
    end = last + 1
    while end < len(units) and rules.indent_of(units[end].lines[0]) >= 2 and not _is_note_unit(units[end]):
        end += 1
    return units[first:end]


def _headed_note_run(units: list[Unit], notices: list[Notice]) -> list[Unit]:
    """The numbered units after the last ``Notes`` line."""
    for i in range(len(units) - 1, -1, -1):
        unit = units[i]
        if unit.single and rules.NOTES_HEADING.match(unit.text) and i + 1 < len(units) \
                and _is_note_unit(units[i + 1]):
            end = i + 1
            while end < len(units) and (_is_note_unit(units[end]) or rules.indent_of(units[end].lines[0]) >= 2):
                end += 1
            unit.fate = ("notes", "")
            notices.append(Notice("info", "notes heading: its list became the essay's notes",
                                  unit.text, unit.line))
            return units[i + 1:end]
    return []


# --------------------------------------------------------------------------- tail


def mark_tail(units: list[Unit]) -> list[str]:
    """Mark the site furniture after the essay; return author names from an author box."""
    live = [u for u in units if u.fate is None]
    authors: list[str] = []
    for pos in range(len(live) - 1, -1, -1):
        unit = live[pos]
        fate = _tail_fate(live, pos)
        if fate is None:
            break
        unit.fate = fate
        name = unit.lines[0].strip()
        if fate[1] == "author box" and rules.looks_like_name(name) and (len(unit.lines) > 1 or unit.single):
            authors = rules.split_names(name) or authors
    return authors


def _tail_fate(live: list[Unit], pos: int) -> tuple[str, str] | None:
    unit = live[pos]
    text = unit.text
    reason = _unit_boilerplate(unit)
    if reason:
        return ("dropped", reason)
    if rules.is_bio(unit.lines[-1].strip()) and (unit.single or rules.looks_like_name(unit.lines[0].strip())):
        return ("dropped", "author box")
    below = live[pos + 1] if pos + 1 < len(live) else None
    if unit.single and rules.looks_like_name(text) and below is not None and below.fate == ("dropped", "author box"):
        return ("dropped", "author box")
    if rules.is_publication_note(text):
        return ("dropped", "publication note")
    if rules.is_credit(text) and rules.caption_shape(text):
        return ("caption", "image caption or credit")
    if _is_card_title(live, pos):
        return ("dropped", "related posts")
    if rules.is_truncated_teaser(text) and pos > 0 and _is_card_title(live, pos - 1):
        return ("dropped", "related posts")
    return None


def _is_card_title(live: list[Unit], pos: int) -> bool:
    """A related post's title: printed twice in a row, or standing over an excerpt."""
    unit = live[pos]
    if not unit.single or rules.words(unit.text) > 20:
        return False
    for other in (pos - 1, pos + 1):
        if 0 <= other < len(live) and live[other].text == unit.text:
            return True
    return pos + 1 < len(live) and rules.is_truncated_teaser(live[pos + 1].text) \
        and (rules.heading_shape(unit.text) or rules.question_shape(unit.text))


# --------------------------------------------------------------------------- front matter


@dataclass
class FrontMatter:
    subtitle: str = ""
    authors: tuple[str, ...] = ()
    date: str = ""
    notices: list[Notice] = field(default_factory=list)


def read_front_matter(units: list[Unit]) -> FrontMatter:
    """Byline, date, standfirst and top caption among the first units after the title."""
    front = FrontMatter()
    live = [u for u in units if u.fate is None][:5]
    at = next((i for i, u in enumerate(live[:4]) if _byline_unit(u)), None)
    after = 0
    if at is not None:
        for unit in live[:at]:
            _before_byline(unit, front)
        after = at
        while after < len(live) and (found := _byline_unit(live[after])):
            front.authors = front.authors or found.authors
            front.date = front.date or found.date
            live[after].fate = ("meta", "")
            front.notices.append(Notice("info", "byline read as author/date", live[after].text, live[after].line))
            after += 1
    if after < len(live) and after + 1 < len(live) and _top_caption(live[after], live[after + 1]):
        live[after].fate = ("caption", "caption of the picture at the top")
    return front


def _byline_unit(unit: Unit) -> rules.Byline | None:
    """A unit of byline lines: "By Ann Smith" over "March 3, 2021", or a name over a date
    with the page's like and share counters under them; ``None`` when any line is prose."""
    lines = [line.strip() for line in unit.lines if line.strip()]
    if not lines or len(lines) > 6:
        return None
    found = []
    names: list[str] = []
    for line in lines:
        byline = rules.parse_byline(line)
        if byline:
            found.append(byline)
        elif rules.looks_like_name(line):
            names.extend(rules.split_names(line))
        elif not rules.is_page_furniture(line):
            return None
    if not found:
        return None
    authors = next((f.authors for f in found if f.authors), ()) or tuple(names)
    date = next((f.date for f in found if f.date), "")
    return rules.Byline(authors, date)


def _before_byline(unit: Unit, front: FrontMatter) -> None:
    """Between title and byline: an author's name, a standfirst, or a section label."""
    text = unit.text
    if rules.is_credit(text):
        return
    if unit.single and rules.looks_like_name(text):
        front.authors = tuple(rules.split_names(text))
        unit.fate = ("meta", "")
        front.notices.append(Notice("info", "author line read as the author", text, unit.line))
    elif rules.words(text) >= 4 and not front.subtitle:
        front.subtitle = text
        unit.fate = ("meta", "")
        front.notices.append(Notice("info", "standfirst read as the subtitle", text, unit.line))
    elif rules.words(text) < 4:
        unit.fate = ("dropped", "section label above the byline")


def _top_caption(unit: Unit, following: Unit) -> bool:
    text = unit.text
    if rules.is_credit(text) and rules.caption_shape(text):
        return True
    return (unit.single and following.gap >= 2 and rules.caption_shape(text)
            and text.endswith(".") and rules.words(text) <= 20)


# --------------------------------------------------------------------------- furniture


def mark_body_furniture(units: list[Unit]) -> None:
    """Mark boilerplate lines and picture captions inside the essay."""
    for unit in units:
        if unit.fate is not None:
            continue
        reason = _unit_boilerplate(unit)
        if reason:
            unit.fate = ("dropped", reason)
        elif _caption_group(unit):
            unit.fate = ("caption", "image caption or credit")


def _unit_boilerplate(unit: Unit) -> str:
    """Why a unit is site furniture: its one line is, every one of its lines is, or it is a
    "Related articles" header with the related titles under it; else ``""``."""
    lines = [line.strip() for line in unit.lines if line.strip()]
    if len(lines) <= 1:
        return rules.boilerplate_reason(unit.text)
    reasons = [rules.boilerplate_reason(line) for line in lines]
    if all(reasons):
        return reasons[0]
    if reasons[0] == "related posts" and all(rules.words(line) <= 16 for line in lines[1:]):
        return "related posts"
    if reasons[0] == "author box" and all(rules.words(line) <= 60 for line in lines[1:]):
        return "author box"  # "Written by Ann Smith" over her short bio
    return ""


def _caption_group(unit: Unit) -> bool:
    if rules.list_item(unit.lines[0]):
        return False
    if len(unit.lines) > 1:
        return rules.is_credit(unit.lines[-1]) or (rules.is_credit(unit.lines[0]) and rules.caption_shape(unit.lines[0].strip()))
    text = unit.text
    return rules.is_credit(text) and rules.caption_shape(text)


def faq_mode(title: str, units: list[Unit]) -> bool:
    """Whether stand-alone questions are headings: several of them, or a FAQ title."""
    live = [u for u in units if u.fate is None]
    questions = sum(1 for i, u in enumerate(live[:-1]) if u.single and rules.question_shape(u.text)
                    and rules.words(live[i + 1].text) > rules.words(u.text))
    faq_title = "faq" in title.lower() or "questions" in title.lower()
    return questions >= 3 or (faq_title and questions >= 1)


# --------------------------------------------------------------------------- note references


class NoteRefs:
    """Turns glued numbers into ``NoteRef``s, in order, only where the note exists."""

    def __init__(self, ids: list[str]) -> None:
        self.ids = {int(i): i for i in ids}
        self.expected = min(self.ids, default=1)
        self.found: set[int] = set()
        self.orphans: list[tuple[str, int]] = []  # (context, line)

    def inlines(self, text: str, line: int) -> tuple[Inline, ...]:
        out: list[Inline] = []
        pos = 0
        for match in rules.NOTE_MARK.finditer(text):
            number, glued = rules.note_mark_number(match)
            if glued and not rules.glued_number_ok(text, match.start()):
                continue
            if number in self.ids and self.expected <= number <= self.expected + 2:
                if match.start() > pos:
                    out.append(Text(text[pos:match.start()]))
                out.append(NoteRef(self.ids[number]))
                pos = match.end()
                self.found.add(number)
                self.expected = number + 1
            elif number == self.expected and number not in self.ids:
                self.orphans.append((text[max(0, match.start() - 30):match.end()], line))
                self.expected += 1
        if pos < len(text):
            out.append(Text(text[pos:]))
        return tuple(out)

    def report(self, notices: list[Notice]) -> None:
        # Without any notes, a lone glued number is too likely a plain number to mention.
        if self.ids or len(self.orphans) >= 2:
            for context, line in self.orphans:
                notices.append(Notice("warning", "footnote number without a matching note; kept as text",
                                      context, line))
        for number, note_id in self.ids.items():
            if number not in self.found:
                notices.append(Notice("warning", f"note {note_id} has no reference in the text; kept",
                                      note_id))


# --------------------------------------------------------------------------- body


class BodyBuilder:
    """Walks the units in order and emits blocks."""

    def __init__(self, units: list[Unit], refs: NoteRefs, notices: list[Notice],
                 keep_all: bool, faq: bool) -> None:
        self.units = [u for u in units if u.fate is None or u.fate[0] in ("dropped", "caption")]
        self.refs = refs
        self.notices = notices
        self.keep_all = keep_all
        self.faq = faq
        self.blocks: list[Block] = []
        self.last_text = ""  # raw text of the last paragraph emitted
        self.rule_pending = False
        self.seen: set[str] = set()

    # ---- driver

    def build(self) -> list[Block]:
        i = 0
        while i < len(self.units):
            unit = self.units[i]
            if unit.gap >= 2 and self.blocks:
                self.rule_pending = True
            if unit.fate is not None:
                self.drop(unit)
                i += 1
                continue
            i = self.step(i)
        return self.blocks

    def step(self, i: int) -> int:
        unit = self.units[i]
        text = unit.text
        if unit.single and rules.is_break_line(text):
            self.rule_pending = bool(self.blocks)
            self.last_text = ""
            return i + 1
        if rules.list_item(unit.lines[0]) and not self.numbered_heading(i):
            return self.take_list(i)
        if unit.single and self.attach_attribution(text):
            return i + 1
        if self.quotation_follows():
            return self.take_quotation(i)
        if unit.single and (self.is_heading(i) or self.numbered_heading(i)):
            self.rule_pending = False
            self.blocks.append(Heading(1, self.refs.inlines(text, unit.line)))
            self.last_text = ""
            return i + 1
        self.body_text(unit)
        return i + 1

    def emit(self, block: Block) -> None:
        if self.rule_pending and self.blocks and not isinstance(self.blocks[-1], Rule):
            self.blocks.append(Rule())
        self.rule_pending = False
        self.blocks.append(block)

    # ---- dropped units

    def drop(self, unit: Unit) -> None:
        kind, reason = unit.fate
        text = "\n".join(line.strip() for line in unit.lines)
        self.notices.append(Notice(kind, reason, text, unit.line))
        if self.keep_all:
            for line in unit.lines:
                self.emit(Para(self.refs.inlines(line.strip(), unit.line)))
            self.last_text = ""

    def body_text(self, unit: Unit) -> None:
        """A unit of ordinary text: verse, or paragraphs (one may be an attribution)."""
        if self.is_verse(unit):
            self.take_verse(unit)
            return
        for n, para in enumerate(self.paragraphs(unit)):
            # a quotation with its source on the next line ("— a member, 2019")
            if n and self.attach_attribution(para):
                continue
            self.add_para(para, unit.line)

    # ---- verse

    def is_verse(self, unit: Unit) -> bool:
        """Three or more short lines with no blank line between them, not a list: a poem
        (or a song, an address) whose line breaks matter."""
        lines = [line.strip() for line in unit.lines]
        if len(lines) < 3 or any(not x or rules.list_item(x) for x in lines):
            return False
        if any(len(x) > 60 for x in lines) or sum(len(x) for x in lines) / len(lines) > 45:
            return False
        ends = sum(1 for x in lines if x.endswith((".", "?", "!")))
        return ends < len(lines)  # a run of short full sentences is not a poem

    def take_verse(self, unit: Unit) -> None:
        lines = tuple(self.refs.inlines(line.strip(), unit.line) for line in unit.lines)
        last = self.blocks[-1] if self.blocks else None
        if isinstance(last, Verse) and unit.gap == 1 and not self.rule_pending:
            self.blocks[-1] = Verse(last.lines + ((),) + lines)  # the next stanza
        else:
            self.emit(Verse(lines))
        self.last_text = ""

    # ---- paragraphs

    def paragraphs(self, unit: Unit) -> list[str]:
        """One paragraph per line, unless the unit is hard-wrapped prose."""
        lines = [line.strip() for line in unit.lines]
        attributed = any(x.startswith(("—", "–", "―")) for x in lines[1:])
        if len(lines) > 1 and not attributed and all(40 <= len(x) <= 100 for x in lines[:-1]):
            return [" ".join(lines)]
        return lines

    def add_para(self, text: str, line: int) -> None:
        key = " ".join(text.split())
        if rules.words(key) >= 6 and key in self.seen:
            self.notices.append(Notice("duplicate", "paragraph printed twice (pull quote); kept once", text, line))
            if not self.keep_all:
                return
        self.seen.add(key)
        self.emit(Para(self.refs.inlines(text, line)))
        self.last_text = text

    # ---- headings

    def numbered_heading(self, i: int) -> bool:
        """``1. Introduction`` alone on its line, flush left, with prose after it."""
        unit = self.units[i]
        item = rules.list_item(unit.lines[0])
        if item is None or not unit.single or item.number is None or item.indent or not rules.heading_shape(item.text):
            return False
        nxt = next((u for u in self.units[i + 1:] if u.fate is None), None)
        return nxt is not None and rules.list_item(nxt.lines[0]) is None and rules.indent_of(nxt.lines[0]) == 0

    def is_heading(self, i: int) -> bool:
        text = self.units[i].text
        if rules.indent_of(self.units[i].lines[0]) >= 2:
            return False
        nxt = next((u for u in self.units[i + 1:] if u.fate is None), None)
        if nxt is None:
            return False
        if rules.heading_shape(text):
            return True
        return self.faq and rules.question_shape(text) and rules.words(nxt.text) > rules.words(text)

    # ---- epigraphs and quotations

    def attach_attribution(self, text: str) -> bool:
        """A short line under a quotation that opens a section names its source."""
        if not self.blocks or not rules.attribution_shape(text):
            return False
        last = self.blocks[-1]
        dash = text.startswith(("—", "–", "―", "-"))
        if isinstance(last, BlockQuote) and not last.attribution and dash:
            self.blocks[-1] = BlockQuote(last.blocks, (Text(text.lstrip("—–―- ")),))
            return True
        if not isinstance(last, Para) or not rules.ends_with_closing_quote(self.last_text):
            return False
        if rules.words(self.last_text) > 100:
            return False
        before = self.blocks[-2] if len(self.blocks) > 1 else None
        opens_section = before is None or isinstance(before, (Heading, Rule))
        if not (dash or opens_section or rules.starts_with_opening_quote(self.last_text)):
            return False
        source = text.lstrip("—–―- ") if dash else text
        self.blocks[-1] = BlockQuote((last,), (Text(source),))
        self.last_text = ""
        return True

    def quotation_follows(self) -> bool:
        return bool(self.last_text) and self.last_text.endswith(":") and isinstance(self.blocks[-1], Para)

    def take_quotation(self, i: int) -> int:
        first = self.units[i].text
        opens = rules.starts_with_opening_quote(first) or first.startswith(("…", "..."))
        if not (opens or rules.introduces_quotation(self.last_text)):
            return self._plain(i)
        if self.units[i].gap >= 2 or (rules.heading_shape(first) and not opens):
            return self._plain(i)
        end = i + 1
        if _unclosed(first):
            j = i + 1
            while j < len(self.units) and j - i <= 8:
                u = self.units[j]
                if u.fate is not None or u.gap >= 2 or rules.list_item(u.lines[0]):
                    break
                if _closes(u.text):
                    end = j + 1
                    break
                j += 1
        paras: list[Block] = []
        for unit in self.units[i:end]:
            for text in self.paragraphs(unit):
                paras.append(Para(self.refs.inlines(text, unit.line)))
        self.emit(BlockQuote(tuple(paras)))
        self.last_text = self.units[end - 1].text
        return end

    def _plain(self, i: int) -> int:
        unit = self.units[i]
        if unit.single and self.is_heading(i):
            self.blocks.append(Heading(1, self.refs.inlines(unit.text, unit.line)))
            self.rule_pending = False
            self.last_text = ""
            return i + 1
        self.body_text(unit)
        return i + 1

    # ---- lists

    def take_list(self, i: int) -> int:
        first = rules.list_item(self.units[i].lines[0])
        ordered = first.number is not None
        base = first.indent
        items: list[list[tuple[str, int]]] = []
        last_number = (first.number or 1) - 1
        j = i
        while j < len(self.units):
            unit = self.units[j]
            if unit.fate is not None:
                break
            head = rules.list_item(unit.lines[0])
            if head and (head.number is not None) == ordered and (not ordered or head.number == last_number + 1):
                for line in unit.lines:
                    item = rules.list_item(line)
                    if item and (item.number is not None) == ordered and (not ordered or item.number == last_number + 1):
                        items.append([(item.text, unit.line)])
                        last_number = item.number or last_number
                    else:
                        items[-1].append((line.strip(), unit.line))
            elif items and not head and rules.indent_of(unit.lines[0]) > base:
                items[-1].append((unit.text, unit.line))
            else:
                break
            j += 1
        blocks = tuple(tuple(Para(self.refs.inlines(t, n)) for t, n in item) for item in items)
        self.emit(ListBlock(ordered, blocks, first.number or 1))
        self.last_text = ""
        return j


def _unclosed(text: str) -> bool:
    if text.startswith("“"):
        return text.count("“") > text.count("”")
    if text.startswith('"'):
        return text.count('"') % 2 == 1
    return False


def _closes(text: str) -> bool:
    return rules.ends_with_closing_quote(text) or text.rstrip(" .").endswith(("”", '"'))
