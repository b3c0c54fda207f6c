"""Safe names: the ids that become parts of file names, folders and addresses.

A set, rubric or source id comes from a user (a file, an upload, an address, `--set` on the command line), and some
become file names (a backup's folders and files). Each is checked where it enters to be an id: letters, digits, '_'
and '-', starting with a letter or digit, at most 100 characters; so no '/', '..', absolute path or hidden file. And
every file written from one is checked, once its path is resolved, to lie inside the folder it was meant for.
"""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.words import say

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")


def is_id(text: object) -> bool:
    """Whether `text` is a safe id."""
    return isinstance(text, str) and ID.fullmatch(text) is not None


def check_id(value: object, what: str) -> str:
    """`value` when it is a safe id; else `ValueError` naming `what` (e.g. "set id"), the value and the rule."""
    if not is_id(value):
        raise ValueError(say("names.not_an_id", what=what, value=str(value)[:120]))
    return str(value)


def file_part(text: str, fallback: str) -> str:
    """`text` for use in a file name when it is a safe id (or a version such as 1.1.0), else `fallback`."""
    return text if ID.fullmatch(text.replace(".", "-")) else fallback


def inside(folder: Path, name: str) -> Path:
    """`folder / name` resolved, when it lies inside `folder`; else `ValueError` naming both."""
    root = folder.resolve()
    path = (root / name).resolve()
    if path == root or not path.is_relative_to(root):
        raise ValueError(say("names.outside_folder", name=name, folder=str(folder)))
    return path
