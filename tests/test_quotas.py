"""Per-user limits (issue 23): new sets an hour and bytes stored, for users who are not site administrators; the
upload box's limit is the file limit. Decided in the workspace, so the pages and the command line agree."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import text

from dashboard.cli.main import main
from dashboard.settings import DEFAULT_DATA, MAX_BYTES
from dashboard.workspace import quotas, service
from dashboard.workspace.quotas import QuotaExceeded
from dashboard.workspace.repository import open_workspace

SET = DEFAULT_DATA.stem
ANN = "ann@example.org"


@pytest.fixture
def ws():
    ws = open_workspace()
    service.seed(ws)
    ws.add_user(ANN, "Ann")
    ws.grant(SET, ANN, "analyst")  # may create sets
    ws.add_user("root@example.org", "Root", admin=True)
    return ws


def _create(ws, who: str, n: int = 1):
    as_user = ws.acting(ws.actor_for(who))
    content = ws.version(SET).content
    rubric = ws.latest(SET).rubric_pk
    return [as_user.create_set(f"Set {k}", content, rubric, author=who, message="m") for k in range(n)]


@pytest.mark.parametrize(("who", "limited"), [(ANN, True), ("root@example.org", False)])
def test_new_sets_an_hour_are_limited_for_users_not_administrators(ws, monkeypatch, who, limited):
    monkeypatch.setattr(quotas, "MAX_NEW_SETS_PER_HOUR", 2)
    _create(ws, who, 2)
    if limited:
        with pytest.raises(QuotaExceeded, match="2 sets in the last hour"):
            _create(ws, who)
        assert len(ws.sets()) == 3  # the bundled set and the two: nothing was stored
    else:
        _create(ws, who)
        assert len(ws.sets()) == 4


def test_sets_created_more_than_an_hour_ago_do_not_count(ws, monkeypatch):
    monkeypatch.setattr(quotas, "MAX_NEW_SETS_PER_HOUR", 2)
    _create(ws, ANN, 2)
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    with ws.engine.begin() as c:
        c.execute(text("UPDATE assessment_sets SET created_at = :t WHERE id != :s"), {"t": earlier, "s": SET})
    _create(ws, ANN)  # allowed again


def test_a_save_past_the_stored_bytes_limit_is_refused_and_names_the_limit(ws, monkeypatch):
    size = len(ws.version(SET).content)
    monkeypatch.setattr(quotas, "MAX_STORED_BYTES", int(size * 2.5))
    [first] = _create(ws, ANN)
    ann = ws.acting(ws.actor_for(ANN))
    content = ws.version(SET).content
    ann.save(first.set_id, content + "# 2\n", first.rubric_pk, base=1, author="Ann", message="two")
    with pytest.raises(QuotaExceeded, match=r"over the [\d,]+-byte limit per person"):
        ann.save(first.set_id, content + "# 3\n", first.rubric_pk, base=2, author="Ann", message="three")
    assert ws.latest(first.set_id).number == 2


def test_the_command_line_is_held_to_the_same_limit(ws, monkeypatch, capsys):
    monkeypatch.setattr(quotas, "MAX_NEW_SETS_PER_HOUR", 1)
    _create(ws, ANN)
    assert main(["workspace", "import", str(DEFAULT_DATA), "--as", ANN]) == 1
    err = capsys.readouterr().err
    assert "1 sets in the last hour" in err and "Traceback" not in err


def test_the_upload_box_limit_is_the_file_limit():
    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_BYTES  # Streamlit counts megabytes of 2**20
