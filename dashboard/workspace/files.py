"""Files and folders the server and the command line write, readable by their owner only.

The workspace's SQLite file, backups and exports hold every assessment, draft and author: they are created 0600 and
their folders 0700 (they were 0644 and 0755, readable by every account on the machine). An existing file keeps its
owner-only mode when it is overwritten; an existing folder is left as its owner set it.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def private_folder(folder: Path) -> Path:
    """Create `folder` (and its missing parents) readable by its owner only; an existing one is left as it is."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        path.mkdir(mode=FOLDER_MODE, exist_ok=True)
        os.chmod(path, FOLDER_MODE)  # mkdir's mode passes through the umask; this does not
    return folder


def write_private(path: Path, content: str | bytes) -> Path:
    """Write `content` (text as UTF-8) to `path`, created or truncated with mode 0600 before a byte is written."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)  # an existing file keeps its owner, and gets the private mode too
        with os.fdopen(fd, "wb") as out:
            fd = -1
            out.write(data)
    finally:
        if fd != -1:
            os.close(fd)
    return path
