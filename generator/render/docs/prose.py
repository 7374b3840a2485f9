"""Spec descriptions (CommonMark) as HTML, as Markdown, and as one line of plain text.

Descriptions are untrusted. In HTML they go through markdown-it with raw HTML off (it shows as
text), images off (the site loads nothing from the network) and only http(s)/mailto links kept;
a link that is dropped shows as its source text. In the Markdown pages a description is kept as
written unless a parser finds raw HTML or a link with another scheme in it; then it is written
as escaped plain text. Vapi repeats most descriptions, so every conversion is cached.
"""

from __future__ import annotations

import re
from functools import cache

from markdown_it import MarkdownIt

from generator.render.literals import md_text

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
#: Without one of these, a text holds no raw HTML, entity or link destination at all.
_NEEDS_PARSING = re.compile(r"<|&|\]\(|\]:")
_PLAIN = re.compile(r"[^\x00-\x1f\x7f`*_\[\]<>&\\!#|~]+")
_BLOCK_START = re.compile(r"[-+=]|\d{1,9}[.)]")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
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
    if _is_plain(text):
        # What markdown-it writes for one line without markup, at a tenth of the cost; most
        # descriptions are such lines (a test checks the two agree).
        return "<p>" + text.replace('"', "&quot;") + "</p>\n"
    return str(_HTML.render(text))


def _is_plain(text: str) -> bool:
    """One line that no CommonMark rule applies to: no markup characters, no list marker."""
    return (
        _PLAIN.fullmatch(text) is not None
        and not text[:1].isspace()
        and not text[-1:].isspace()
        and not _BLOCK_START.match(text)
    )


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
    plain = " ".join(_MARKUP.sub("", _LINK.sub(r"\1", first)).split())
    if len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def _paragraphs(text: str) -> list[str]:
    return [part for part in re.split(r"\n\s*\n", text.strip()) if part.strip()] or [""]
