"""The workspace store against SQLite and a real PostgreSQL server: versions, conflicts, drafts, migrations, errors.

PostgreSQL runs where `DASHBOARD_TEST_POSTGRES` names a database (`.ci/run` installs and starts one); elsewhere that
half skips and says why, except in CI, where a missing server is a failure.
"""

from __future__ import annotations

import os
import threading

import pytest
from sqlalchemy import text
from together import reset_postgres

from dashboard.core.diff import diff_sets
from dashboard.core.editing import apply_edits
from dashboard.render.export import assessments_yaml
from dashboard.settings import DEFAULT_DATA, DEFAULT_RUBRIC
from dashboard.workspace import service as workspace
from dashboard.workspace.connection import make_engine
from dashboard.workspace.records import SaveConflict, WorkspaceError
from dashboard.workspace.repository import Workspace, open_workspace
from dashboard.workspace.tables import Base
from tests.people import member

PG_URL = os.environ.get("DASHBOARD_TEST_POSTGRES")
_reset_postgres = reset_postgres  # one way to empty the test database (tests/together.py)
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def ws(request, tmp_path) -> Workspace:
    if request.param == "sqlite":
        yield open_workspace(f"sqlite:///{tmp_path / 'ws.db'}")
        return
    if not PG_URL:
        if os.environ.get("CI"):
            pytest.fail("CI must run the PostgreSQL half: .ci/run sets DASHBOARD_TEST_POSTGRES")
        pytest.skip("no PostgreSQL server: set DASHBOARD_TEST_POSTGRES (as .ci/run does) to run this half")
    _reset_postgres(PG_URL)
    store = open_workspace(PG_URL)
    yield store
    store.engine.dispose()


@pytest.fixture
def seeded(ws) -> Workspace:
    workspace.seed(ws)
    return ws


SET = DEFAULT_DATA.stem


def _edited(ws: Workspace, edits: dict) -> str:
    loaded = workspace.load(ws, SET)
    return assessments_yaml(apply_edits(loaded.data, loaded.rubric, edits))


def test_an_empty_workspace_is_seeded_once_with_the_bundled_files(ws):
    assert ws.is_empty()
    first = workspace.seed(ws)
    assert first is not None and first.number == 1 and first.set_id == SET
    assert workspace.seed(ws) is None  # not twice
    assert ws.version(SET, 1).content == DEFAULT_DATA.read_text(encoding="utf-8")
    assert ws.version(SET, 1).rubric_content == DEFAULT_RUBRIC.read_text(encoding="utf-8")


def test_a_save_appends_a_version_and_export_gives_back_the_exact_text(seeded):
    content = _edited(seeded, {("facial_recognition", "breadth"): 1.0})
    rubric_pk = seeded.latest(SET).rubric_pk
    info = seeded.save(SET, content, rubric_pk, base=1, author="Ann", message="breadth to 1")
    assert (info.number, info.parent, info.author, info.author_verified) == (2, 1, "Ann", False)
    assert seeded.version(SET, 2).content == content
    assert seeded.version(SET, 1).content == DEFAULT_DATA.read_text(encoding="utf-8")  # nothing updated in place
    assert [v.number for v in seeded.history(SET)] == [1, 2]


def test_a_save_from_an_old_base_is_refused_naming_who_saved_what(seeded):
    pk = seeded.latest(SET).rubric_pk
    seeded.save(SET, _edited(seeded, {("ai_cctv", "breadth"): 0.0}), pk, base=1, author="Ann", message="first")
    with pytest.raises(SaveConflict) as info:
        seeded.save(SET, "other", pk, base=1, author="Bob", message="second")
    assert info.value.latest.number == 2 and info.value.latest.author == "Ann"
    assert "version 2" in str(info.value) and "Ann" in str(info.value) and "version 1" in str(info.value)
    assert [v.number for v in seeded.history(SET)] == [1, 2]  # Bob's save left no trace


