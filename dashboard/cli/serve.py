"""`python -m dashboard serve`: the team deployment on one machine.

One Python process runs on one core, so a room of users opening the dashboard together queue behind each other.
`serve` starts N app processes (README's run command, one per core by default), each on its own local port, behind
HAProxy (Debian's `haproxy` package; never a proxy of our own). HAProxy sends each new browser session to the least
busy process and keeps it there with a cookie (`dashboard_replica`): a Streamlit session lives in one process, and
its WebSocket, uploads and downloads must all reach that process. Every process uses the same workspace database
(SQLite on one host; PostgreSQL when the processes run on several hosts), so a version saved through one is seen
through all. `serve` prepares the database once before the processes start, so they never race to create it, and
stops everything it started when it exits (Ctrl+C, SIGTERM, or any process dying).

On an address other than loopback the app is reachable from the network, so `serve` refuses to start unless sign-in
is configured (an [auth] section in .streamlit/secrets.toml, docs/serving.md), and tells its app processes that
sign-in is required (DASHBOARD_SIGN_IN=required): they listen on loopback themselves, behind HAProxy.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from dashboard.settings import LOOPBACK, SERVE_START_TIMEOUT, SIGN_IN_ENV, WORKSPACE_ENV, workspace_url_from_env

ROOT = Path(__file__).resolve().parents[2]  # the checkout
APP = Path(__file__).resolve().parents[1] / "app.py"
COOKIE = "dashboard_replica"


class ServeError(Exception):
    """Something `serve` cannot do, with what to do about it."""


@dataclass(frozen=True)
class Backend:
    name: str
    host: str
    port: int


def haproxy_config(host: str, port: int, backends: list[Backend]) -> str:
    """HAProxy's configuration for `backends` behind `host:port`; docs/serving.md shows it for a layout across hosts."""
    servers = "\n".join(f"    server {b.name} {b.host}:{b.port} check cookie {b.name}" for b in backends)
    return f"""global
    maxconn 4096

defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # A Streamlit session is one long-lived WebSocket.
    timeout tunnel 1h
    timeout http-request 30s

frontend dashboard
    bind {host}:{port}
    default_backend apps

backend apps
    # A new session goes to the least busy process; the cookie keeps it there.
    balance leastconn
    cookie {COOKIE} insert indirect nocache httponly
    option httpchk GET /_stcore/health
    http-check expect string ok
    http-response set-header X-Served-By %[srv_name]
{servers}
"""


def workspace_url(explicit: str | None) -> str:
    """The database every process shares: --workspace, else DASHBOARD_WORKSPACE, else [connections.workspace] in
    .streamlit/secrets.toml, else the app's own SQLite file."""
    from dashboard.workspace.connection import default_url

    if explicit:
        return explicit
    from_env = workspace_url_from_env()
    if from_env:
        return from_env
    secrets_file = ROOT / ".streamlit" / "secrets.toml"
    if secrets_file.is_file():
        try:
            url = tomllib.loads(secrets_file.read_text(encoding="utf-8"))["connections"]["workspace"]["url"]
            if isinstance(url, str) and url:
                return url
        except (KeyError, TypeError, tomllib.TOMLDecodeError):
            pass
    return default_url()


def _secrets(root: Path = ROOT) -> dict:
    secrets_file = root / ".streamlit" / "secrets.toml"
    try:
        return tomllib.loads(secrets_file.read_text(encoding="utf-8")) if secrets_file.is_file() else {}
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def login_configured(root: Path = ROOT) -> bool:
    """Whether .streamlit/secrets.toml configures Streamlit's sign-in (an [auth] section)."""
    return isinstance(_secrets(root).get("auth"), dict)


NO_LOGIN = (
    "refusing to serve on {host}: anyone on the network could open every assessment set. Configure sign-in "
    "first: add an [auth] section to .streamlit/secrets.toml with redirect_uri, cookie_secret, client_id, "
    "client_secret and server_metadata_url of your identity provider (docs/serving.md), or serve on 127.0.0.1 "
    "(--host 127.0.0.1) for this machine only"
)


def check_sign_in(host: str, root: Path) -> bool:
    """True when sign-in is required (a non-loopback address); `ServeError` when it is required but not configured."""
    if host in LOOPBACK:
        return False
    if not login_configured(root):
        raise ServeError(NO_LOGIN.format(host=host))
    return True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        return urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok"
    except OSError:
        return False


