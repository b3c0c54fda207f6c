"""The main script: page config, the shared sidebar, navigation. Run through `dashboard/app.py` (README).

`python -m streamlit run dashboard/main.py` also works; it only misses the warm-up that app.py starts. The two entry
scripts sit at the package's top, beside `static/`, because Streamlit serves `static/` from the main script's folder;
everything they run lives in `ui/`.
"""

import sys
from pathlib import Path

# Streamlit puts only the script's folder on sys.path; the package imports need the checkout.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard.ui import callbacks_finish, state, workspace_session  # noqa: E402

callbacks_finish.install()  # a rerun asked for while callbacks run waits until they are done (see the module)

PAGES = Path(__file__).resolve().parent / "ui" / "app_pages"
# A local file: a Material or emoji page icon makes every browser fetch the favicon from an outside host.
ICON = Path(__file__).resolve().parent / "static" / "icon.png"

st.set_page_config(page_title="Civil-liberties risk dashboard", page_icon=str(ICON), layout="wide")
# Team mode: nothing of a set before sign-in, and nothing at all for a user with access to no set. Before the
# navigation, so no page runs (pages are the view, the workspace is the check).
if not workspace_session.gate():
    st.stop()
state.init()
if workspace_session.no_access():
    st.stop()
navigation = st.navigation(
    [
        st.Page(PAGES / "overview.py", title="Overview", icon=":material/dashboard:", default=True),
        st.Page(PAGES / "technology.py", title="Technology profile", icon=":material/policy:"),
        st.Page(PAGES / "compare.py", title="Compare", icon=":material/compare_arrows:"),
        st.Page(PAGES / "whatif.py", title="What-if", icon=":material/tune:"),
        st.Page(PAGES / "sensitivity.py", title="Sensitivity", icon=":material/analytics:"),
        st.Page(PAGES / "briefing.py", title="Briefing", icon=":material/description:"),
        st.Page(PAGES / "method.py", title="Method", icon=":material/menu_book:"),
        st.Page(PAGES / "assess.py", title="Assess", icon=":material/edit_note:"),
        st.Page(PAGES / "data.py", title="Data", icon=":material/upload_file:"),
        st.Page(PAGES / "history.py", title="History", icon=":material/history:"),
        st.Page(PAGES / "raters.py", title="Raters", icon=":material/groups:"),
        st.Page(PAGES / "review.py", title="Review", icon=":material/rate_review:"),
    ]
)
state.page_changed(navigation.url_path)
state.sidebar()
navigation.run()
