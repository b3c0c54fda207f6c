"""The set as YAML for the download button, written only when the button is pressed.

Streamlit calls the button's callable on a thread of its own, after the run that drew the button, and a click in the
criteria step (a fragment) does not draw the button again: so the callable reads the data from a holder that each
run, the step's included, keeps up to date. Writing the YAML on every run had cost a tenth of each click on Assess
(issue 21).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from dashboard.core.models import AssessmentSet
from dashboard.render.export import assessments_yaml

_HOLDER = "assess_download_holder"


def source(data: AssessmentSet) -> Callable[[], str]:
    """Make `data` what the download gives; returns the callable for `st.download_button`."""
    holder: dict[str, Any] = st.session_state.setdefault(_HOLDER, {})
    holder["data"] = data
    return lambda: assessments_yaml(holder["data"])
