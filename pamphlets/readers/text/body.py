"""The body of pasted text: units in order to blocks (paragraphs, headings, lists, block
quotes with their attributions, verse and section breaks), and the FAQ test that lets
stand-alone questions be headings.
"""

from __future__ import annotations

from ...model import DROPS, Block, BlockQuote, Heading, ListBlock, Notice, Para, Rule, Text, Verse, count_words
from . import rules
from .notes import NoteRefs
from .units import Unit


def faq_mode(title: str, units: list[Unit]) -> bool:
    """Whether stand-alone questions are headings: several of them, or a FAQ title."""
    live = [u for u in units if u.fate is None]
    questions = sum(1 for i, u in enumerate(live[:-1]) if u.single and rules.question_shape(u.text)
                    and rules.words(live[i + 1].text) > rules.words(u.text))
    faq_title = "faq" in title.lower() or "questions" in title.lower()
    return questions >= 3 or (faq_title and questions >= 1)


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
        words = 0 if self.keep_all or kind not in DROPS else count_words(text)
        self.notices.append(Notice(kind, reason, text, unit.line, words))
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
            self.notices.append(Notice("duplicate", "paragraph printed twice (pull quote); kept once",
                                       text, line, 0 if self.keep_all else count_words(text)))
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