def test_restoring_an_old_version_makes_a_new_version_with_its_content(seeded):
    pk = seeded.latest(SET).rubric_pk
    seeded.save(SET, _edited(seeded, {("ai_cctv", "breadth"): 0.0}), pk, base=1, author="Ann", message="m")
    restored = seeded.restore(SET, 1, base=2, author="Bob")
    assert restored.number == 3 and restored.message == "Restored version 1"
    assert seeded.version(SET, 3).content == seeded.version(SET, 1).content


def test_a_rubric_is_stored_once_per_content(seeded):
    before = seeded.rubrics()
    again, _ = workspace.add_rubric(seeded, DEFAULT_RUBRIC.read_bytes(), "copy.yaml")
    assert seeded.rubrics() == before and again.pk == before[0].pk


def test_drafts_are_kept_per_user_and_set_and_can_be_discarded(seeded):
    ann, bob = member(seeded, "ann"), member(seeded, "bob")
    pk = seeded.latest(SET).rubric_pk
    assert ann.draft(SET) is None
    ann.put_draft(SET, 1, pk, "draft one", "Ann")
    ann.put_draft(SET, 1, pk, "draft two", "Ann")
    bob.put_draft(SET, 1, pk, "someone else's", "Bob")
    assert ann.draft(SET).content == "draft two"
    assert bob.draft(SET).content == "someone else's"
    assert seeded.draft(SET) is None  # not even an administrator reads another user's draft
    ann.discard_draft(SET)
    assert ann.draft(SET) is None and bob.draft(SET) is not None


def test_briefings_are_recorded_with_the_pdf_hash(seeded):
    import hashlib

    record = seeded.record_briefing(
        SET, 1, from_draft=False, content="c", options={"profile": "default"}, pdf=b"%PDF", author="Ann"
    )
    assert record.pdf_sha256 == hashlib.sha256(b"%PDF").hexdigest()
    assert seeded.briefings(SET)[0].options == {"profile": "default"}


def test_an_invalid_file_is_not_stored(seeded):
    from dashboard.core.problems import InputError

    with pytest.raises(InputError):
        workspace.import_set(seeded, b"meta: {}\n", "bad.yaml", set_id=SET, author="Ann", message="m")
    assert [v.number for v in seeded.history(SET)] == [1]


def test_two_writers_from_the_same_base_one_wins_one_is_refused(seeded):
    pk = seeded.latest(SET).rubric_pk
    content = seeded.version(SET, 1).content
    results: list[object] = []
    barrier = threading.Barrier(2)

    def writer(name: str) -> None:
        barrier.wait()
        try:
            results.append(seeded.save(SET, content + f"# {name}\n", pk, base=1, author=name, message=name))
        except SaveConflict as exc:
            results.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in ("Ann", "Bob")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    wins = [r for r in results if not isinstance(r, SaveConflict)]
    refused = [r for r in results if isinstance(r, SaveConflict)]
    assert len(wins) == 1 and len(refused) == 1
    assert refused[0].latest.author == wins[0].author
    assert [v.number for v in seeded.history(SET)] == [1, 2]


def test_twenty_writers_lose_no_version_and_every_conflict_is_reported(seeded):
    """Each writer saves on top of what it last saw, retrying after a conflict: all 20 land, none is lost."""
    pk = seeded.latest(SET).rubric_pk
    conflicts: list[SaveConflict] = []
    saved: list[int] = []
    lock = threading.Lock()

    def writer(k: int) -> None:
        for _attempt in range(200):
            base = seeded.latest(SET).number
            try:
                info = seeded.save(SET, f"writer {k}\n", pk, base=base, author=f"w{k}", message=f"w{k}")
            except SaveConflict as exc:
                with lock:
                    conflicts.append(exc)
                continue
            with lock:
                saved.append(info.number)
            return

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    history = seeded.history(SET)
    assert sorted(saved) == list(range(2, 22))
    assert [v.number for v in history] == list(range(1, 22))
    assert sorted(v.author for v in history[1:]) == sorted(f"w{k}" for k in range(20))
    assert all(c.latest.number > (c.base or 0) for c in conflicts)  # each refusal named a newer version


