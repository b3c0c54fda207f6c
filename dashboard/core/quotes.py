"""Quotes checked against a stored copy of their source: text extracted from the copy, both sides normalised.

A copy is kept as the user attached it (plain text, HTML or PDF); its text is extracted here, never from the
network. A quote is found when its normalised words occur in the copy's normalised text: whitespace collapsed,
words hyphenated at line ends joined, typographic quotes, apostrophes and dashes made plain, case ignored. When it
is not found, the nearest passage of the copy is given so the reader can see what the source does say.
"""

from __future__ import annotations

import io
import re
import unicodedata
from difflib import SequenceMatcher
from html.parser import HTMLParser

from dashboard.words import say

PLAIN, HTML, PDF = "text/plain", "text/html", "application/pdf"
SUFFIXES = {
    ".txt": PLAIN,
    ".text": PLAIN,
    ".md": PLAIN,
    ".html": HTML,
    ".htm": HTML,
    ".xhtml": HTML,
    ".pdf": PDF,
}

_TYPOGRAPHIC = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        "\u00ad": None,  # soft hyphen
        "\u200b": None,  # zero-width space
        "\ufeff": None,
    }
)
_LINE_END_HYPHEN = re.compile(r"(\w)-[ \t]*\r?\n\s*(\w)")
_SPACE = re.compile(r"\s+")
_DASH = re.compile(r" ?- ?")  # a dash with or without spaces around it: "a - b", "a-b" and "a—b" read alike


class CopyError(ValueError):
    """A copy that cannot be read: a kind of file not supported, or text that cannot be extracted."""


def normalise(text: str, *, join_hyphens: bool = True) -> str:
    """Text as compared: NFKC, plain quotes and dashes, line-end hyphens joined, whitespace collapsed, casefolded."""
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHIC)
    text = _LINE_END_HYPHEN.sub(r"\1\2" if join_hyphens else r"\1-\2", text)
    return _DASH.sub("-", _SPACE.sub(" ", text)).strip().casefold()


def find_quote(quote: str, text: str) -> tuple[bool, str]:
    """(found, nearest): whether the quote is in the text once both are normalised; if not, the nearest passage."""
    return find_in(normalise(quote), Prepared(text))


class Prepared:
    """A copy's text normalised once, for checking many quotes against it."""

    def __init__(self, text: str) -> None:
        self.joined = normalise(text)
        kept = normalise(text, join_hyphens=False)
        self.kept = kept if kept != self.joined else ""


def find_in(quote: str, text: Prepared) -> tuple[bool, str]:
    """`find_quote` with the quote already normalised and the text prepared."""
    if not quote or quote in text.joined or (text.kept and quote in text.kept):
        return True, ""
    return False, nearest(quote, text.joined)


def nearest(quote: str, text: str, *, candidates: int = 24) -> str:
    """The passage of `text` (whole words, as many as the quote has) most like `quote`.

    Fast on a long copy: windows are ranked by how many of the quote's words they hold (one pass, running sums),
    and only the best few are compared character by character (difflib's SequenceMatcher).
    """
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    if not words:
        return ""
    size = max(1, len(quote.split()))
    if len(words) <= size:
        return text
    wanted = set(quote.split())
    hits = [text[a:b] in wanted for a, b in words]
    running = sum(hits[:size])
    counts = [running]
    for i in range(size, len(hits)):
        running += hits[i] - hits[i - size]
        counts.append(running)
    order = sorted(range(len(counts)), key=counts.__getitem__, reverse=True)
    chosen: list[int] = []
    for i in order:
        if all(abs(i - j) >= size for j in chosen):
            chosen.append(i)
            if len(chosen) == candidates:
                break
    matcher = SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(quote)  # compared with every candidate: cached as the second sequence

    def passage(i: int) -> str:
        last = min(i + size, len(words)) - 1
        return text[words[i][0] : words[last][1]]

    def ratio(i: int) -> float:
        matcher.set_seq1(passage(i))
        return matcher.ratio()

    best = max(chosen, key=ratio)
    spread = max(1, size // 2)
    best = max(range(max(0, best - spread), min(len(counts), best + spread + 1)), key=ratio)
    return passage(best)


def media_type(name: str, data: bytes) -> str:
    """What kind of copy a file is, from its content (a PDF) or its name; CopyError for anything else."""
    if data.startswith(b"%PDF"):
        return PDF
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    kind = SUFFIXES.get(suffix)
    if kind is None or kind == PDF:
        raise CopyError(say("sources.unsupported", name=name, kinds=", ".join(sorted(SUFFIXES))))
    return kind


def extract_text(data: bytes, kind: str) -> str:
    """The words of a copy: plain text as it is, HTML's text (scripts and styles dropped), a PDF's text layer."""
    if kind == PDF:
        return _pdf_text(data)
    text = _decode(data)
    return _html_text(text) if kind == HTML else text


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class _TextOnly(HTMLParser):
    SKIP = frozenset({"script", "style", "noscript", "template", "head", "svg"})
    BLOCK = frozenset(
        {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "blockquote"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _html_text(text: str) -> str:
    parser = _TextOnly()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader  # imported when a PDF is read: the audit and the pages never need it otherwise
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError) as error:
        raise CopyError(say("sources.unreadable_pdf", error=str(error))) from error
