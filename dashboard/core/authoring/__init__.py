"""Writing an assessment set in the app: each edit is a pure function from one document to the next.

The document is the assessment file as data (the YAML interchange format as dicts and lists), so what a form writes
is exactly what the file says. Every function returns a new document and never changes its input; `validated()`
checks the result against the rubric with the same located problems as the command line, so nothing invalid reaches
a draft. Nothing here imports streamlit.
"""

from dashboard.core.authoring.document import CONFIDENCE, AuthoringError, Doc, dump, lines, make_id, parse, validated
from dashboard.core.authoring.progress import Progress, progress, technology_progress
from dashboard.core.authoring.scores import Judgement, add_score_evidence, clear_score, evidence, set_score
from dashboard.core.authoring.sources import (
    add_flag,
    add_safeguard_evidence,
    citations,
    record_check,
    register_source,
    remove_source,
    set_safeguard,
)
from dashboard.core.authoring.technologies import (
    add_excerpt,
    add_technology,
    copy_technology,
    deployment,
    duplicate_set,
    duplicate_technology,
    new_set,
    remove_item,
    remove_technology,
    update_technology,
)

__all__ = [
    "CONFIDENCE",
    "AuthoringError",
    "Doc",
    "Judgement",
    "Progress",
    "add_excerpt",
    "add_flag",
    "add_safeguard_evidence",
    "add_score_evidence",
    "add_technology",
    "citations",
    "clear_score",
    "copy_technology",
    "deployment",
    "dump",
    "duplicate_set",
    "duplicate_technology",
    "evidence",
    "lines",
    "make_id",
    "new_set",
    "parse",
    "progress",
    "record_check",
    "register_source",
    "remove_item",
    "remove_source",
    "remove_technology",
    "set_safeguard",
    "set_score",
    "technology_progress",
    "update_technology",
    "validated",
]
