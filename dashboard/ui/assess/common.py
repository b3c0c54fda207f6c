"""What every Assess form shares: the draft it edits, the check before an edit is kept, the message beside it.

Each form makes one edit (`dashboard/core/authoring.py`), checks the result with the same rules as the command line
and puts it in the workspace draft at once; a problem is shown beside the form that caused it, and nothing is written.
"""

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.core import authoring as A
from dashboard.core.models import Rubric, Source
from dashboard.core.problems import InputError
from dashboard.core.text import md
from dashboard.ui import state
from dashboard.views.problem_words import in_words
from dashboard.workspace.records import WorkspaceError

s = st.session_state


class Feedback(dict[str, tuple[str, str]]):
    """Each form's last outcome by form key; an outcome set since it was last shown is *fresh*."""

    def __init__(self) -> None:
        super().__init__()
        self.fresh: set[str] = set()

    def __setitem__(self, key: str, value: tuple[str, str]) -> None:
        super().__setitem__(key, value)
        self.fresh.add(key)


def feedback() -> Feedback:
    """The outcome of each form's last use, by form key, kept in the session so it survives the rerun."""
    if not isinstance(s.get("assess_feedback"), Feedback):
        s.assess_feedback = Feedback()
    result: Feedback = s.assess_feedback
    return result


def show(key: str) -> None:
    """The outcome of the last use of form `key`, beside it; a fresh one also as a toast, because the form may sit at
    the bottom edge of the window, where a message under it would be out of sight (issue 21)."""
    outcomes = feedback()
    kind, text = outcomes.get(key, ("", ""))
    fresh = key in outcomes.fresh
    outcomes.fresh.discard(key)
    if kind == "error":
        st.error(text, icon=":material/error:")
        if fresh:
            st.toast(text, icon=":material/error:")
    elif kind == "ok":
        st.success(text, icon=":material/check:")
        if fresh:
            st.toast(text, icon=":material/check:")


def doc() -> A.Doc:
    """The session's assessment set as it is now, to edit."""
    return A.parse(state.inputs()[2].decode("utf-8"))


def problems_text(exc: InputError, new: A.Doc, rubric: Rubric) -> str:
    """Every problem of an edit, one a line, in the form's words (names, not the file's lines and paths)."""
    return md("\n".join(in_words(p, new, rubric) for p in exc.problems))


def commit(rubric: Rubric, key: str, new: A.Doc, message: str) -> bool:
    """Check `new` against the rubric and make it the draft; on a problem, say so beside the form and keep the old."""
    try:
        model = A.validated(new, rubric)
    except InputError as exc:
        feedback()[key] = ("error", problems_text(exc, new, rubric))
        return False
    state.replace_data(A.dump(new), validated=(rubric, model))
    feedback()[key] = ("ok", md(message))
    return True


def attempt(key: str, action: Callable[[], Any]) -> None:
    """Run a form's action; an AuthoringError is the user's to fix and is shown beside the form."""
    outcomes = feedback()
    outcomes.pop(key, None)
    try:
        action()
    except A.AuthoringError as exc:
        outcomes[key] = ("error", md(str(exc)[:1].upper() + str(exc)[1:] + "."))
    except InputError as exc:
        outcomes[key] = ("error", problems_text(exc, doc(), state.loaded()[0]))
    except WorkspaceError as exc:
        outcomes[key] = ("error", md(str(exc)))


def item_buttons() -> Any:
    """A row under a listed item for its buttons, each as wide as its words: in a narrow column beside the item
    they were cut off ('Remove evide...') at every width (issue 21)."""
    return st.container(horizontal=True)


def removable(
    rubric: Rubric, col: Any, button_key: str, what: str, feedback_key: str, where: tuple[str, ...], index: int
) -> None:
    """A remove button that asks first: the item goes only on 'Yes, remove ...'."""
    if s.get("pending_removal") == button_key:

        def _remove() -> None:
            s.pending_removal = None
            commit(rubric, feedback_key, A.remove_item(doc(), s.assess_tech, where, index), f"Removed {what}.")

        col.button(f"Yes, remove {what}", key=f"{button_key}::yes", on_click=lambda: attempt(feedback_key, _remove))
        col.button(f"Keep {what}", key=f"{button_key}::no", on_click=lambda: s.__setitem__("pending_removal", None))
    else:
        col.button(f"Remove {what}", key=button_key, on_click=lambda: s.__setitem__("pending_removal", button_key))


def source_label(x: Source) -> str:
    """A source as the selectboxes list it: title, publisher, id and reliability grade."""
    return f"{x.title} ({x.publisher or 'no publisher'}; {x.id}; {x.reliability})"
