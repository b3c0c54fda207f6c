"""Capacity: many sessions at once, each opening What-if and moving a weight slider, against one app process and
against `python -m dashboard serve`.

The client is browser-free but speaks what a browser speaks: it loads the page over HTTP (cookies included, so a
proxy's sticky cookie comes back), opens `/_stcore/stream` with the same sub-protocols, and sends the protobuf
BackMsgs a browser sends (recorded once from Chromium): `rerun_script` with the page name, the query string the
app set, the messages it holds in its cache, and the moved widget's state, plus the fragment id when the widget
lives in a fragment. It reads ForwardMsgs until the rerun finishes and checks, after every move, that the
ranking chart's scores changed. One asyncio loop drives every session, so the clients cost almost nothing.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from benchmarks.chromium import free_port, run_command
from benchmarks.results import Result, user_env

ROOT = Path(__file__).resolve().parent.parent
PAGE = "whatif"
GROUP_SLIDER = "weight::"  # the weight sliders' keys start so; the one moved is the first whose label matches
SLIDER_LABEL = "Risk of injury or death"
CHART_KEY = "whatif_rank"
FINISHED = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}
SESSIONS = (1, 5, 20, 50)
WARM_SESSIONS = 4  # before measuring; serve's least-connections balance gives each of two processes two
MOVES = 3
RECV_TIMEOUT = 120  # seconds without a message before a session counts as failed, never a hang


@dataclass
class SessionResult:
    page_load: float | None = None
    moves: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    replica: str = ""
    sign_in: float | None = None


class Session:
    """One browser-like session on the app at `base` (http://host:port)."""

    def __init__(self, base: str, cookies: dict[str, str] | None = None) -> None:
        self.base = base
        self.cookies: dict[str, str] = dict(cookies or {})
        self.query = ""
        self.cache: dict[str, ForwardMsg] = {}
        self.elements: dict[tuple[int, ...], tuple[str, Any]] = {}  # delta path -> (fragment id, element)
        self.replica = ""
        self.page_hash = ""  # the page the server ran last (navigation): a browser names it on every later rerun
        self.ws: Any = None
        self.auth_redirect = ""  # where the app sent the browser to sign in (st.login)

    def _get(self, path: str) -> None:
        request = urllib.request.Request(self.base + path)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            self.replica = response.headers.get("X-Served-By", self.replica or "")
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value

    async def open(self, page: str) -> float:
        """Load the page and run it; returns seconds from the first request to the end of the first run."""
        import websockets

        start = time.perf_counter()
        await asyncio.to_thread(self._get, f"/{page}")
        # A browser's page then asks the server's health, which sets the XSRF cookie: Streamlit reads a signed-in
        # user's cookie on the WebSocket only with that token.
        await asyncio.to_thread(self._get, "/_stcore/health")
        ws_url = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        protocols = ["streamlit", self.cookies["_streamlit_xsrf"]] if "_streamlit_xsrf" in self.cookies else None
        self.ws = await websockets.connect(
            ws_url,
            subprotocols=protocols,  # type: ignore[arg-type]
            additional_headers={"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())},
            origin=self.base,  # type: ignore[arg-type]
            max_size=None,
            compression="deflate",
        )
        await self._rerun(page_name=page)
        return time.perf_counter() - start

    async def _rerun(self, page_name: str = "", widget: Any = None, fragment_id: str = "") -> None:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        if page_name or not self.page_hash:
            state.page_name = page_name or PAGE
        else:
            state.page_script_hash = self.page_hash
        state.fragment_id = fragment_id
        state.cached_message_hashes.extend(self.cache)
        state.context_info.timezone = "UTC"
        state.context_info.locale = "en-US"
        state.context_info.url = f"{self.base}/{PAGE}"
        if widget is not None:
            state.widget_states.widgets.append(widget)
        assert self.ws is not None
        await self.ws.send(msg.SerializeToString())
        while True:
            fwd = ForwardMsg()
            try:
                fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), RECV_TIMEOUT))
            except TimeoutError as exc:
                raise RuntimeError(f"no answer from the server for {RECV_TIMEOUT} s") from exc
            if fwd.WhichOneof("type") == "ref_hash":
                cached = self.cache.get(fwd.ref_hash)
                if cached is None:
                    raise RuntimeError(f"the server referred to a message this client never received ({fwd.ref_hash})")
                fwd = cached
            elif fwd.hash and fwd.metadata.cacheable:
                self.cache[fwd.hash] = fwd
            kind = fwd.WhichOneof("type")
            if kind == "auth_redirect":
                self.auth_redirect = fwd.auth_redirect.url
            if kind == "page_info_changed":
                self.query = fwd.page_info_changed.query_string
            elif kind == "navigation":
                self.page_hash = fwd.navigation.page_script_hash
            elif kind == "delta":
                self._delta(fwd)
            elif kind == "script_finished":
                if fwd.script_finished in FINISHED:
                    return
                if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    raise RuntimeError("the page failed to compile")

    def _delta(self, fwd: ForwardMsg) -> None:
        delta = fwd.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            raise RuntimeError(f"the page raised: {element.exception.message}")
        if kind in ("slider", "plotly_chart", "button"):
            self.elements[tuple(fwd.metadata.delta_path)] = (delta.fragment_id, getattr(element, kind))

    def slider(self, label: str) -> tuple[str, Any]:
        for fragment, el in self.elements.values():
            if hasattr(el, "label") and el.label.startswith(label) and GROUP_SLIDER in el.id:
                return fragment, el
        raise RuntimeError(f"no slider labelled {label!r} on the page")

    def ranking(self) -> list[float]:
        for _, el in self.elements.values():
            if hasattr(el, "spec") and CHART_KEY in el.id:
                spec = json.loads(el.spec)
                return [x for trace in spec["data"] for x in trace.get("x", [])]
        raise RuntimeError("no ranking chart on the page")

    async def move(self, label: str, value: float) -> float:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        fragment, el = self.slider(label)
        state = WidgetState(id=el.id)
        state.double_array_value.data.append(value)
        start = time.perf_counter()
        await self._rerun(widget=state, fragment_id=fragment)
        return time.perf_counter() - start

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def sign_in(self, sub: str) -> float:
        """As a person signs in: open the page (the sign-in page), press "Sign in", follow the app's redirect to the
        identity provider, choose the user there, and come back through the app's callback, which sets the session
        cookie. Returns the seconds it took; the page is then opened again, signed in."""
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        start = time.perf_counter()
        await self.open(PAGE)
        button = next(
            (
                el
                for _, el in self.elements.values()
                if getattr(el, "label", "") == "Sign in" and not hasattr(el, "max")
            ),
            None,
        )
        if button is None:
            raise RuntimeError("no 'Sign in' button on the page of a signed-out session")
        state = WidgetState(id=button.id, trigger_value=True)
        await self._rerun(widget=state)
        if not self.auth_redirect:
            raise RuntimeError("pressing 'Sign in' did not send the browser to the identity provider")
        await asyncio.to_thread(self._provider_round_trip, sub)
        await self.close()
        self.elements, self.cache, self.ws = {}, {}, None
        return time.perf_counter() - start

    def _provider_round_trip(self, sub: str) -> None:
        import http.cookiejar
        import urllib.parse

        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        host = urllib.parse.urlsplit(self.base).hostname or "127.0.0.1"
        for name, value in self.cookies.items():
            jar.set_cookie(
                http.cookiejar.Cookie(
                    0, name, value, None, False, host, False, False, "/", True, False, None, False, None, None, {}
                )
            )
        url = urllib.parse.urljoin(self.base + "/", self.auth_redirect)
        with opener.open(url, timeout=60) as page:  # the app's login route sends us on to the provider's form
            authorise = page.geturl()
            page.read()
        data = urllib.parse.urlencode({"sub": sub}).encode()
        with opener.open(urllib.request.Request(authorise, data=data), timeout=60) as back:  # -> app callback -> app
            back.read()
        for cookie in jar:
            if cookie.domain.lstrip(".") in (host, host + ".local") and cookie.value is not None:
                self.cookies[cookie.name] = cookie.value
        if not any(name.startswith("_streamlit_user") for name in self.cookies):
            raise RuntimeError("the app set no session cookie after the identity provider's answer")


