"""`python -m dashboard sources attach|list` and `audit --set`: copies of sources kept in the workspace, and the
audit of a stored set checking its quotes against them (exit 1 on findings, as the audit of a file)."""

from __future__ import annotations

import json

import pytest

from dashboard.cli.main import main
from dashboard.core.audit import quotes
from dashboard.core.quotes import normalise
from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import service
from dashboard.workspace.repository import open_workspace

SET = DEFAULT_DATA.stem


@pytest.fixture
def url(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'ws.db'}"
    service.seed(open_workspace(url))
    return url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def _article_quotes(url: str) -> list[str]:
    """The article's quotes, each once (compared as the count compares them: normalised)."""
    data = service.load(open_workspace(url), SET).data
    cited: dict[str, str] = {}
    for _, source, quote in quotes(data):
        if source == "article" and quote.strip():
            cited.setdefault(normalise(quote), quote)
    return list(cited.values())


def _citations(url: str) -> int:
    data = service.load(open_workspace(url), SET).data
    return sum(1 for _, s, q in quotes(data) if s == "article" and q.strip())


@pytest.fixture
def article(tmp_path, url):
    """A copy of the article made from the set's own quotes with filler between them (no press text needed)."""
    path = tmp_path / "article.html"
    body = "".join(
        f"<p>Filler {i}.</p><p>{q.replace(chr(39), '&#8217;')}</p>" for i, q in enumerate(_article_quotes(url))
    )
    path.write_text(f"<html><head><script>var x;</script></head><body>{body}</body></html>", encoding="utf-8")
    return path


def _audit_copy_findings(capsys, url) -> tuple[int, list[str]]:
    code, _, err = run(capsys, "audit", "--set", SET, "--workspace", url)
    return code, [line for line in err.splitlines() if "stored copy" in line]


def test_attach_then_list_then_audit_verifies_every_article_quote(capsys, url, article):
    n = len(_article_quotes(url))  # every quote citing the article, once however often it is cited
    assert _citations(url) > n  # the bundled set cites some quotes more than once: those count once
    code, out, err = run(capsys, "sources", "attach", SET, "article", article, "--workspace", url)
    assert code == 0, err
    assert "kept article.html as the copy of 'article'" in out and f"{n} of {n} quotes found" in out
    code, out, _ = run(capsys, "sources", "list", SET, "--workspace", url)
    assert code == 0 and out.startswith("article: article.html (text/html, ") and "attached by admin@localhost" in out
    code, out, _ = run(capsys, "sources", "list", SET, "--format", "json", "--workspace", url)
    (row,) = json.loads(out)
    assert (row["source"], row["quotes_found"], row["quotes"], len(row["sha256"])) == ("article", n, n, 64)
    assert _audit_copy_findings(capsys, url)[1] == []


def test_audit_of_a_stored_set_names_a_quote_not_in_its_copy(capsys, url, tmp_path):
    first, *rest = _article_quotes(url)
    changed = first.replace(first.split()[1], "zebras", 1)
    path = tmp_path / "article.txt"
    path.write_text("\n\n".join([changed, *rest]), encoding="utf-8")
    code, out, _ = run(capsys, "sources", "attach", SET, "article", path, "--workspace", url)
    assert code == 0 and f"{len(rest)} of {len(rest) + 1} quotes found" in out
    code, found = _audit_copy_findings(capsys, url)
    assert code == 1 and found and all(first in line for line in found)
    assert all("nearest passage" in line and "zebras" in line for line in found)
    assert f"{SET} v1:" in found[0] and " at technologies[" in found[0]


def test_audit_of_a_file_is_unchanged(capsys):
    _, out, err = run(capsys, "audit")
    assert "stored copy" not in out + err


def test_a_reader_may_list_but_not_attach(capsys, url, article):
    assert run(capsys, "users", "add", "rob@example.org", "--workspace", url)[0] == 0
    assert run(capsys, "access", "grant", SET, "rob@example.org", "--role", "reader", "--workspace", url)[0] == 0
    code, _, err = run(
        capsys, "sources", "attach", SET, "article", article, "--as", "rob@example.org", "--workspace", url
    )
    assert code == 1 and "needs the analyst role" in err and "Traceback" not in err
    code, out, _ = run(capsys, "sources", "list", SET, "--as", "rob@example.org", "--workspace", url)
    assert code == 0 and "no copies kept" in out


@pytest.mark.parametrize(
    "source,name,content,message",
    [
        ("nobody", "a.txt", b"x", "source 'nobody' is not in the register"),
        ("article", "a.docx", b"PK", "attach a PDF, HTML or text file"),
    ],
)
def test_attach_refused_is_exit_1_naming_why(capsys, url, tmp_path, source, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    code, _, err = run(capsys, "sources", "attach", SET, source, path, "--workspace", url)
    assert code == 1 and message in err


def test_attach_a_missing_file_is_exit_1(capsys, url, tmp_path):
    code, _, err = run(capsys, "sources", "attach", SET, "article", tmp_path / "none.txt", "--workspace", url)
    assert code == 1 and "none.txt" in err
