"""User text is data: helpers that make a renderer show it exactly as typed.

Streamlit reads Markdown (plus its own `:colour[...]`, `:material/...:` and `$...$` extensions) in titles,
captions, labels, help and alerts; Plotly reads a subset of HTML in every label and hover text. Anything that comes
from a file or a user passes through one of these helpers before it reaches either, so `**bold**` stays two
asterisks, `<b>` stays a tag in plain sight and `[x](javascript:...)` never becomes a link.

Numeric character references are the escape for both: CommonMark treats `&#42;` as a literal `*` (never as
syntax), Streamlit's extensions never see the characters they look for, and Plotly decodes the same references.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Every ASCII character Markdown, GFM or Streamlit's extensions give a meaning to, plus HTML's own.
_MARKDOWN_SPECIAL = re.compile(r"""[\\`*_{}\[\]()#+\-.!|<>~:$&"'^=@%]""")
# Plotly's HTML subset and its LaTeX trigger (`$...$`), and `%{` which hover templates would substitute.
_PLOTLY_SPECIAL = re.compile(r"[<>&$%{}]")


def _ref(match: re.Match[str]) -> str:
    return f"&#{ord(match.group())};"


def md(text: object) -> str:
    """`text` for any Streamlit element that reads Markdown, shown exactly as typed.

    Line breaks stay line breaks, and leading spaces cannot open a code block. Runs of spaces still collapse as
    in any web page.
    """
    lines = []
    for line in str(text).split("\n"):
        body = line.lstrip(" \t")
        lead = line[: len(line) - len(body)]
        lines.append("".join(f"&#{ord(c)};" for c in lead) + _MARKDOWN_SPECIAL.sub(_ref, body))
    return "  \n".join(lines)


# Inline, a help tooltip's text needs fewer escapes: these change how a run of text renders wherever they stand.
_INLINE_SPECIAL = re.compile(r"""[\\`*_\[\]<>~$&|]|:(?=[A-Za-z_/])""")
# ... and these only at the start of a line (a heading, a list item, a quote, a numbered item).
_LINE_START = re.compile(r"^([#>+\-]|\d+(?=[.)]))")


def md_help(text: object) -> str:
    """`text` for a widget's `help`, shown exactly as typed with as few character references as that allows.

    Streamlit renders `help` as Markdown in the tooltip but also reads it, unrendered, as the help icon's accessible
    name: every reference there is read out as `&#45;`. So hyphens, full stops, brackets and quotes, harmless in the
    middle of a line, stay as they are."""
    lines = []
    for line in str(text).split("\n"):
        body = _INLINE_SPECIAL.sub(_ref, line.strip())
        lines.append(_LINE_START.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), body))
    return "  \n".join(lines)


def plot(text: object) -> str:
    """`text` for a Plotly label, legend, axis or hover text, shown exactly as typed."""
    return _PLOTLY_SPECIAL.sub(_ref, str(text)).replace("\n", "<br>")


def web_address(value: str | None) -> str | None:
    """The address if it is an absolute http(s) URL with a host and nothing a link could be tricked with, else None."""
    if not value:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ch in '<>"\\`' for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return value


def md_link(label: object, url: str | None) -> str:
    """A Markdown link when `url` is a safe web address, else the label alone (both shown as typed)."""
    address = web_address(url)
    if address is None:
        return md(label)
    # The <...> form lets an address carry parentheses; web_address() rules out '<', '>' and spaces.
    return f"[{md(label)}](<{address}>)"
