"""Widget callbacks run to the end: a rerun the browser asks for meanwhile waits until they have done their work.

Why: Streamlit looks for a newer rerun request at every read or write of `st.session_state` (its SafeSessionState
calls the script runner's "yield" check) and at every message sent to the browser, also while `on_change` and
`on_click` callbacks run, before the script starts. A fast writer's next event (leaving the quote field, then
pressing "Next criterion", while the level's run is still going) then stops a callback half-way: the autosave that
was writing the rationale into the draft never writes it, and the new run does not call it again, because the
widget's value is already in session state. What was typed is silently lost (issue 21; a browser test reproduced it
in about 1 run in 7 on a loaded machine, and the log showed the save starting and never reaching the draft).

What: while Streamlit calls the callbacks of one run (SafeSessionState.on_script_will_rerun), the yield check does
nothing, in this thread only. Streamlit checks again right after the callbacks, so the newer request is served
then, with its own callbacks, and nothing is dropped. This touches two private names of Streamlit; `install`
checks they exist and otherwise leaves Streamlit as it is (tests/test_callbacks_finish.py fails then, so an upgrade
that renames them is noticed).
"""

from __future__ import annotations

import functools
import threading
from typing import Any

_state = threading.local()
_INSTALLED = "_dashboard_callbacks_finish"


def _no_check() -> None:
    return None


def in_callbacks() -> bool:
    """Whether this thread is running widget callbacks now."""
    return bool(getattr(_state, "active", False))


def install() -> bool:
    """Make callbacks run to the end (once per process); True when in place."""
    try:
        from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
        from streamlit.runtime.state.safe_session_state import SafeSessionState
    except ImportError:
        return False
    if getattr(ScriptRunner, _INSTALLED, False):
        return True
    will_rerun = getattr(SafeSessionState, "on_script_will_rerun", None)
    check = getattr(ScriptRunner, "_maybe_handle_execution_control_request", None)
    if will_rerun is None or check is None:
        return False

    @functools.wraps(will_rerun)
    def on_script_will_rerun(self: Any, *args: Any, **kwargs: Any) -> Any:
        check_now = self._yield_callback
        check_now()  # a request already waiting is served first, as before
        # The instance keeps the check it was given; a runner made before `install` holds the unpatched one.
        object.__setattr__(self, "_yield_callback", _no_check)
        _state.active = True
        try:
            return will_rerun(self, *args, **kwargs)
        finally:
            _state.active = False
            object.__setattr__(self, "_yield_callback", check_now)

    @functools.wraps(check)
    def maybe_handle(self: Any) -> None:
        if in_callbacks():
            return
        check(self)

    SafeSessionState.on_script_will_rerun = on_script_will_rerun  # type: ignore[method-assign]
    ScriptRunner._maybe_handle_execution_control_request = maybe_handle  # type: ignore[method-assign]
    setattr(ScriptRunner, _INSTALLED, True)
    return True


def installed() -> bool:
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    return bool(getattr(ScriptRunner, _INSTALLED, False))
