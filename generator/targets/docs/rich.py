"""Rich text: the few kinds of inline content a docs view holds, and how each format writes them.

View builders describe content as `Rich` values (text, code, links to other pages) or spec
prose, and `Show` writes each as a `Shown` pair: the Markdown and the HTML for it. The Markdown
and HTML templates render the same views, each reading its half. All escaping happens here.

The docs' records (views, rows, `Shown`) are `NamedTuple`s: defining a frozen dataclass costs
~2 ms at import and building one several times a tuple's cost. The pieces of `Rich` stay
dataclasses, because they are cache keys: as tuples, `Text("x")` would equal `Code("x")`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from html import escape as html_escape
from typing import NamedTuple

from markupsafe import Markup, escape

from generator.targets.docs import prose


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Code:
    text: str


class PageRef(NamedTuple):
    """A docs page: `folder` is "" (the index), `resources` or `schemas`; `stem` has no suffix."""

    folder: str
    stem: str


@dataclass(frozen=True, slots=True)
class Link:
    text: str
    page: PageRef
    anchor: str | None = None
    code: bool = True  #: the text is a name, shown as code


Piece = Text | Code | Link
Rich = tuple[Piece, ...]

_BACKTICKS = re.compile(r"`+")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
_LINE_BREAKS = re.compile(r"[\r\n]+")
_CODE_SPECIAL = re.compile(r"[`|\r\n]")


def md_inline(text: str) -> str:
    """Plain text for Markdown, on one line: specials escaped, spaces kept (unlike `md_text`)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _LINE_BREAKS.sub(" ", text))


def joined(parts: list[Rich], separator: str) -> Rich:
    out: list[Piece] = []
    for index, part in enumerate(parts):
        if index:
            out.append(Text(separator))
        out.extend(part)
    return tuple(out)


class Shown(NamedTuple):
    """One piece of view content as both formats write it; empty content is false."""

    md: str
    html: Markup

    def __bool__(self) -> bool:
        return bool(self.md)


EMPTY = Shown("", Markup(""))


def concat(parts: list[Shown], separator: Shown = EMPTY) -> Shown:
    """The parts one after the other, as `Show.rich` writes the pieces of a `Rich`."""
    md = separator.md.join(part.md for part in parts)
    html = str(separator.html).join(part.html for part in parts)  # `Markup.join` would escape
    return Shown(md, Markup(html))


class Show(NamedTuple):
    """Writes view content for a page `root` levels below the docs root (`""` or `"../"`).

    Views hold `Shown` values, so templates only read attributes: a Jinja call per cell would
    cost more than the rest of rendering. Identical content is written once (`cache`).
    """

    root: str

    def rich(self, pieces: Rich) -> Shown:
        return _rich(self.root, pieces) if pieces else EMPTY

    def code(self, text: str) -> Shown:
        return _code(text)

    def text(self, text: str) -> Shown:
        return _text(text) if text else EMPTY

    def prose(self, text: str | None) -> Shown:
        """A description on its own: Markdown blocks, HTML paragraphs."""
        return _prose(text) if text else EMPTY

    def cell(self, text: str | None) -> Shown:
        """A description in a table cell: one line of Markdown, HTML paragraphs."""
        return _cell(text) if text else EMPTY

    def code_block(self, code: str) -> Shown:
        html = f'<pre><code class="language-python">{escape(code)}</code></pre>'
        return Shown(code_block(code), Markup(html))

    def link(self, link: Link) -> Shown:
        """One link, not cached: the links of lists (used by, indexes) are mostly distinct."""
        text, page, anchor = link.text, link.page, link.anchor
        label = code_span(text) if link.code else md_inline(text)
        md = f"[{label}]({self.href(page, anchor, '.md')})"
        label = f"<code>{_escape(text)}</code>" if link.code else _escape(text)
        return Shown(
            md, Markup(f'<a href="{_escape(self.href(page, anchor, ".html"))}">{label}</a>')
        )

    def href(self, page: PageRef, anchor: str | None, suffix: str) -> str:
        path = f"{page.folder}/{page.stem}{suffix}" if page.folder else f"{page.stem}{suffix}"
        return self.root + path + (f"#{anchor}" if anchor else "")


@cache
def _rich(root: str, pieces: Rich) -> Shown:
    show = Show(root)
    md, html = [], []
    for piece in pieces:
        match piece:
            case Text(text=text):
                md.append(md_inline(text))
                html.append(_escape(text))
            case Code(text=text):
                md.append(code_span(text))
                html.append(f"<code>{_escape(text)}</code>")
            case Link():
                link_md, link_html = show.link(piece)
                md.append(link_md)
                html.append(link_html)
    return Shown("".join(md), Markup("".join(html)))


@cache
def _text(text: str) -> Shown:
    """`_rich` for one `Text` piece (labels, summaries), keyed by the string alone."""
    return Shown(md_inline(text), Markup(_escape(text)))


@cache
def _code(text: str) -> Shown:
    """`_rich` for one `Code` piece, the most frequent content (names), without its overhead."""
    return Shown(code_span(text), Markup(f"<code>{_escape(text)}</code>"))


@cache
def _prose(text: str) -> Shown:
    return Shown(prose.to_markdown(text), Markup(prose.to_html(text)))


@cache
def _cell(text: str) -> Shown:
    return Shown(prose.to_markdown_cell(text), Markup(prose.to_html(text)))


def _escape(text: str) -> str:
    """HTML-escaped text (the standard library's escaping: `markupsafe` would wrap each piece)."""
    return html_escape(text, quote=True)


def code_span(text: str) -> str:
    """Inline code holding `text` exactly, whatever backticks it contains, on one line.

    A `|` would end a table cell even inside a code span, and its escape `\\|` shows literally
    outside tables; text holding one is written as escaped plain text instead, which reads the
    same in both places.
    """
    if text and not _CODE_SPECIAL.search(text):
        return f"`{text}`"  # the common case, without the searches below
    if "|" in text:
        return md_inline(text)
    text = _LINE_BREAKS.sub(" ", text)
    longest = max((len(run) for run in _BACKTICKS.findall(text)), default=0)
    fence = "`" * (longest + 1)
    padded = f" {text} " if text.startswith("`") or text.endswith("`") or not text else text
    return fence + padded + fence


def code_block(code: str) -> str:
    """A fenced Markdown code block that no run of backticks inside `code` can close."""
    longest = max((len(run) for run in _BACKTICKS.findall(code)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}python\n{code}\n{fence}"
