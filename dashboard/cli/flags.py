"""Command-line options that keep the server closed and its secrets off the command line.

`serve`'s TLS, host-name and rate options are declared here (the checks are in serve.py). Any `--workspace URL` that
carries a password is refused before anything runs: every local account can read a process's command line (`ps`),
so the password belongs in `.streamlit/secrets.toml`, `DASHBOARD_WORKSPACE`, PGPASSWORD or a PGPASSFILE.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dashboard.settings import SERVE_ACCESS_LOG, SERVE_RATE_LIMIT, WORKSPACE_ENV

PASSWORD_REFUSED = (
    "--workspace carries a password, which every account on this machine can read in the process list (ps). Give "
    "the URL without it ({url}) and the password through PGPASSWORD, a PGPASSFILE (~/.pgpass, mode 0600), "
    "${env} or [connections.workspace] in .streamlit/secrets.toml (docs/workspace.md)"
)


def add_serve_security(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cert", type=Path, default=None, help="TLS certificate (PEM) for HTTPS; with --key")
    p.add_argument("--key", type=Path, default=None, help="the certificate's private key (PEM)")
    p.add_argument(
        "--http-port", type=int, default=None, help="also answer plain HTTP here, only to redirect it to HTTPS"
    )
    p.add_argument(
        "--behind-tls-proxy",
        action="store_true",
        help="a proxy in front of this one terminates TLS (instead of --cert/--key on a network address)",
    )
    p.add_argument(
        "--allowed-host",
        dest="allowed_hosts",
        action="append",
        default=[],
        metavar="NAME",
        help="a host name users open (repeat for more); any other Host header is refused",
    )
    p.add_argument(
        "--access-log",
        type=Path,
        default=Path(SERVE_ACCESS_LOG),
        metavar="FILE",
        help=f"HAProxy's access log, one line per request, appended (default: {SERVE_ACCESS_LOG})",
    )
    p.add_argument(
        "--rate-limit",
        type=int,
        default=SERVE_RATE_LIMIT,
        help=f"requests one client address may make in 10 s (default: {SERVE_RATE_LIMIT})",
    )


def password_on_command_line(args: Any) -> str | None:
    """Why the command line is refused (a `--workspace` URL with a password), or None."""
    url = getattr(args, "workspace", None)
    if not url:
        return None
    from sqlalchemy.engine import URL, make_url  # only when a URL is given: most commands start faster without it
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return None  # not a URL: the workspace says so, naming the option
    if parsed.password is None:
        return None
    without = URL.create(
        parsed.drivername, parsed.username, None, parsed.host, parsed.port, parsed.database, parsed.query
    ).render_as_string(hide_password=False)
    return PASSWORD_REFUSED.format(url=without, env=WORKSPACE_ENV)