def test_diff_reports_field_changes_and_their_effect_on_scores(seeded):
    pk = seeded.latest(SET).rubric_pk
    seeded.save(SET, _edited(seeded, {("facial_recognition", "breadth"): 0.0}), pk, base=1, author="A", message="m")
    a, b = workspace.load(seeded, SET, 1), workspace.load(seeded, SET, 2)
    diff = diff_sets((a.rubric, a.data), (b.rubric, b.data))
    levels = [c for c in diff.changes if c.field == "level"]
    assert [(c.technology, c.criterion, c.before, c.after) for c in levels] == [
        ("facial_recognition", "breadth", 4, 0.0)
    ]
    fr = next(s for s in diff.scores if s.technology == "facial_recognition")
    assert fr.score_after < fr.score_before and fr.moved
    assert fr.range_before is not None and fr.range_after is not None and fr.range_after[1] < fr.range_before[1]


@pytest.mark.parametrize(
    "make_url,words",
    [
        (lambda tmp: f"sqlite:///{tmp / 'corrupt.db'}", "not a usable SQLite database"),
        (lambda tmp: f"sqlite:///{tmp / 'file.txt'}/inside/ws.db", "ws.db"),
        (lambda tmp: "postgresql+psycopg://nobody:secret@127.0.0.1:1/none", "cannot be reached"),
    ],
    ids=["corrupt", "unreachable-folder", "unreachable-server"],
)
def test_a_database_that_cannot_be_opened_gives_a_message_naming_it(tmp_path, make_url, words):
    (tmp_path / "corrupt.db").write_bytes(b"this is not a database" * 100)
    (tmp_path / "file.txt").write_text("a file where a folder should be")
    url = make_url(tmp_path)
    with pytest.raises(WorkspaceError) as info:
        open_workspace(url)
    message = str(info.value)
    assert words in message
    assert "secret" not in message  # the password is never shown


