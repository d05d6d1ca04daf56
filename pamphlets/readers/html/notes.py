"""Footnotes in HTML: pairing reference marks with note bodies.

The rule is structural; class names are only supporting evidence.

* **Linked notes.** A mark is a link from the text to an element of the page: by
  ``href="#id"`` (or ``href="#name"`` for old files with ``<a name>`` targets), by a full
  address of this very page followed by ``#id`` (WordPress plugins write those), or by
  ``aria-describedby`` (notes shown as pop-ups). The note is the block holding the target:
  a list item, a ``dd`` with its ``dt``, a table row, a ``div``/``p``/``aside``... A link is
  a mark when its text looks like a label (``[3]``, ``3``, ``*``) and some evidence says
  the target is a note: the note links back to the mark (the strongest), the mark sits in a
  ``sup`` or carries a footnote class or role, the note starts with the same label, the
  note sits in a notes container, or several such links point into the same parent.
  Marks are paired by their target, never by their label, so numbering that restarts in
  every chapter does no harm; several marks may share a note (MediaWiki named references).
* **Unlinked superscripts.** ``text<sup>1</sup>`` followed later by a block that starts with
  ``<sup>1</sup>``: each such note takes the nearest unpaired mark before it with its label.
* **Plain ``[N]`` text** is paired after conversion, on the model, by ``link_plain_notes``.

Each mark becomes a ``<pamphlets-noteref>`` placeholder; each note is taken out of the
page, turned into a plain ``div`` and cleaned of back-links and of its own label. A mark
whose note is missing, and a note in a notes list that nothing refers to, are reported.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ...model import CONTAINER_INLINES, NoteRef, Notice, Para, Heading, Text, count_words
from .meta import clean
from .parse import remove

PLACEHOLDER = "pamphlets-noteref"

_LABEL = re.compile(r"^\s*[\[(]?\s*(?:\d{1,4}[a-z]?|[*\u2020\u2021\u00a7\u00b6]{1,3}|[a-z]|[ivxlc]{1,6})"
                    r"(?::\d{1,3})?\s*[\])]?\s*\.?\s*$", re.I)
#: a label in words, as accessible themes write it: "[footnote 3]", "note 3", "Anm. 3"
_WORDY_LABEL = re.compile(r"^\s*[\[(]?\s*(?:foot\s*note|end\s*note|note|fn|ref|anm\.?|n\.)\s*"
                          r"(\d{1,4}[a-z]?)\s*[\])]?\s*$", re.I)
_BACKLINK_TEXT = re.compile(r"^\s*(?:[\u21a9\u21ba\u2191\u2934\u21e7^\ufe0e\ufe0f]+|back|return|\[?\s*return\s*\]?"
                            r"|back to (?:the )?(?:text|top|note|reference)s?|return to (?:the )?text"
                            r"|retour|zur\u00fcck)\s*[.\]]?\s*$", re.I)
_REF_CLASSES = {"fnanchor", "footnote-ref", "footnoteref", "noteref", "footnote-link",
                "footnote-reference", "fn-ref", "sdfootnoteanc", "sdendnoteanc",
                "footnote-anchor", "spip_note", "footnote-identifier-link"}
_BACK_CLASSES = {"footnote-back", "footnote-backref", "data-footnote-backref",
                 "reversefootnote", "mw-cite-backlink", "fn-back", "footnote-back-link",
                 "easy-footnote-to-top", "footnote_backlink"}
_NOTE_CLASSES = {"footnote", "endnote", "note", "fn", "footnote-item", "sdfootnote",
                 "sdendnote", "easy-footnote-single", "footnote-content"}
_CONTAINER_CLASSES = {"footnotes", "references", "endnotes", "reflist", "notes",
                      "footnote-list", "nb_notes", "wp-block-footnotes", "easy-footnotes-wrapper",
                      "simple-footnotes", "footnotes-list", "footnotes_reference_container"}
_NOTE_ROLES = {"doc-footnote", "doc-endnote", "footnote", "endnote", "rearnote"}
_CONTAINER_ROLES = {"doc-endnotes", "footnotes", "endnotes", "rearnotes"}
_HREF_HINT = re.compile(r"^(?:fn|footnote|cite_note|note|endnote|_ftn|_edn|ftn|edn|sdfootnote"
                        r"|sdendnote|user-content-fn|nb\d)", re.I)
_NOTES_HEADING = re.compile(r"^(?:foot|end)?notes?\.?:?$|^references$|^notes and references$"
                            r"|^footnotes\.?:?$|^anmerkungen\.?$|^notes? de bas de page$", re.I)
_LEAD_LABEL = re.compile(r"^\s*(?:\[\s*(\w{1,4})\s*\]|\(\s*(\w{1,4})\s*\)|(\w{1,4})[.)])\s*")
_EMPTY_BRACKETS = re.compile(r"\[\s*\]|\(\s*\)")
_BLOCK_TAGS = {"p", "div", "li", "dd", "dt", "td", "th", "tr", "section", "aside", "blockquote",
               "article", "body", "table", "ul", "ol", "dl", "main", "header", "footer", "nav",
               "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figure"}
_INLINE_HOLDERS = {"sup", "span", "small", "b", "strong", "i", "em", "font", "a", "sub"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _classes(el) -> set[str]:
    return set((el.get("class") or "").lower().split())


def _role(el) -> str:
    return (el.get("role") or el.get("epub:type") or "").lower()


def _is_container(el) -> bool:
    return bool(_classes(el) & _CONTAINER_CLASSES) or _role(el) in _CONTAINER_ROLES


def _in_container(el) -> bool:
    return any(_is_container(anc) for anc in el.iterancestors())


def _is_labelled_note(el) -> bool:
    return bool(_classes(el) & _NOTE_CLASSES) or _role(el) in _NOTE_ROLES


def _contains(outer, inner) -> bool:
    return outer is inner or any(anc is outer for anc in inner.iterancestors())


def _label(link) -> str:
    text = clean(link.text_content())
    wordy = _WORDY_LABEL.match(text)
    return wordy.group(1) if wordy else text.strip("[]().: ")


def _label_like(text: str) -> bool:
    return bool(_LABEL.match(text) or _WORDY_LABEL.match(text))


# --------------------------------------------------------------------------- the page

class _Page:
    """What the whole page offers for pairing: its ids and names, and its own address."""

    def __init__(self, root) -> None:
        self.ids: dict[str, object] = {}
        for el in root.iter():
            if isinstance(el.tag, str):
                for key in (el.get("id"), el.get("name")):
                    if key and key not in self.ids:
                        self.ids[key] = el
        self.addresses: set[str] = set()
        for el in root.iter("link", "meta", "base"):
            if el.tag == "link" and "canonical" in (el.get("rel") or "").lower().split():
                self._address(el.get("href"))
            elif el.tag == "meta" and (el.get("property") or el.get("name") or "").lower() in (
                    "og:url", "twitter:url"):
                self._address(el.get("content"))
            elif el.tag == "base":
                self._address(el.get("href"))

    def _address(self, url) -> None:
        if url:
            self.addresses.add(_same_page_key(url))

    def fragment(self, href: str) -> tuple[str, bool]:
        """The fragment a link points to, and whether its address is surely this page's
        (a bare ``#id``, or this page's own address)."""
        if "#" not in href:
            return "", False
        base, frag = href.split("#", 1)
        if not frag:
            return "", False
        if not base:
            return frag, True
        if base.lower().startswith(("javascript:", "mailto:", "data:")):
            return "", False
        return frag, _same_page_key(base) in self.addresses


def _same_page_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    return host + parts.path.rstrip("/")


# --------------------------------------------------------------------------- notes and marks

def _note_element(target):
    """The element holding the whole note that ``target`` (an id) belongs to."""
    if target.tag in ("li", "aside", "dd", "dt", "tr") or _is_labelled_note(target):
        return target
    nearest_block = None
    for depth, anc in enumerate(target.iterancestors()):
        if anc.tag in ("body", "html") or _is_container(anc):
            break
        if anc.tag in ("li", "aside", "dt", "dd") or _is_labelled_note(anc):
            return anc
        if anc.tag in ("td", "th"):
            row = anc.getparent()
            return row if row is not None and row.tag == "tr" else anc
        if nearest_block is None and anc.tag in ("p", "div", "section", "blockquote"):
            nearest_block = anc
        if depth >= 5:
            break
    if target.tag in ("p", "div", "section", "span"):
        return target
    return nearest_block


def _anchor_keys(link) -> set[str]:
    """The ids and names a back-link from a note could point to for this mark: the link's
    own, those of the inline elements around it and of empty anchors just before them."""
    keys: set[str] = set()
    node = link
    while node is not None and isinstance(node.tag, str):
        for key in (node.get("id"), node.get("name")):
            if key:
                keys.add(key)
        prev = node.getprevious()
        while prev is not None and isinstance(prev.tag, str) and not clean(prev.text_content()):
            for key in (prev.get("id"), prev.get("name")):
                if key:
                    keys.add(key)
            prev = prev.getprevious()
        if node.tag not in _INLINE_HOLDERS:
            break
        node = node.getparent()
        if node is not None and node.tag in _BLOCK_TAGS:
            break
    return keys


def _links_back(page: _Page, els, keys: set[str]) -> bool:
    if not keys:
        return False
    for el in els:
        if el is None:
            continue
        for a in el.iter("a"):
            frag, _ = page.fragment(a.get("href") or "")
            if frag in keys:
                return True
    return False


def _starts_with_label(note, label: str) -> bool:
    text = clean(note.text_content())
    match = _LEAD_LABEL.match(text) or re.match(r"^\s*(\w{1,4})\s", text)
    return bool(match) and next(g for g in match.groups() if g) == label


def _explicit(link) -> bool:
    parent = link.getparent()
    return bool(_classes(link) & _REF_CLASSES) or _role(link) == "doc-noteref" or (
        parent is not None and parent.tag == "sup" and (
            "reference" in _classes(parent) or _role(parent) == "doc-noteref"))


def _is_back(link) -> bool:
    return bool(_classes(link) & _BACK_CLASSES) or _role(link) == "doc-backlink"


def _marker(link):
    """What the placeholder replaces: the link with the inline wrappers that hold nothing
    else (``<sup><a>1</a></sup>``, SPIP's ``<span>[<a>1</a>]</span>``)."""
    node = link
    text = clean(link.text_content())
    while True:
        parent = node.getparent()
        if parent is None or parent.tag not in ("sup", "span", "small"):
            return node
        own = clean(parent.text_content())
        if own != text and own.strip("[]() \u00a0") != text.strip("[]() \u00a0"):
            return node
        node = parent


class _Finder:
    """One pass over a page: the pairs found, without changing the tree."""

    def __init__(self, root, container) -> None:
        self.root = root
        self.container = container
        self.page = _Page(root)
        #: note element -> note id; notes in first-mark order with their first label
        self.chosen: dict[object, str] = {}
        self.order: list[tuple[str, object, str]] = []
        self.marks: list[tuple[object, str]] = []
        self.keys: dict[object, set[str]] = {}
        self.missing: list[object] = []
        self._container_words = max(1, count_words(container.text_content()))

    def run(self) -> "_Finder":
        pending: list[tuple[object, object, str]] = []
        for link in self._candidates():
            found = self._target(link)
            if found is None:
                if _explicit(link) and _label_like(link.text_content() or ""):
                    self.missing.append(link)
                continue
            target, sure = found
            note = _note_element(target)
            if note is None or note.tag in _HEADINGS or _contains(note, link) \
                    or self._too_big(note):
                continue
            verdict = self._evidence(link, target, note, sure)
            if verdict is True:
                self._take(link, note)
            elif verdict is None:
                pending.append((link, note, ""))
        self._by_group(pending)
        self.marks.sort(key=lambda pair: self._position(pair[0]))
        return self

    def _candidates(self):
        for link in self.container.iter("a", "button"):
            if _is_back(link) or _in_container(link):
                continue
            if any(anc in self.chosen for anc in link.iterancestors()):
                continue
            yield link

    def _target(self, link):
        href = link.get("href") or ""
        frag, sure = self.page.fragment(href)
        target = self.page.ids.get(frag) if frag else None
        if target is None:
            described = (link.get("aria-describedby") or link.get("aria-controls") or "").split()
            target = self.page.ids.get(described[0]) if described else None
            sure = target is not None
        if target is None or target is link:
            return None
        return target, sure

    def _too_big(self, note) -> bool:
        words = count_words(note.text_content())
        return words > 150 and words > 0.5 * self._container_words

    def _evidence(self, link, target, note, sure: bool):
        """True: a mark; False: not one; None: a label-like link awaiting group evidence."""
        keys = _anchor_keys(link)
        back = target.get("href") or ""
        frag, _ = self.page.fragment(back)
        if frag and self.page.ids.get(frag) is not None and \
                _contains(self.page.ids[frag], link) and not keys & {frag}:
            return False   # the target is a link to something around this one (a ToC entry)
        text = link.text_content() or ""
        if not _label_like(text):
            return _explicit(link) and sure and _links_back(self.page, (note, target), keys)
        links_back = _links_back(self.page, (note, target), keys)
        if not sure and not links_back:
            return False   # another page's address with no way back: not ours
        self.keys[link] = keys
        if _explicit(link) or links_back:
            return True
        parent = link.getparent()
        if (parent is not None and parent.tag == "sup") or link.find("sup") is not None:
            return True
        if _HREF_HINT.match(frag or (link.get("href") or "").split("#")[-1]) or \
                _in_container(note) or _is_container(note) or _is_labelled_note(note):
            return True
        if _starts_with_label(note, _label(link)):
            return True
        return None

    def _by_group(self, pending) -> None:
        """Label-like links whose notes share a parent with another's: marks together."""
        groups: dict[object, list] = {}
        for link, note, _ in pending:
            groups.setdefault(note.getparent(), []).append((link, note))
        for parent, members in groups.items():
            if parent is not None and len({id(n) for _, n in members}) >= 2:
                for link, note in members:
                    self._take(link, note)

    def _take(self, link, note) -> None:
        if note not in self.chosen:
            self.chosen[note] = str(len(self.chosen) + 1)
            self.order.append((self.chosen[note], note, _label(link)))
        self.marks.append((link, self.chosen[note]))
        self.keys.setdefault(link, _anchor_keys(link))

    def _position(self, el) -> int:
        if not hasattr(self, "_index"):
            self._index = {e: i for i, e in enumerate(self.root.iter())}
        return self._index.get(el, 0)

    def note_keys(self, note_id: str) -> set[str]:
        out: set[str] = set()
        for link, nid in self.marks:
            if nid == note_id:
                out |= self.keys.get(link, set())
        return out


# --------------------------------------------------------------------------- unlinked marks

_TEXT_MARK = re.compile(r"\[(\d{1,3}|[A-Z])\]")
#: a note written out in brackets where it falls, as old Gutenberg files do
_BRACKET_NOTE = re.compile(r"^\s*\[(?:Footnote|Note|Fu\u00dfnote|Anmerkung)\s+(\d{1,3}|[A-Z])\s*:\s*", re.I)
_NOTE_BLOCKS = ("p", "div", "li", "dd", "blockquote", "tr")


def _sup_label(el) -> str:
    if el.tag != "sup" or len(el) or el.getparent() is None:
        return ""
    text = clean(el.text_content())
    return text.strip("[]() ") if text and _LABEL.match(text) and not text.endswith(".") else ""


def _leading_sup(block):
    """The ``<sup>`` a block starts with (nothing but white space before it), if any."""
    if block.tag not in _NOTE_BLOCKS or (block.text or "").strip():
        return None
    node = block
    while len(node):
        first = node[0]
        if not isinstance(first.tag, str):
            return None
        if first.tag == "sup":
            return first if _sup_label(first) and clean(first.tail or "") else None
        if first.tag not in ("span", "p", "small", "td", "th") or (first.text or "").strip():
            return None
        node = first
    return None


def _leading_text(block, in_container: bool | None = None):
    """``(element, label, end)``: a block whose first text is ``[N]`` (or ``N.`` inside a
    notes container), the element holding that text and where the label ends in it."""
    node = block
    while not (node.text or "").strip() and len(node) and isinstance(node[0].tag, str) \
            and node[0].tag in ("span", "p", "small", "td", "th", "b", "strong", "font"):
        node = node[0]
    text = node.text or ""
    match = _BRACKET_NOTE.match(text)
    if match is not None:
        return node, match.group(1), match.end(), True
    match = re.match(r"^\s*\[(\d{1,3}|[A-Z])\]\s*", text)
    if in_container is None:
        in_container = _in_container(block)
    if match is None and (in_container or _is_labelled_note(block)):
        match = re.match(r"^\s*(\d{1,3})[.)]?(?:\s+|$)", text)
    if match is None or not text[match.end():].strip() and node is block:
        return None
    return node, match.group(1), match.end(), False


class _Unlinked:
    """Marks that link nowhere (``<sup>3</sup>``, ``[3]`` in the text) and the later blocks
    that start with the same number: each such block takes the nearest unpaired mark
    before it with its label, so numbering may restart in every chapter."""

    def __init__(self, root, container, taken: set) -> None:
        self.container = container
        self.taken = taken
        self.notes: list = []          # (block, label, strip) where strip removes the label
        self.marks: list = []          # (mark, note index); a mark is a sup or a text span
        self.pending: dict[str, list] = {}
        #: elements inside which nothing is a mark: the notes already found
        self.held: set = set(taken)
        self._walk(root)

    def _walk(self, root) -> None:
        # one pass in document order: what holds for an element's ancestors (inside the
        # article, inside a note already found, inside a notes container) is carried
        # down from its parent, so deep pages cost no more than wide ones
        inside: dict = {}     # el -> within the article container
        skipped: dict = {}    # el -> within a note already found
        in_notes: dict = {}   # el -> below an element that is a notes container
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            parent = el.getparent()
            if parent in inside:
                inside[el] = el is self.container or inside[parent]
                skipped[el] = el in self.held or skipped[parent] or parent in self.held
                in_notes[el] = in_notes[parent] or _is_container(parent)
            else:
                inside[el] = _contains(self.container, el)
                skipped[el] = el in self.held or any(a in self.held for a in el.iterancestors())
                in_notes[el] = _in_container(el)
            if skipped[el]:
                continue
            if el.tag in _NOTE_BLOCKS and self._note(el, in_notes[el]):
                continue
            if el.tag == "sup" and inside[el]:
                label = _sup_label(el)
                if label and parent.tag != "a" and _leading_sup(parent) is not el:
                    self.pending.setdefault(label, []).append(el)
            if el.tag != "a" and inside[el]:
                self._text_marks(el, "text")
            if parent is not None and parent.tag != "a" and inside.get(parent, False):
                self._text_marks(el, "tail")

    def _note(self, block, in_container: bool | None = None) -> bool:
        lead = _leading_sup(block)
        if lead is not None:
            label, strip = _sup_label(lead), ("sup", lead)
        else:
            found = _leading_text(block, in_container)
            if found is None:
                return False
            node, label, end, bracketed = found
            strip = ("text", node, end, bracketed)
        waiting = self.pending.get(label)
        if not waiting:
            return False
        self.notes.append((block, label, strip))
        self.held.add(block)
        self.marks.append((waiting.pop(), len(self.notes) - 1))
        return True

    def _text_marks(self, el, attr: str) -> None:
        text = getattr(el, attr)
        if text and "[" in text:
            for match in _TEXT_MARK.finditer(text):
                self.pending.setdefault(match.group(1), []).append(
                    ("text", el, attr, match.start(), match.group(0)))


def _close_bracket_note(block):
    """A ``[Footnote 3: ...]`` note runs to its closing bracket, perhaps over several
    paragraphs: they are gathered in one ``div`` and the bracket goes."""
    parts = [block]
    while not clean(parts[-1].text_content()).endswith("]") and len(parts) < 12:
        nxt = parts[-1].getnext()
        if nxt is None or nxt.tag not in _NOTE_BLOCKS:
            break
        parts.append(nxt)
    if not clean(parts[-1].text_content()).endswith("]"):
        return block
    _strip_last_bracket(parts[-1])
    if len(parts) == 1:
        return block
    holder = block.makeelement("div", {})
    block.addprevious(holder)
    after = parts[-1].tail  # text after the note stays after it; text between its
    for part in parts:      # paragraphs moves in with them (lxml moves a tail along)
        holder.append(part)
    parts[-1].tail, holder.tail = None, after
    return holder


def _strip_last_bracket(el) -> None:
    """Remove the last ``]`` of the text of ``el``."""
    nodes = [(e, a) for e in el.iter() if isinstance(e.tag, str) for a in ("text", "tail")
             if not (e is el and a == "tail")]
    for e, a in reversed(nodes):
        value = getattr(e, a)
        if value and value.rstrip().endswith("]"):
            stripped = value.rstrip()
            setattr(e, a, stripped[:-1] + value[len(stripped):])
            return


def _place_text_mark(mark, placeholder) -> str:
    """Put ``placeholder`` where the text mark ``[N]`` is; returns the text it replaced."""
    _, el, attr, at, literal = mark
    text = getattr(el, attr) or ""
    if text[at:at + len(literal)] != literal:
        return ""
    before, after = text[:at], text[at + len(literal):]
    placeholder.tail = after
    if attr == "text":
        el.text = before
        el.insert(0, placeholder)
    else:
        el.tail = before
        parent = el.getparent()
        parent.insert(parent.index(el) + 1, placeholder)
    return literal


# --------------------------------------------------------------------------- extraction

def note_areas(root) -> set:
    """The elements of the page that hold notes (each note, and a list or block made of
    nothing but notes): what an article finder must keep, since the notes of a page often
    sit outside the node it picks. The tree is not changed."""
    body = root.find("body")
    finder = _Finder(root, body if body is not None else root).run()
    areas = set(finder.chosen)
    note_words: dict = {}
    for note in finder.chosen:
        note_words[note] = count_words(note.text_content())
        if note.tag == "dt":   # its definitions are the note's text
            parts = _definitions(note)
            areas.update(parts)
            note_words[note] += sum(count_words(d.text_content()) for d in parts)
    inside: dict = {}
    for note, words in note_words.items():
        for anc in note.iterancestors():
            inside[anc] = inside.get(anc, 0) + words
    checked: dict = {}
    for note in finder.chosen:
        parent = note.getparent()
        while parent is not None and parent.tag not in ("body", "html"):
            if parent not in checked:
                checked[parent] = count_words(parent.text_content()) <= inside.get(parent, 0) + 12
            if not checked[parent]:
                break
            areas.add(parent)
            parent = parent.getparent()
    return areas


def protect_notes(root, keep: set) -> set:
    """``note_areas`` of the page, added with their ancestors to ``keep`` (what the
    article finder must not remove); returns the areas."""
    areas = note_areas(root)
    for el in areas:
        keep.add(el)
        keep.update(el.iterancestors())
    return areas


def extract_linked(root, container) -> tuple[list[tuple[str, object, str]], list[Notice]]:
    """Find marks and notes: ``(note_id, note element, label)`` in first-mark order, and
    the notices of what was left over (notes nothing refers to, marks with no note, copies
    of a note shown as a pop-up in the text).

    Marks become placeholders in place; note elements are detached from the tree.
    """
    finder = _Finder(root, container).run()
    notices: list[Notice] = []
    order = list(finder.order)
    marks = list(finder.marks)
    taken_inline: list[tuple[str, object, str]] = []
    removed: list[str] = []   # note numbers, back-links, notes headings: their words
    unlinked = _Unlinked(root, container, set(finder.chosen))
    text_marks: list = []
    for index, (block, label, strip) in enumerate(unlinked.notes):
        note_id = str(len(order) + 1)
        order.append((note_id, block, label))
        if strip[0] == "sup":
            removed.append(strip[1].text_content())
            remove(strip[1])
        else:
            node, end, bracketed = strip[1], strip[2], strip[3]
            removed.append(node.text[:end])
            node.text = node.text[end:]
            if bracketed:
                block = _close_bracket_note(block)
                order[-1] = (note_id, block, label)
        for mark, which in unlinked.marks:
            if which == index:
                (text_marks if isinstance(mark, tuple) else marks).append((mark, note_id))
    # the last mark of a text first, so that the positions of those before it still hold
    for mark, note_id in sorted(text_marks, key=lambda m: -m[0][3]):
        placeholder = container.makeelement(PLACEHOLDER, {"note": note_id})
        removed.append(_place_text_mark(mark, placeholder))
    for details in list(container.iter("details")):
        note = _inline_note(details)
        if note is not None:
            note_id = str(len(order) + len(taken_inline) + 1)
            placeholder = details.makeelement(PLACEHOLDER, {"note": note_id})
            placeholder.tail = details.tail
            removed.append(details.findtext("summary") or "")
            details.getparent().replace(details, placeholder)
            taken_inline.append((note_id, note, ""))
    notes_by_id = {note_id: note for note_id, note, _ in order}
    for link, note_id in marks:
        _drop_popup_copy(_marker(link), notes_by_id[note_id], notices)
        marker = _marker(link)
        placeholder = marker.makeelement(PLACEHOLDER, {"note": note_id})
        placeholder.tail = marker.tail
        parent = marker.getparent()
        if parent is not None:
            removed.append(marker.text_content())
            parent.replace(marker, placeholder)
            _drop_brackets(placeholder)
    containers: list = []
    taken: list[tuple[str, object, str]] = []
    for note_id, note, label in order:
        parent = note.getparent()
        if parent is not None and parent not in containers:
            containers.append(parent)
        note = _detach(note)
        _clean_note(note, label, finder.note_keys(note_id) if note_id in finder.chosen.values()
                    else set(), finder.page, removed)
        taken.append((note_id, note, label))
    taken.extend(taken_inline)
    for link in finder.missing:
        text = clean(link.text_content())
        notices.append(Notice("warning", "note mark with no note in the page", text))
    notices.extend(_drop_orphans(containers))
    for parent in containers:
        _prune_empty(parent, removed)
    words = count_words(" ".join(removed))
    if words:
        shown = " | ".join(t for t in (clean(x) for x in removed) if t)
        notices.append(Notice("dropped", "note numbers, back-links and notes headings "
                              "(the book numbers its own notes)", shown[:80], words=words))
    return taken, notices


_OPEN = re.compile(r"[\s\u00a0]*[\[(]\s*$")
_CLOSE = re.compile(r"^\s*[\])]")


def _inline_note(details):
    """A note written in place as ``<details><summary>3</summary> text</details>``: the
    summary is the mark, the rest the note (a ``div``); None for other ``details``."""
    summary = details.find("summary")
    if summary is None or details.getparent() is None or \
            not _label_like(summary.text_content() or ""):
        return None
    note = details.makeelement("div", {})
    note.text = summary.tail
    for child in list(details):
        if child is not summary:
            note.append(child)
    if not clean(note.text_content()):
        return None
    return note


def _drop_brackets(placeholder) -> None:
    """``[<mark>]`` written with the brackets outside the link: they go with the mark."""
    tail = placeholder.tail or ""
    prev = placeholder.getprevious()
    before = (prev.tail if prev is not None else placeholder.getparent().text) or ""
    opening, closing = _OPEN.search(before), _CLOSE.match(tail)
    if not opening or not closing:
        return
    if prev is not None:
        prev.tail = before[:opening.start()]
    else:
        placeholder.getparent().text = before[:opening.start()]
    placeholder.tail = tail[closing.end():]


def _drop_popup_copy(marker, note, notices: list[Notice]) -> None:
    """A copy of the note's text kept next to its mark (a pop-up) goes: the note has it."""
    note_text = clean(note.text_content())
    holder = marker.getparent()
    if not note_text or holder is None or holder.tag not in ("sup", "span"):
        return
    for sib in marker.itersiblings():
        if not isinstance(sib.tag, str):
            continue
        if sib is note or _contains(sib, note):
            break
        text = clean(sib.text_content())
        if text and text in note_text and len(text) >= 0.6 * len(note_text):
            notices.append(Notice("duplicate", "note text repeated beside its mark (a pop-up); "
                                  "kept once, as the note", text[:80], words=count_words(text)))
            remove(sib)
        break


def _detach(note):
    """Take a note out of the page as a plain ``div``; a ``dt`` takes its ``dd``s along, a
    table row its cells."""
    parent = note.getparent()
    if note.tag == "dt" and parent is not None:
        holder = note.makeelement("div", {})
        for part in [note] + _definitions(note):
            remove(part)
            part.tail = None
            part.tag = "div"
            holder.append(part)
        return holder
    if parent is not None:
        remove(note)
    note.tail = None
    if note.tag == "tr":
        for cell in note:
            if isinstance(cell.tag, str):
                cell.tag = "div"
    if note.tag in ("span", "sup", "small", "a"):
        note.tag = "p"
        holder = note.makeelement("div", {})
        holder.append(note)
        return holder
    note.tag = "div"
    for attr in ("class", "role", "style", "hidden"):
        note.attrib.pop(attr, None)
    return note


def _definitions(dt) -> list:
    """The ``dd`` elements that follow a ``dt``."""
    out = []
    sib = dt.getnext()
    while sib is not None and sib.tag == "dd":
        out.append(sib)
        sib = sib.getnext()
    return out


def _drop_orphans(containers: list) -> list[Notice]:
    """Notes left in a notes list with no mark in the text (their mark was chrome)."""
    notices = []
    for parent in containers:
        if parent.getparent() is None or not (_is_container(parent) or parent.tag == "ol"
                                              or any(_is_container(a) for a in parent.iterancestors())):
            continue
        for child in list(parent):
            if isinstance(child.tag, str) and (child.get("id") or child.get("name")
                                               or child.tag in ("li", "dd")):
                text = clean(child.text_content())
                if text:
                    notices.append(Notice("dropped", "note that nothing in the text refers to",
                                          text[:80], words=count_words(text)))
                remove(child)
    return notices


def _clean_note(note, label: str, keys: set[str], page: _Page, removed: list[str]) -> None:
    """Remove back-links (to the mark, ↩, ^, "Back to text", ``[N]``) and the note's own
    leading label."""
    doomed = []
    for el in note.iter():
        if not isinstance(el.tag, str):
            continue
        if _is_back(el):
            doomed.append(el)
        elif el.tag == "a" and "#" in (el.get("href") or ""):
            frag, _ = page.fragment(el.get("href") or "")
            text = el.text_content()
            if frag in keys or _LABEL.match(text) or _BACKLINK_TEXT.match(text) or not text.strip():
                doomed.append(el)
        elif el.tag == "span" and "label" in _classes(el) and _LABEL.match(el.text_content()):
            doomed.append(el)
    for el in doomed:
        if el is not note and el.getparent() is not None and _contains(note, el):
            removed.append(el.text_content())
            remove(el)
    for el in note.iter():
        if isinstance(el.tag, str):
            for attr in ("text", "tail"):
                value = getattr(el, attr)
                if value and _EMPTY_BRACKETS.search(value):
                    setattr(el, attr, _EMPTY_BRACKETS.sub("", value))
    first = note
    while first is not None and not (first.text or "").strip() and len(first):
        first = first[0]
    if first is not None and first.text:
        match = _LEAD_LABEL.match(first.text)
        if match and next(g for g in match.groups() if g) == label:
            removed.append(first.text[:match.end()])
            first.text = first.text[match.end():]
        else:
            first.text = re.sub(r"^\s*[\^\u2191\u21a9]\s*", "", first.text)


def _prune_empty(el, removed: list[str]) -> None:
    """Remove note containers emptied by extraction, with a notes heading just before."""
    while el is not None and el.tag not in ("body", "html") and _emptied(el):
        parent = el.getparent()
        prev = el.getprevious()
        if prev is not None and _is_notes_heading(prev):
            removed.append(prev.text_content())
            remove(prev)
        removed.append(el.text_content())
        remove(el)
        el = parent
    if el is not None:
        for head in list(el.iter("h2", "h3", "h4", "h5", "h6", "p")):
            if _is_notes_heading(head) and head.getparent() is el and _empty_after(head):
                removed.append(head.text_content())
                remove(head)


def _emptied(el) -> bool:
    """Nothing left but white space, or a notes heading alone."""
    if el.find(".//img") is not None:
        return False
    text = clean(el.text_content())
    return not text or (len(text) < 30 and bool(_NOTES_HEADING.match(text)))


def _is_notes_heading(el) -> bool:
    if el.tag in ("h2", "h3", "h4", "h5", "h6"):
        return bool(_NOTES_HEADING.match(clean(el.text_content())))
    if el.tag in ("p", "div"):   # a heading written as a paragraph ("Notes:") or a title block
        text = clean(el.text_content())
        return bool(text) and len(text) < 30 and bool(_NOTES_HEADING.match(text))
    return False


def _empty_after(head) -> bool:
    node = head.getnext()
    while node is not None and node.tag not in _HEADINGS:
        if clean(node.text_content()):
            return False
        node = node.getnext()
    return True


def drop_empty_note_headings(blocks: list) -> list:
    """A "Notes"/"References" heading left with nothing under it is removed."""
    out = []
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and _NOTES_HEADING.match(_plain(block.inlines).strip()):
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if nxt is None or (isinstance(nxt, Heading) and nxt.level <= block.level):
                continue
        out.append(block)
    return out


def _plain(inlines) -> str:
    return "".join(n.text if isinstance(n, Text) else
                   _plain(n.children) if isinstance(n, CONTAINER_INLINES) else ""
                   for n in inlines)


# --------------------------------------------------------------------------- unlinked

_PLAIN_DEF = re.compile(r"^\s*\[(\d{1,4})\]\s*")
_PLAIN_MARK = re.compile(r"\[(\d{1,4})\]")


def link_plain_notes(blocks: list) -> tuple[list, list[tuple[str, list]]]:
    """``[N]`` marks in the text paired with ``[N] ...`` paragraphs after the essay.

    Returns the body blocks (marks replaced by ``NoteRef``) and ``(label, blocks)`` notes.
    """
    start = None
    for i in range(len(blocks) - 1, -1, -1):
        block = blocks[i]
        if not isinstance(block, Para):
            break
        if _PLAIN_DEF.match(_plain(block.inlines)):
            start = i
    if start is None:
        return blocks, []
    notes: list[tuple[str, list]] = []
    for block in blocks[start:]:
        match = _PLAIN_DEF.match(_plain(block.inlines))
        if match:
            notes.append((match.group(1), [Para(_strip_lead(block.inlines, match.end()))]))
        elif notes:
            notes[-1][1].append(block)
    labels = {label for label, _ in notes}
    body = blocks[:start]
    linked = [_link_block(b, labels) for b in body]
    if linked == body:
        return blocks, []
    if body and isinstance(body[-1], Heading) and _NOTES_HEADING.match(_plain(body[-1].inlines)):
        linked = linked[:-1]
    return linked, notes


def _strip_lead(inlines, count: int) -> tuple:
    out = list(inlines)
    while out and count > 0 and isinstance(out[0], Text):
        text = out.pop(0).text
        if len(text) > count:
            out.insert(0, Text(text[count:]))
        count -= len(text)
    return tuple(out)


def _link_block(block, labels: set):
    if isinstance(block, Para):
        return Para(_link_inlines(block.inlines, labels))
    return block


def _link_inlines(inlines, labels: set) -> tuple:
    out: list = []
    for node in inlines:
        if isinstance(node, Text):
            pos = 0
            for match in _PLAIN_MARK.finditer(node.text):
                if match.group(1) in labels:
                    if match.start() > pos:
                        out.append(Text(node.text[pos:match.start()]))
                    out.append(NoteRef(match.group(1)))
                    pos = match.end()
            if pos < len(node.text):
                out.append(Text(node.text[pos:]))
        elif isinstance(node, CONTAINER_INLINES) and not isinstance(node, NoteRef):
            out.append(type(node)(**{**node.__dict__, "children": _link_inlines(node.children, labels)}))
        else:
            out.append(node)
    return tuple(out)
