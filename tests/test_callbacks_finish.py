"""Widget callbacks run to the end although the browser asks for a newer run meanwhile (ui/callbacks_finish.py).

Streamlit's session state checks for a newer rerun at every access; inside a callback that check used to stop the
callback half-way, losing what it was saving (issue 21). Here a session state whose check always finds a request
runs a callback that reads and writes it several times: the callback finishes, and the check works again after."""

from __future__ import annotations

import pytest
from streamlit.runtime.state.safe_session_state import SafeSessionState
from streamlit.runtime.state.session_state import SessionState

from dashboard.ui import callbacks_finish


class NewerRun(Exception):
    """Stands for Streamlit's RerunException: a newer run was asked for."""


def requested() -> None:
    raise NewerRun


def test_it_is_in_place_for_this_streamlit():
    assert callbacks_finish.install() and callbacks_finish.installed()


def test_a_callback_finishes_although_a_newer_run_is_waiting(monkeypatch):
    callbacks_finish.install()
    safe = SafeSessionState(SessionState(), yield_callback=lambda: None)
    done: list[str] = []

    def callbacks(self, *_args, **_kwargs):  # SessionState.on_script_will_rerun calls the callbacks
        for step in ("read", "write", "read again"):
            safe["draft"] = safe["draft"] + [step] if "draft" in safe else [step]
            done.append(step)

    monkeypatch.setattr(SessionState, "on_script_will_rerun", callbacks)
    safe.on_script_will_rerun(None)
    assert done == ["read", "write", "read again"]
    # With a request waiting, the check before the callbacks still serves it, as Streamlit does ...
    object.__setattr__(safe, "_yield_callback", requested)
    with pytest.raises(NewerRun):
        safe.on_script_will_rerun(None)
    # ... but one that arrives while they run waits: the callbacks finish, and the check is back after.
    checks: list[int] = []

    def arrives_after_the_first_check() -> None:
        checks.append(1)
        if len(checks) > 1:
            requested()

    object.__setattr__(safe, "_yield_callback", arrives_after_the_first_check)
    done.clear()
    safe.on_script_will_rerun(None)
    assert done == ["read", "write", "read again"] and len(checks) == 1
    with pytest.raises(NewerRun):
        safe["draft"]