def test_migrations_and_models_are_in_step(ws):
    """A new workspace is built from the models and stamped at HEAD; the migrations must build the same schema,
    and HEAD must be the migrations' own head, or a later start would skip a migration it needs."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    from dashboard.workspace.migrations import run

    assert ScriptDirectory.from_config(run.config()).get_current_head() == run.HEAD
    with ws.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == run.HEAD
    migrated = create_engine("sqlite://")
    run.upgrade_with_alembic(migrated)
    with migrated.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
        assert run.current(conn) == run.HEAD


def test_an_existing_workspace_upgrades_with_the_local_administrator_owning_every_set_and_its_drafts(tmp_path, capfd):
    """A workspace from before people and roles: its sets go to the local administrator, the newest draft of each set
    becomes theirs, and the upgrade says so."""
    from dashboard.workspace.migrations import run

    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    run.upgrade_with_alembic(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO rubrics VALUES (1, 'r', '1', 'R', 'r.yaml', 'h', 'x', '2026-01-01')"))
        conn.execute(text("INSERT INTO assessment_sets VALUES ('old', 'Old', '2026-01-01', 'Ann')"))
        conn.execute(text("INSERT INTO versions VALUES (1, 'old', 1, NULL, 1, 'v1', 'h', 'Ann', 0, 'm', '2026-01-01')"))
        for pk, token, when in [
            (1, "tok1", "2026-01-02"),
            (2, "tok2", "2026-01-03"),
            (3, "tok2~refused", "2026-01-01"),
        ]:
            conn.execute(
                text(f"INSERT INTO drafts VALUES ({pk}, '{token}', 'old', 1, 1, 'draft {pk}', 'Ann', '{when}')")
            )
    engine.dispose()
    store = open_workspace(url)
    assert "local administrator (admin@localhost) owns the 1 existing set(s)" in capfd.readouterr().err
    assert store.role("old") == "admin" and [m.role for m in store.members("old")] == ["owner"]
    assert store.draft("old").content == "draft 2" and store.draft("old", slot="refused").content == "draft 3"
    assert [s.id for s in store.sets()] == ["old"]


def test_a_database_at_head_opens_without_importing_alembic(tmp_path):
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'w.db'}"
    open_workspace(url)
    probe = (
        "import sys; from dashboard.workspace.repository import open_workspace; "
        f"open_workspace({url!r}); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_locked_database_gives_a_message_naming_it_and_nothing_is_lost(tmp_path, monkeypatch):
    import sqlite3

    from dashboard.workspace import connection

    monkeypatch.setattr(connection, "SQLITE_BUSY_MS", 300)  # wait 0.3 s for the lock, not 15 s
    path = tmp_path / "locked.db"
    ws = open_workspace(f"sqlite:///{path}")
    workspace.seed(ws)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another program holds the write lock
    try:
        with pytest.raises(WorkspaceError) as info:
            ws.save(SET, "x", 1, base=1, author="Ann", message="m")
        assert "locked" in str(info.value) and "locked.db" in str(info.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert [v.number for v in ws.history(SET)] == [1]


# Stored copies of sources: kept with their hash, text, who and when; analysts attach, readers see them.

ARTICLE_COPY = (
    b"Home \xc2\xbb News\nDeployment of advanced facial recognition systems for surveillance and identifying\n"
)


def test_a_copy_is_kept_with_its_hash_text_who_and_when(seeded):
    import hashlib

    analyst = member(seeded, "ann", "analyst")
    kept = analyst.attach_copy(SET, "article", "folder/article.txt", ARTICLE_COPY)
    assert kept.sha256 == hashlib.sha256(ARTICLE_COPY).hexdigest()
    assert (kept.source_id, kept.file_name, kept.media_type, kept.size) == (
        "article",
        "article.txt",
        "text/plain",
        len(ARTICLE_COPY),
    )
    assert kept.attached_by == "ann@example.org" and kept.attached_at.tzinfo is not None
    reader = member(seeded, "rob", "reader")
    copies = reader.copies(SET)
    assert list(copies) == ["article"] and copies["article"].text.startswith("Home \u00bb News")
    newer = analyst.attach_copy(SET, "article", "article.html", b"<p>Newer <script>x</script>copy</p>")
    assert reader.copies(SET)["article"] == newer and "x" not in newer.text


def test_attaching_needs_the_analyst_role_and_viewing_the_reader_role(seeded):
    from dashboard.workspace.access import AccessDenied

    reader = member(seeded, "rob", "reader")
    with pytest.raises(AccessDenied, match="saving a version needs the analyst role"):
        reader.attach_copy(SET, "article", "a.txt", b"text")
    outsider = member(seeded, "out", None)
    with pytest.raises(AccessDenied, match="viewing the set needs the reader role"):
        outsider.copies(SET)
    assert seeded.copies(SET) == {}


@pytest.mark.parametrize(
    "source,name,data,message",
    [
        ("no_such_source", "a.txt", b"text", "source 'no_such_source' is not in the register"),
        ("article", "a.docx", b"PK\x03\x04", "attach a PDF, HTML or text file"),
        ("article", "a.txt", b"", "is empty"),
        ("article", "a.txt", b"x" * (5 * 1024 * 1024 + 1), "over the limit of 5,242,880 bytes"),
    ],
)
def test_a_copy_is_refused_naming_why_and_nothing_is_kept(seeded, source, name, data, message):
    with pytest.raises(WorkspaceError, match=message):
        seeded.attach_copy(SET, source, name, data)
    assert seeded.copies(SET) == {}