class Deployment:
    """The processes `serve` started; `stop()` ends them all, whatever state they are in."""

    def __init__(self) -> None:
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(self, name: str, command: list[str], env: dict[str, str], quiet: bool = False) -> subprocess.Popen:
        # An app process's own "open http://...:port" notice would send users round the proxy: only errors show.
        out = subprocess.DEVNULL if quiet else None
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=out)
        self.processes.append((name, proc))
        return proc

    def exited(self) -> list[tuple[str, int]]:
        return [(name, p.returncode) for name, p in self.processes if p.poll() is not None]

    def stop(self) -> None:
        for _, proc in self.processes:
            if proc.poll() is None:
                proc.terminate()
        deadline = time.time() + 15
        for _, proc in self.processes:
            try:
                proc.wait(timeout=max(0.1, deadline - time.time()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def find_haproxy() -> str | None:
    """HAProxy on the path, or where Debian puts it (/usr/sbin is not on every user's path)."""
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).is_file()), None
    )


def serve(replicas: int | None, port: int, host: str, workspace: str | None) -> int:
    haproxy = find_haproxy()
    if haproxy is None:
        raise ServeError("HAProxy is not installed; install Debian's package (apt-get install haproxy) and run again")
    count = replicas or os.cpu_count() or 1
    if count < 1:
        raise ServeError(f"--replicas must be at least 1, not {count}")
    sign_in = check_sign_in(host, ROOT)
    url = workspace_url(workspace)

    # Create, migrate and seed the database once, before any process starts: they would race on a new one.
    from dashboard.workspace import service as W
    from dashboard.workspace.connection import describe
    from dashboard.workspace.records import WorkspaceError
    from dashboard.workspace.repository import open_workspace

    try:
        W.seed(open_workspace(url))
    except WorkspaceError as exc:
        raise ServeError(f"{exc}; check --workspace or DASHBOARD_WORKSPACE") from exc

    backends = [Backend(f"app{k + 1}", "127.0.0.1", _free_port()) for k in range(count)]
    env = {**os.environ, WORKSPACE_ENV: url, "PYTHONUNBUFFERED": "1"}
    if sign_in:
        env[SIGN_IN_ENV] = "required"
    # One cookie secret for all, so the XSRF cookie one process set is accepted by another after a failover.
    cookie_secret = secrets.token_hex(32)
    deployment = Deployment()
    stop = {"signal": 0}

    def _on_signal(signum: int, _frame: object) -> None:
        stop["signal"] = signum

    previous = {sig: signal.signal(sig, _on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with tempfile.TemporaryDirectory(prefix="dashboard-serve-") as tmp:
            config = Path(tmp) / "haproxy.cfg"
            config.write_text(haproxy_config(host, port, backends), encoding="utf-8")
            check = subprocess.run([haproxy, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
            if check.returncode != 0:
                raise ServeError(f"HAProxy refused its configuration: {check.stderr.strip() or check.stdout.strip()}")
            for b in backends:
                deployment.start(
                    b.name,
                    [
                        sys.executable,
                        "-m",
                        "streamlit",
                        "run",
                        str(APP),
                        "--server.port",
                        str(b.port),
                        "--server.address",
                        b.host,
                        "--server.headless",
                        "true",
                    ],
                    {**env, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret},
                    quiet=True,
                )
            _wait(deployment, [f"http://{b.host}:{b.port}" for b in backends], stop, "see its messages above")
            deployment.start("haproxy", [haproxy, "-db", "-f", str(config)], env)
            shown = "localhost" if host in ("0.0.0.0", "127.0.0.1", "::") else host
            local = "127.0.0.1" if host in ("0.0.0.0", "::") else host
            _wait(deployment, [f"http://{local}:{port}"], stop, f"is port {port} free? choose another with --port")
            print(
                f"Serving on http://{shown}:{port}: {count} app process{'es' if count != 1 else ''} behind HAProxy, "
                f"sharing the workspace {describe(url)}. Ctrl+C stops them all.",
                flush=True,
            )
            while not stop["signal"]:
                if died := deployment.exited():
                    name, code = died[0]
                    print(f"error: {name} exited with code {code}; stopping the others", file=sys.stderr)
                    return 1
                time.sleep(0.5)
            return 0
    finally:
        deployment.stop()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _wait(deployment: Deployment, urls: list[str], stop: dict[str, int], hint: str) -> None:
    deadline = time.time() + SERVE_START_TIMEOUT
    pending = list(urls)
    while pending:
        if stop["signal"]:
            raise ServeError("stopped before every process had started")
        if died := deployment.exited():
            name, code = died[0]
            raise ServeError(f"{name} exited with code {code} while starting; {hint}")
        if time.time() > deadline:
            raise ServeError(f"not every process answered within {SERVE_START_TIMEOUT} s: {', '.join(pending)}")
        pending = [u for u in pending if not _healthy(u)]
        if pending:
            time.sleep(0.3)
