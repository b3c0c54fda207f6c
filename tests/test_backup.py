"""`workspace export-all` and `workspace import-all` (issue 28, item 8): a backup restores every version against the
rubric it was saved with (variants of one rubric id and version included), with its author, verification, message
and time; briefings and drafts too; a damaged backup is refused whole, naming the file."""

from __future__ import annotations

import json
import os

import pytest
from people import member
from sqlalchemy import select
from together import PG_URL, reset_postgres

from dashboard.cli.main import main
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.workspace import service
from dashboard.workspace.records import sha256, utc
from dashboard.workspace.repository import Workspace, open_workspace
from dashboard.workspace.tables import SourceCopyRow

SET = DEFAULT_DATA.stem


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def source(tmp_path) -> Workspace:
    """Two sets; versions against a rubric and against a variant with the same id and version; a verified author;
    a briefing and a draft."""
    ws = open_workspace(f"sqlite:///{tmp_path / 'source.db'}")
    service.seed(ws)
    base_rubric = ws.latest(SET).rubric_pk
    variant = DEFAULT_RUBRIC.read_text(encoding="utf-8") + "# a variant: same id and version, other bytes\n"
    variant_info, _ = service.add_rubric(ws, variant, "variant.yaml")
    content = ws.version(SET, 1).content
    ws.save(SET, content + "# two\n", variant_info.pk, base=1, author="Ann", message="on the variant", verified=True)
    ws.save(SET, content + "# three\n", base_rubric, base=2, author="Bob", message="back on the original")
    ws.create_set("Another set", content, variant_info.pk, author="Cy", message="second set")
    ws.record_briefing(SET, 3, from_draft=False, content="c", options={"profile": "default"}, pdf=b"%PDF", author="D")
    ws.put_draft(SET, 3, base_rubric, content + "# draft\n", "Ann")
    # Stored copies of sources: a PDF, two copies of one source (the newer is the one the audit reads), bytes that
    # are not UTF-8, and one attached by another analyst.
    ws.attach_copy(SET, "article", "article.pdf", _pdf("Deployment of advanced facial recognition"))
    ws.attach_copy(SET, "article", "article v2.html", b"<p>Newer copy \x93quoted\x94 in cp1252</p>")
    member(ws, "ann", "analyst").attach_copy(SET, "warrior_ix", "warrior.txt", b"Exercise Warrior-IX text")
    return ws


def _pdf(line: str) -> bytes:
    import io

    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out)
    canvas.setCreator("test")
    canvas.drawString(72, 720, line)
    canvas.save()
    return out.getvalue()


def _copies(ws: Workspace) -> list[tuple]:
    """Every stored copy, oldest first, as the table holds it: its bytes (hashed), hash, name, kind, text, who, when."""
    with ws.transaction() as s:
        rows = s.scalars(select(SourceCopyRow).order_by(SourceCopyRow.pk))
        return [
            (c.set_id, c.source_id, sha256(c.content), c.sha256, c.file_name, c.media_type, c.text, c.attached_by,
             utc(c.attached_at))
            for c in rows
        ]  # fmt: skip


def _everything(ws: Workspace) -> dict:
    """Every version of every set as the workspace hands it out, with its rubric's content hash for its key."""
    rubric_sha = {r.pk: r.sha256 for r in ws.rubrics()}
    out = {}
    for summary in ws.sets():
        for v in ws.history(summary.id):
            version = ws.version(summary.id, v.number)
            out[(summary.id, v.number)] = (
                v.parent, v.author, v.author_verified, v.message, v.created_at, v.sha256,
                rubric_sha[v.rubric_pk], version.content, summary.title,
            )  # fmt: skip
    return out


def _target(backend: str, tmp_path) -> str:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.db'}"
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL half: .ci/run sets DASHBOARD_TEST_POSTGRES")
        pytest.skip("no PostgreSQL server: set DASHBOARD_TEST_POSTGRES (as .ci/run does) to run this half")
    reset_postgres(PG_URL)
    return PG_URL


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_backup_restores_every_version_against_its_rubric_with_its_author_and_time(capsys, source, tmp_path, backend):
    backup = tmp_path / "backup"
    code, out, _ = run(capsys, "workspace", "export-all", str(backup), "--workspace", source.url)
    assert code == 0 and "import-all" in out
    target = _target(backend, tmp_path)
    code, out, err = run(capsys, "workspace", "import-all", str(backup), "--workspace", target)
    assert code == 0, err
    assert "Restored 4 version(s) (2 new set(s)), 2 rubric(s), 1 briefing record(s), 1 draft(s) and 3 stored" in out
    restored = open_workspace(target)
    assert _everything(restored) == _everything(source)
    assert sorted(r.sha256 for r in restored.rubrics()) == sorted(r.sha256 for r in source.rubrics())
    assert [(b.version_number, b.pdf_sha256, b.created_at) for b in restored.briefings(SET)] == [
        (b.version_number, b.pdf_sha256, b.created_at) for b in source.briefings(SET)
    ]
    assert restored.draft(SET).content == source.draft(SET).content
    # The stored copies: the same bytes, hash, name, kind, text, who and when, in the same order.
    assert len(_copies(source)) == 3 and _copies(restored) == _copies(source)
    assert {c.attached_by for c in restored.copies(SET).values()} == {"admin@localhost", "ann@example.org"}
    assert restored.copies(SET)["article"].file_name == "article v2.html"  # the newer of the two, as before
    # Restoring the same backup again adds nothing and changes nothing.
    code, out, _ = run(capsys, "workspace", "import-all", str(backup), "--workspace", target)
    assert code == 0 and "Restored 0 version(s) (0 new set(s)), 0 rubric(s), 0 briefing" in out
    assert "0 stored copy(ies)" in out
    assert _everything(restored) == _everything(source) and _copies(restored) == _copies(source)
    restored.engine.dispose()