def _values(slider: Any) -> list[float]:
    """Three positions, each a change from the one before: the top of the scale, the bottom, the middle."""
    lo, hi, step = slider.min, slider.max, slider.step or 1
    middle = lo + round((hi - lo) / 2 / step) * step
    return [hi, lo, middle][:MOVES]


async def one_session(base: str, barrier: asyncio.Event, sub: str = "") -> SessionResult:
    """One session: (signed in as `sub` first, when given), the page opened, the slider moved MOVES times."""
    result = SessionResult()
    session = Session(base)
    await barrier.wait()
    try:
        if sub:
            result.sign_in = await session.sign_in(sub)
        result.page_load = await session.open(PAGE)
        result.replica = session.replica
        before = session.ranking()
        for value in _values(session.slider(SLIDER_LABEL)[1]):
            result.moves.append(await session.move(SLIDER_LABEL, value))
            after = session.ranking()
            if after == before:
                result.errors.append(f"moving the slider to {value} did not change the ranking")
            before = after
    except Exception as exc:  # every failure is counted and named, never hides the others
        result.errors.append(f"{type(exc).__name__}: {exc}")
    finally:
        await session.close()
    return result


async def run_sessions(base: str, n: int, subs: list[str] | None = None) -> list[SessionResult]:
    barrier = asyncio.Event()
    tasks = [asyncio.create_task(one_session(base, barrier, subs[k] if subs else "")) for k in range(n)]
    await asyncio.sleep(0.05)
    barrier.set()  # all sessions start together
    return await asyncio.gather(*tasks)


