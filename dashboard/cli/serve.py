"""`python -m dashboard serve`: the team deployment on one machine.

One Python process runs on one core, so a room of users opening the dashboard together queue behind each other.
`serve` starts N app processes (README's run command, one per core by default), each on its own local port, behind
HAProxy (Debian's `haproxy` package; never a proxy of our own). HAProxy sends each new browser session to the least
busy process and keeps it there with a cookie (`dashboard_replica`): a Streamlit session lives in one process, and
its WebSocket, uploads and downloads must all reach that process. Every process uses the same workspace database
(SQLite on one host; PostgreSQL when the processes run on several hosts), so a version saved through one is seen
through all. `serve` prepares the database once before the processes start, so they never race to create it, and
stops everything it started when it exits (Ctrl+C, SIGTERM, or any process dying).

Closed by default: `serve` listens on 127.0.0.1. On another address the app is reachable from the network, so `serve`
refuses to start unless sign-in is configured (an [auth] section in .streamlit/secrets.toml, docs/serving.md), the
traffic is encrypted (--cert/--key, or --behind-tls-proxy) and the host names users open are known (--allowed-host);
it tells its app processes that sign-in is required (DASHBOARD_SIGN_IN=required): they listen on loopback themselves,
behind HAProxy, which refuses foreign Host and Origin headers, limits each client's request rate and sets the
security headers (`haproxy_config`).
"""

from __future__ import annotations

import os
import re
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

from dashboard.cli.haproxy import Backend, Front, haproxy_config
from dashboard.settings import (
    LOOPBACK,
    SERVE_ACCESS_LOG,
    SERVE_HOST,
    SERVE_PORT,
    SERVE_RATE_LIMIT,
    SERVE_START_TIMEOUT,
    SIGN_IN_ENV,
    WORKSPACE_ENV,
    workspace_url_from_env,
)

ROOT = Path(__file__).resolve().parents[2]  # the checkout
APP = Path(__file__).resolve().parents[1] / "app.py"
WILDCARD = ("0.0.0.0", "::")
HOST_NAME = re.compile(r"[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?)*")


class ServeError(Exception):
    """Something `serve` cannot do, with what to do about it."""


def workspace_url(explicit: str | None, root: Path | None = None) -> str:
    """The database every process shares: --workspace, else DASHBOARD_WORKSPACE, else [connections.workspace] in
    .streamlit/secrets.toml, else the app's own SQLite file. A secrets file that cannot be read, or a workspace
    section without a usable url, is a `ServeError`: falling back would quietly serve a new, empty SQLite file."""
    from dashboard.workspace.connection import default_url

    if explicit:
        return explicit
    from_env = workspace_url_from_env()
    if from_env:
        return from_env
    secrets_file = (root or ROOT) / ".streamlit" / "secrets.toml"
    if not secrets_file.is_file():
        return default_url()
    try:
        doc = tomllib.loads(secrets_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ServeError(
            f"{secrets_file} cannot be read ({exc}); fix it, or name the workspace with --workspace"
        ) from None
    connections = doc.get("connections", {})
    section = connections.get("workspace") if isinstance(connections, dict) else None
    if section is None:
        return default_url()
    url = section.get("url") if isinstance(section, dict) else None
    hint = 'e.g. url = "postgresql+psycopg://dashboard@db-host/dashboard" (docs/workspace.md)'
    if not isinstance(url, str) or not url.strip():
        raise ServeError(f"{secrets_file}, [connections.workspace]: no url; give the database's URL, {hint}")
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        make_url(url)
    except ArgumentError:
        raise ServeError(f"{secrets_file}, [connections.workspace]: url is not a database URL; {hint}") from None
    return url


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
    if url.startswith("tcp://"):
        address, _, tcp_port = url.removeprefix("tcp://").rpartition(":")
        try:
            socket.create_connection((address, int(tcp_port)), timeout=2).close()
            return True
        except OSError:
            return False
    try:
        return urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok"
    except OSError:
        return False


class Deployment:
    """The processes `serve` started; `stop()` ends them all, whatever state they are in."""

    def __init__(self) -> None:
        self.processes: list[tuple[str, subprocess.Popen]] = []

    def start(
        self, name: str, command: list[str], env: dict[str, str], quiet: bool = False, log: int | None = None
    ) -> subprocess.Popen:
        # An app process's own "open http://...:port" notice would send users round the proxy: only errors show.
        out = subprocess.DEVNULL if quiet else log
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


def _access_log(path: Path) -> int:
    """The access log opened for appending (created 0600, its folder 0700): who reached the server, and when."""
    from dashboard.workspace.files import FILE_MODE, private_folder

    try:
        private_folder(path.parent)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, FILE_MODE)
    except OSError as exc:
        raise ServeError(f"cannot write the access log {path}: {exc.strerror}; choose another (--access-log)") from exc
    os.fchmod(fd, FILE_MODE)
    return fd