def test_a_workspace_seeded_on_first_start_is_completed_by_the_backup(capsys, source, tmp_path):
    backup = tmp_path / "backup"
    run(capsys, "workspace", "export-all", str(backup), "--workspace", source.url)
    fresh = open_workspace(f"sqlite:///{tmp_path / 'fresh.db'}")
    service.seed(fresh)  # the app started before the restore: the bundled set's version 1 is there
    code, _, err = run(capsys, "workspace", "import-all", str(backup), "--workspace", fresh.url)
    assert code == 0, err
    restored, saved = _everything(fresh), _everything(source)
    # Version 1 is the workspace's own (same content, seeded at its first start); every later one is the backup's.
    assert restored[(SET, 1)][5:] == saved[(SET, 1)][5:]
    assert {k: v for k, v in restored.items() if k != (SET, 1)} == {k: v for k, v in saved.items() if k != (SET, 1)}


def test_a_set_that_differs_from_the_backup_is_refused_and_nothing_is_restored(capsys, source, tmp_path):
    backup = tmp_path / "backup"
    run(capsys, "workspace", "export-all", str(backup), "--workspace", source.url)
    other = open_workspace(f"sqlite:///{tmp_path / 'other.db'}")
    service.seed(other)
    other.save(SET, "something else", other.latest(SET).rubric_pk, base=1, author="Eve", message="m")
    code, _, err = run(capsys, "workspace", "import-all", str(backup), "--workspace", other.url)
    assert code == 1 and f"'{SET}'" in err and "differs from the backup at version 2" in err
    assert "Traceback" not in err
    assert [s.id for s in other.sets()] == [SET] and len(other.rubrics()) == 1  # all or nothing


@pytest.mark.parametrize(
    "damage,words",
    [(b"edited by hand\n", "differs from the one the manifest records"), (b"\xff\xfe", "cannot be read")],
    ids=["edited", "not-utf8"],
)
def test_a_damaged_backup_names_the_file_and_restores_nothing(capsys, source, tmp_path, damage, words):
    backup = tmp_path / "backup"
    run(capsys, "workspace", "export-all", str(backup), "--workspace", source.url)
    (backup / SET / "v0002.yaml").write_bytes(damage)
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    code, _, err = run(capsys, "workspace", "import-all", str(backup), "--workspace", target)
    assert code == 1 and "v0002.yaml" in err and words in err
    assert "Hint:" in err and "Traceback" not in err
    assert open_workspace(target).sets() == []


@pytest.mark.parametrize("which", ["file", "text_file"])
def test_a_corrupt_stored_copy_is_refused_by_its_hash_and_nothing_is_restored(capsys, source, tmp_path, which):
    backup = tmp_path / "backup"
    run(capsys, "workspace", "export-all", str(backup), "--workspace", source.url)
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    entry = next(e for e in manifest["sets"] if e["id"] == SET)
    damaged = backup / entry["copies"][0][which]  # the PDF, or the text extracted from it
    damaged.write_bytes(damaged.read_bytes() + b" edited by hand")
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    code, _, err = run(capsys, "workspace", "import-all", str(backup), "--workspace", target)
    assert code == 1 and damaged.name in err and "differs from the one the manifest records" in err
    assert "Traceback" not in err
    assert open_workspace(target).sets() == []


def test_a_backup_written_before_stored_copies_still_restores(capsys, source, tmp_path):
    backup = tmp_path / "backup"
    run(capsys, "workspace", "export-all", str(backup), "--workspace", source.url)
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["sets"]:
        del entry["copies"]
    (backup / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    target = f"sqlite:///{tmp_path / 'restored.db'}"
    code, out, err = run(capsys, "workspace", "import-all", str(backup), "--workspace", target)
    assert code == 0, err
    assert "0 stored copy(ies)" in out and open_workspace(target).copies(SET) == {}


@pytest.mark.parametrize(
    "damage,words",
    [
        (lambda m: m.pop("sets"), "sets: field required"),
        (lambda m: m["sets"][0]["versions"][0].update(created_at="yesterday"), "sets[0].versions[0].created_at"),
        (lambda m: m["sets"][0]["versions"][0].update(file="../../etc/passwd"), "not in the backup"),
    ],
    ids=["missing-field", "bad-time", "file-outside"],
)
def test_a_damaged_manifest_names_the_field(capsys, source, tmp_path, damage, words):
    backup = tmp_path / "backup"
    run(capsys, "workspace", "export-all", str(backup), "--workspace", source.url)
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    damage(manifest)
    (backup / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    code, _, err = run(capsys, "workspace", "import-all", str(backup), "--workspace", f"sqlite:///{tmp_path / 'r.db'}")
    assert code == 1 and "manifest.json" in err and words in err and "Traceback" not in err


def test_a_folder_without_a_manifest_is_not_a_backup(capsys, tmp_path):
    (tmp_path / "nothing").mkdir()
    url = f"sqlite:///{tmp_path / 'r.db'}"
    code, _, err = run(capsys, "workspace", "import-all", str(tmp_path / "nothing"), "--workspace", url)
    assert code == 1 and "no manifest" in err and "export-all" in err


def test_a_backup_folder_that_cannot_be_written_is_an_error_naming_it(capsys, source, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("a file where the backup folder should be")
    code, _, err = run(capsys, "workspace", "export-all", str(blocker / "backup"), "--workspace", source.url)
    assert code == 1 and "a-file" in err and "Traceback" not in err
