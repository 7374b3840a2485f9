"""Spec descriptions (CommonMark) as HTML, as Markdown, and as one line of plain text.

Descriptions are untrusted. In HTML they go through markdown-it with raw HTML off (it shows as
text), images off (the site loads nothing from the network) and only http(s)/mailto links kept;
a link that is dropped shows as its source text. In the Markdown pages a description is kept as
written unless a parser finds raw HTML or a link with another scheme in it; then it is written
as escaped plain text. Vapi repeats most descriptions, so every conversion is cached; and most
are paragraphs and `- ` lists of plain lines (code spans at most), which are written without the
parser, exactly as it would write them.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt

from generator.render.literals import md_text

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
#: Without one of these, a text holds no raw HTML, entity or link destination at all.
_NEEDS_PARSING = re.compile(r"<|&|\]\(|\]:")
#: A line of a paragraph in which no inline rule but code spans applies.
_PLAIN_LINE = re.compile(r"[^\x00-\x1f\x7f*_\[\]<>&\\!#|~]+")
#: What starts a list, a setext underline or a fence, even inside a paragraph.
_BLOCK_START = re.compile(r"[-+=]|\d{1,9}[.)]|```")
_PARAGRAPH_BREAK = re.compile(r"\n\n+")
_BACKTICK_RUN = re.compile(r"`+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
#: Without one of these, a summary has no link or markup to take out.
_MARKUP_CHARS = re.compile(r"[`*_#>\[]")
#: Emphasis and code marks, heading and quote markers; not the `_` inside a name.
_MARKUP = re.compile(r"[`*]+|(?<!\w)_+|_+(?!\w)|^#+\s*|^>\s*", re.MULTILINE)


def _safe_link(url: str) -> bool:
    """Absolute web links only: a relative link in a spec is relative to a page we do not have."""
    return url.strip().lower().startswith(_SAFE_SCHEMES)


def _html_parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).disable("image")
    parser.validateLink = _safe_link  # type: ignore[method-assign]
    return parser


def _inspecting_parser() -> MarkdownIt:
    """Sees raw HTML and every link as written, to decide whether a text is safe verbatim."""
    parser = MarkdownIt("commonmark", {"html": True})
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


_HTML = _html_parser()
_INSPECT = _inspecting_parser()


@cache
def to_html(text: str) -> str:
    simple = _simple_html(text)
    return simple if simple is not None else str(_HTML.render(text))


def _simple_html(text: str) -> str | None:
    """What markdown-it writes for paragraphs of plain lines with code spans, and tight `- `
    lists of such lines, at a tenth of the cost; None for any other text. Most descriptions
    are such (a test checks the two agree)."""
    if text[:1].isspace() or text[-1:].isspace():
        return None
    out: list[str] = []
    in_list = False  #: the previous block ended with a list
    for block in _PARAGRAPH_BREAK.split(text):
        lines = block.split("\n")
        start = next((i for i, line in enumerate(lines) if line.startswith("- ")), len(lines))
        paragraph, items = lines[:start], lines[start:]
        if in_list and not paragraph:
            return None  # a list that goes on after a blank line is loose: `<li><p>`
        if not all(item.startswith("- ") for item in items):
            return None  # a lazy continuation line
        items = [item[2:] for item in items]
        if not all(_is_plain_line(line) for line in (*paragraph, *items)):
            return None
        if paragraph:
            out.append(f"<p>{_inline_html(chr(10).join(paragraph))}</p>\n")
        if items:
            out += ["<ul>\n", *(f"<li>{_inline_html(item)}</li>\n" for item in items), "</ul>\n"]
        in_list = bool(items)
    return "".join(out)


def _is_plain_line(line: str) -> bool:
    """A line that no block rule applies to and that holds no inline markup but code spans."""
    return (
        _PLAIN_LINE.fullmatch(line) is not None
        and not line[0].isspace()
        and not line[-1].isspace()
        and not _BLOCK_START.match(line)
    )


def _inline_html(text: str) -> str:
    """Text with code spans, as markdown-it reads them: a run of backticks opens a span that the
    next run of the same length closes; a run that nothing closes is text."""
    if "`" not in text:
        return _escape(text)
    runs = list(_BACKTICK_RUN.finditer(text))
    out, done, index = [], 0, 0
    while index < len(runs):
        opener = runs[index]
        width = len(opener[0])
        closer = next((j for j in range(index + 1, len(runs)) if len(runs[j][0]) == width), None)
        if closer is None:
            index += 1
            continue
        content = text[opener.end() : runs[closer].start()].replace("\n", " ")
        if content.startswith(" ") and content.endswith(" ") and content.strip(" "):
            content = content[1:-1]  # one space each side, unless it is all spaces
        out += [_escape(text[done : opener.start()]), "<code>", _escape(content), "</code>"]
        done, index = runs[closer].end(), closer + 1
    out.append(_escape(text[done:]))
    return "".join(out)


def _escape(text: str) -> str:
    """markdown-it's escaping of text without `&`, `<` or `>` (plain lines hold none)."""
    return text.replace('"', "&quot;")


@cache
def is_safe_markdown(text: str) -> bool:
    """No raw HTML and no link or image to anything but http(s)/mailto, as a parser reads it."""
    if not _NEEDS_PARSING.search(text):
        return True
    for block in _INSPECT.parse(text):
        if block.type == "html_block":
            return False
        for token in block.children or ():
            if token.type == "html_inline":
                return False
            if token.type in ("link_open", "image") and not _safe_link(
                str(token.attrs.get("href") or token.attrs.get("src") or "")
            ):
                return False
    return True


def _lines(text: str) -> str:
    """`\\n` line ends: a lone `\\r` would end a table row once the output is normalized."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


@cache
def to_markdown(text: str) -> str:
    """The description as Markdown: as written when safe, else escaped paragraph by paragraph."""
    text = _lines(text).strip("\n")
    if is_safe_markdown(text):
        return text
    return "\n\n".join(md_text(paragraph) for paragraph in _paragraphs(text))


@cache
def to_markdown_cell(text: str) -> str:
    """The description on one line, for a Markdown table cell: lines joined by `<br>`."""
    text = _lines(text)
    if not is_safe_markdown(text):
        return "<br><br>".join(md_text(paragraph) for paragraph in _paragraphs(text))
    lines = [line.rstrip() for line in text.strip("\n").split("\n")]
    return "<br>".join(lines).replace("|", "\\|")


@cache
def summary(text: str | None, limit: int = 140) -> str:
    """The first paragraph as plain text, cut at a word boundary: for lists and search."""
    if not text:
        return ""
    # Only the start matters: long descriptions are cut before the regexes below see them.
    first = _paragraphs(text[: limit * 4])[0] if text.strip() else ""
    if _MARKUP_CHARS.search(first):  # most descriptions have no markup to take out
        first = _MARKUP.sub("", _LINK.sub(r"\1", first))
    plain = " ".join(first.split())
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _paragraphs(text: str) -> list[str]:
    return [part for part in re.split(r"\n\s*\n", text.strip()) if part.strip()] or [""]