def find_haproxy() -> str | None:
    """HAProxy on the path, or where Debian puts it (/usr/sbin is not on every user's path)."""
    return shutil.which("haproxy") or next(
        (p for p in ("/usr/sbin/haproxy", "/usr/local/sbin/haproxy") if Path(p).is_file()), None
    )


NO_TLS = (
    "refusing to serve on {host} over plain HTTP: anyone on the network could read the assessments and sign-in "
    "cookies in transit. Give a certificate (--cert FILE --key FILE; add --http-port 80 to redirect plain HTTP to "
    "HTTPS), or, when a proxy in front of this one terminates TLS, say so with --behind-tls-proxy "
    "(docs/serving.md, Closed by default)"
)


@dataclass(frozen=True)
class Options:
    """`serve`'s command-line options, as given."""

    replicas: int | None = None
    port: int = SERVE_PORT
    host: str = SERVE_HOST
    workspace: str | None = None
    cert: Path | None = None
    key: Path | None = None
    http_port: int | None = None
    behind_tls_proxy: bool = False
    allowed_hosts: tuple[str, ...] = ()
    rate_limit: int = SERVE_RATE_LIMIT
    access_log: Path = Path(SERVE_ACCESS_LOG)


def host_names(host: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    """The host names users may open: --allowed-host, plus the address itself when it is one; on loopback also
    localhost and 127.0.0.1. A wildcard address with no names is refused: every Host would then be foreign."""
    names = [n.strip().lower() for n in allowed if n.strip()]
    for name in names:
        if not HOST_NAME.fullmatch(name):
            raise ServeError(
                f"--allowed-host {name!r} is not a host name (letters, digits, '.', '-'; no port or scheme), "
                "e.g. --allowed-host dashboard.example.org"
            )
    if host in LOOPBACK:
        names += ["localhost", "127.0.0.1"]
    elif host not in WILDCARD:
        names.append(host.lower())
    if not names:
        raise ServeError(
            f"--host {host} listens on every address: name the host names users open, e.g. --allowed-host "
            "dashboard.example.org (any other Host header is refused)"
        )
    return tuple(dict.fromkeys(names))


def check_tls(options: Options, tmp: Path) -> Path | None:
    """HAProxy's PEM (certificate then key, 0600 in `tmp`) when --cert/--key are given; `ServeError` when TLS is
    required (an address other than loopback) and neither a certificate nor --behind-tls-proxy says how."""
    if (options.cert is None) != (options.key is None):
        raise ServeError("--cert and --key go together: give the certificate (PEM) and its private key (PEM)")
    if options.http_port is not None and options.cert is None:
        raise ServeError("--http-port redirects plain HTTP to HTTPS, so it needs --cert and --key")
    if options.cert is None or options.key is None:
        if options.host not in LOOPBACK and not options.behind_tls_proxy:
            raise ServeError(NO_TLS.format(host=options.host))
        return None
    parts = []
    for flag, path in (("--cert", options.cert), ("--key", options.key)):
        try:
            parts.append(path.read_text(encoding="ascii"))
        except (OSError, UnicodeDecodeError) as exc:
            raise ServeError(f"{flag} {path}: cannot be read ({exc}); give a PEM file this user can read") from None
        if "-----BEGIN " not in parts[-1]:
            raise ServeError(f"{flag} {path}: not a PEM file (no '-----BEGIN' line); convert it with openssl")
    pem = tmp / "tls.pem"
    fd = os.open(pem, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write("\n".join(p.strip() for p in parts) + "\n")
    return pem


def serve(options: Options) -> int:
    haproxy = find_haproxy()
    if haproxy is None:
        raise ServeError("HAProxy is not installed; install Debian's package (apt-get install haproxy) and run again")
    count = options.replicas or os.cpu_count() or 1
    if count < 1:
        raise ServeError(f"--replicas must be at least 1, not {count}")
    if options.rate_limit < 1:
        raise ServeError(f"--rate-limit must be at least 1 request per 10 s, not {options.rate_limit}")
    host, port = options.host, options.port
    names = host_names(host, options.allowed_hosts)
    sign_in = check_sign_in(host, ROOT)
    with tempfile.TemporaryDirectory(prefix="dashboard-tls-") as tls_tmp:
        pem = check_tls(options, Path(tls_tmp))  # every refusal before the database is touched
        url = workspace_url(options.workspace)
        front = Front(host, port, names, pem, options.http_port, options.behind_tls_proxy, options.rate_limit)
        return _run(haproxy, count, front, url, sign_in, options.access_log)


def _run(haproxy: str, count: int, front: Front, url: str, sign_in: bool, access_log: Path) -> int:
    host, port = front.host, front.port
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
            config.write_text(haproxy_config(front, backends), encoding="utf-8")
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
                        # The names users open, checked again by each process on its WebSockets.
                        *(a for n in front.names for a in ("--server.allowedHosts", n)),
                    ],
                    {**env, "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret},
                    quiet=True,
                )
            _wait(deployment, [f"http://{b.host}:{b.port}" for b in backends], stop, "see its messages above")
            log = _access_log(access_log)
            deployment.start("haproxy", [haproxy, "-db", "-f", str(config)], env, log=log)
            os.close(log)  # HAProxy holds its own copy
            local = "127.0.0.1" if host in WILDCARD else host
            # HAProxy is ready when it accepts connections (an HTTP check would need an allowed Host and TLS).
            ports = [port] + ([front.http_port] if front.cert and front.http_port else [])
            _wait(deployment, [f"tcp://{local}:{p}" for p in ports], stop, f"is port {port} free? choose another")
            scheme = "https" if front.https else "http"
            print(
                f"Serving on {scheme}://{front.names[0]}:{port}: {count} app process{'es' if count != 1 else ''} "
                f"behind HAProxy, sharing the workspace {describe(url)}. Ctrl+C stops them all.",
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


def serve_options(args: object) -> Options:
    """`Options` from the parsed command line (dashboard/cli/flags.py declares the security options)."""
    return Options(
        replicas=getattr(args, "replicas", None),
        port=getattr(args, "port", SERVE_PORT),
        host=getattr(args, "host", SERVE_HOST),
        workspace=getattr(args, "workspace", None),
        cert=getattr(args, "cert", None),
        key=getattr(args, "key", None),
        http_port=getattr(args, "http_port", None),
        behind_tls_proxy=bool(getattr(args, "behind_tls_proxy", False)),
        allowed_hosts=tuple(getattr(args, "allowed_hosts", ()) or ()),
        rate_limit=getattr(args, "rate_limit", SERVE_RATE_LIMIT),
        access_log=Path(getattr(args, "access_log", SERVE_ACCESS_LOG)),
    )