# ------------------------------------------------------------------------------------------------ servers


def _cpu_seconds(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return total


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def process_tree(pid: int) -> list[int]:
    """A process and all its descendants (serve's replicas and proxy)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            children = []
        todo += [int(c) for c in children]
    return out


def _wait_healthy(base: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        try:
            if urllib.request.urlopen(base + "/_stcore/health", timeout=2).read() == b"ok":
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not become healthy")


def start_server(kind: str, workspace: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = user_env(DASHBOARD_WORKSPACE=workspace, PYTHONUNBUFFERED="1")
    if kind == "single":
        command = run_command(ROOT / "dashboard" / "app.py", port)
    else:
        # Every simulated session comes from this machine's one address: the per-client rate limit would count them
        # as one client, so the benchmark lifts it (it measures the app, not the limit).
        command = [sys.executable, "-m", "dashboard", "serve", "--port", str(port), "--host", "127.0.0.1"]
        command += ["--rate-limit", "1000000"]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    _wait_healthy(base, proc)
    return proc, base


def measure(kind: str, n: int, workspace: str) -> dict:
    proc, base = start_server(kind, workspace)
    try:
        # Warm-up, as on a server that has been up: a few sessions, so every app process has run the page once.
        asyncio.run(run_sessions(base, WARM_SESSIONS))
        pids = process_tree(proc.pid)
        cpu0 = _cpu_seconds(pids)
        start = time.perf_counter()
        results = asyncio.run(run_sessions(base, n))
        wall = time.perf_counter() - start
        pids = process_tree(proc.pid)
        cpu = _cpu_seconds(pids) - cpu0
        rss = _rss_mb(pids)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    moves = [m for r in results for m in r.moves]
    loads = [r.page_load for r in results if r.page_load is not None]
    errors = [e for r in results for e in r.errors]
    return {
        "kind": kind,
        "sessions": n,
        "move_p50": _pct(moves, 50),
        "move_p95": _pct(moves, 95),
        "move_max": max(moves, default=float("nan")),
        "load_p50": _pct(loads, 50),
        "load_p95": _pct(loads, 95),
        "errors": len(errors),
        "error_examples": errors[:3],
        "cpu_s": cpu,
        "cpu_per_session_s": cpu / n,
        "rss_mb": rss,
        "wall_s": wall,
        "replicas": len({r.replica for r in results if r.replica}),
    }


SET = "pakistan_china_policing"


def _provider(users: list[str]) -> tuple[subprocess.Popen, str]:
    """A real OpenID Connect provider on localhost (oidc-provider-mock) that knows `users` by sub and email."""
    port = free_port()
    claims = [json.dumps({"sub": u, "email": f"{u}@example.org", "name": u}) for u in users]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "oidc_provider_mock",
            "--port",
            str(port),
            *[a for c in claims for a in ("--user-claims", c)],
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:  # polled until it answers, never a fixed wait
        try:
            urllib.request.urlopen(base + "/.well-known/openid-configuration", timeout=2).read()
            return proc, base
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the OpenID Connect provider did not start")


def measure_signed_in(n: int, folder: Path) -> dict:
    """`n` sessions of people who each sign in once through the provider (readers of the set), then open What-if
    and move a slider, against one app process in team mode."""
    import shutil

    from dashboard.workspace import service
    from dashboard.workspace.repository import open_workspace

    users = [f"user{k}" for k in range(n + WARM_SESSIONS)]
    workspace = f"sqlite:///{folder / 'workspace.db'}"
    ws = open_workspace(workspace)
    service.seed(ws)
    for u in users:
        ws.add_user(f"{u}@example.org", u)
        ws.grant(SET, f"{u}@example.org", "reader")
    ws.engine.dispose()
    provider, issuer = _provider(users)
    port = free_port()
    (folder / ".streamlit").mkdir()
    shutil.copy(ROOT / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    (folder / ".streamlit" / "secrets.toml").write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "load-benchmark-cookie-secret"
client_id = "dashboard"
client_secret = "dashboard-secret"
server_metadata_url = "{issuer}/.well-known/openid-configuration"
""",
        encoding="utf-8",
    )
    env = user_env(DASHBOARD_WORKSPACE=workspace, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen(
        run_command(ROOT / "dashboard" / "app.py", port),
        cwd=folder,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, proc)
        asyncio.run(run_sessions(base, WARM_SESSIONS, users[n:]))
        results = asyncio.run(run_sessions(base, n, users[:n]))
    finally:
        for p in (proc, provider):
            p.terminate()
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
    moves = [m for r in results for m in r.moves]
    signs = [r.sign_in for r in results if r.sign_in is not None]
    errors = [e for r in results for e in r.errors]
    return {
        "move_p50": _pct(moves, 50),
        "move_p95": _pct(moves, 95),
        "sign_in_p95": _pct(signs, 95),
        "load_p95": _pct([r.page_load for r in results if r.page_load is not None], 95),
        "errors": len(errors),
        "error_examples": errors[:3],
    }


def _pct(values: list[float], p: int) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


GOALS = {20: (1.0, 3.0), 50: (3.0, None)}  # sessions -> (slider move p95, page load p95), seconds


def cpu_per_action(workspace: str, loads: int = 10, moves: int = 30) -> tuple[float, float]:
    """Server CPU (s) of one What-if page load and of one slider move, one session at a time on one process."""
    proc, base = start_server("single", workspace)

    async def measure_actions() -> tuple[float, float]:
        await run_sessions(base, 1)  # warm
        pids = process_tree(proc.pid)
        session = Session(base)
        await session.open(PAGE)
        slider = session.slider(SLIDER_LABEL)[1]
        await session.move(SLIDER_LABEL, slider.max)  # the first change reruns the whole app (the sidebar's count)
        values = [slider.min, slider.max]  # each move a change: a browser sends nothing for an unmoved slider
        before = _cpu_seconds(pids)
        for k in range(moves):
            await session.move(SLIDER_LABEL, values[k % 2])
        per_move = (_cpu_seconds(pids) - before) / moves
        await session.close()
        before = _cpu_seconds(pids)
        for _ in range(loads):
            other = Session(base)
            await other.open(PAGE)
            await other.close()
        return (_cpu_seconds(pids) - before) / loads, per_move

    try:
        return asyncio.run(measure_actions())
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def run() -> list[Result]:
    import tempfile

    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        per_load, per_move = cpu_per_action(f"sqlite:///{tmp}/workspace.db")
    results.append(Result("server CPU per What-if page load", per_load * 1000, "ms"))
    results.append(Result("server CPU per slider move (What-if fragment)", per_move * 1000, "ms"))
    from dashboard.cli.serve import find_haproxy

    kinds = ["single"] + (["serve"] if find_haproxy() else [])
    for kind in kinds:
        for n in SESSIONS:
            with tempfile.TemporaryDirectory() as tmp:
                m = measure(kind, n, f"sqlite:///{tmp}/workspace.db")
            move_goal, load_goal = GOALS.get(n, (None, None))
            label = f"{kind}, {n} sessions"
            note = f"p50 {m['move_p50'] * 1000:.0f} ms, max {m['move_max'] * 1000:.0f} ms; errors {m['errors']}" + (
                f" ({'; '.join(m['error_examples'])})" if m["errors"] else ""
            )
            results.append(
                Result(f"{label}: slider move p95", m["move_p95"] * 1000, "ms", move_goal and move_goal * 1000, note)
            )
            results.append(
                Result(
                    f"{label}: page load p95",
                    m["load_p95"] * 1000,
                    "ms",
                    load_goal and load_goal * 1000,
                    f"p50 {m['load_p50'] * 1000:.0f} ms",
                )
            )
            results.append(
                Result(
                    f"{label}: server CPU",
                    m["cpu_s"],
                    "s",
                    note=f"{m['cpu_per_session_s']:.2f} s per session (page load and {MOVES} moves)"
                    + (f"; sessions on {m['replicas']} replicas" if kind == "serve" else ""),
                )
            )
            results.append(Result(f"{label}: server memory (RSS)", m["rss_mb"], "MB", 1024 if n == 50 else None))
            results.append(Result(f"{label}: errors", m["errors"], "", 0))
    if "serve" not in kinds:
        results.append(Result("serve (skipped: HAProxy is not installed; apt-get install haproxy)", 0, ""))
    results += signed_in_results()
    return results


def signed_in_results(n: int = 20) -> list[Result]:
    """Team mode: each session signs in once through a real OpenID Connect provider before it works."""
    import importlib.util
    import tempfile

    if importlib.util.find_spec("oidc_provider_mock") is None:
        return [Result("signed in (skipped: oidc-provider-mock is not installed; requirements-dev.txt)", 0, "")]
    with tempfile.TemporaryDirectory() as tmp:
        m = measure_signed_in(n, Path(tmp))
    label = f"single, team mode, {n} signed-in sessions"
    note = f"p50 {m['move_p50'] * 1000:.0f} ms; errors {m['errors']}" + (
        f" ({'; '.join(m['error_examples'])})" if m["errors"] else ""
    )
    return [
        Result(f"{label}: slider move p95", m["move_p95"] * 1000, "ms", 1000, note),
        Result(f"{label}: page load p95 (after signing in)", m["load_p95"] * 1000, "ms", 3000),
        Result(f"{label}: signing in p95 (sign-in page, provider, callback)", m["sign_in_p95"] * 1000, "ms"),
        Result(f"{label}: errors", m["errors"], "", 0),
    ]
