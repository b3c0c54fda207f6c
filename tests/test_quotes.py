"""Quotes checked against a stored copy: normalisation, found or the nearest passage, text from each kind of copy."""

from __future__ import annotations

import io
import time

import pytest

from dashboard.core.quotes import HTML, PDF, PLAIN, CopyError, extract_text, find_quote, media_type, normalise


@pytest.mark.parametrize(
    "quote,text",
    [
        ("the same words", "before the same words after"),
        ("Whitespace   collapsed", "whitespace\n\n  collapsed"),
        ("hyphenated words", "hyphen-\nated words"),
        ("well-known", "a well-\n  known fact"),
        ('curly "quotes" and it\'s', "curly \u201cquotes\u201d and it\u2019s"),
        ("plain 'single' quotes", "plain \u2018single\u2019 quotes"),
        ("a dash - here", "a dash\u2014here"),
        ("en-dash", "en\u2013dash"),
        ("CASE Ignored", "case ignored"),
        ("ligature fine", "ligature \ufb01ne"),
        ("", "an empty quote is always found"),
        ("non breaking", "non\u00a0breaking"),
    ],
)
def test_found(quote, text):
    assert find_quote(quote, text) == (True, "")


@pytest.mark.parametrize(
    "quote,text,nearest",
    [
        ("the lazy dog sleeps", "the quick brown fox jumps over the lazy dogs sleeping here", "the lazy dogs sleeping"),
        ("words changed here", "some words change here and more", "words change here"),
        ("anything", "", ""),
        ("a longer quote than the text", "short text", "short text"),
    ],
)
def test_not_found_gives_the_nearest_passage(quote, text, nearest):
    assert find_quote(quote, text) == (False, nearest)


def test_normalise():
    assert normalise("  A\u2019s \u201cB\u201d \u2014 C-\nD  ") == 'a\'s "b"-cd'


def test_fast_on_a_long_copy():
    text = " ".join(f"word{i % 977} filler{i % 13}" for i in range(20_000))  # about 250 KB
    started = time.perf_counter()
    found, nearest = find_quote("word5 filler5 word6 filler6 word7 missing", text)
    assert not found and nearest.startswith("word5 filler5")
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize(
    "name,data,kind",
    [
        ("a.txt", b"x", PLAIN),
        ("a.TXT", b"x", PLAIN),
        ("a.md", b"x", PLAIN),
        ("page.html", b"<p>x</p>", HTML),
        ("page.htm", b"<p>x</p>", HTML),
        ("doc.pdf", b"%PDF-1.7", PDF),
        ("no-suffix", b"%PDF-1.4", PDF),
    ],
)
def test_media_type(name, data, kind):
    assert media_type(name, data) == kind


@pytest.mark.parametrize("name,data", [("a.docx", b"PK"), ("noext", b"x"), ("fake.pdf", b"not a pdf")])
def test_media_type_refused(name, data):
    with pytest.raises(CopyError, match="PDF, HTML or text"):
        media_type(name, data)


def test_html_text_only():
    page = (
        b"<html><head><title>T</title><style>p{}</style><script>var s = 'secret';</script></head>"
        b"<body><p>First &amp; <b>bold</b></p><p>second\xe2\x80\x99s</p><script>x()</script></body></html>"
    )
    text = extract_text(page, HTML)
    assert "secret" not in text and "p{}" not in text and "x()" not in text
    assert find_quote("First & bold second's", text) == (True, "")


def test_plain_text_decoding():
    assert extract_text("caf\u00e9".encode(), PLAIN) == "caf\u00e9"
    assert extract_text("caf\u00e9".encode("cp1252"), PLAIN) == "caf\u00e9"
    assert extract_text(b"\xef\xbb\xbfbom", PLAIN) == "bom"


def test_pdf_text():
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.drawString(72, 720, "Deployment of advanced facial recognition")
    canvas.drawString(72, 700, "systems for surveillance")
    canvas.save()
    text = extract_text(out.getvalue(), PDF)
    assert find_quote("advanced facial recognition systems for surveillance", text) == (True, "")


def test_unreadable_pdf():
    with pytest.raises(CopyError, match="could not be read"):
        extract_text(b"%PDF-1.7 broken", PDF)
