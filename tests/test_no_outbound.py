"""The server makes no request to another host, at start or ever (issue 23): Streamlit looked up the machine's
external address (checkip.amazonaws.com) whenever it refused a WebSocket from a foreign origin.

The app runs as README's run command with an audit hook (Python's `sys.addaudithook`, loaded through a
sitecustomize.py on PYTHONPATH) that records every name looked up and every TCP connection to an address other than
this machine's; the test then starts a page, sends a WebSocket handshake from a foreign origin, and reads the record.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from benchmarks.chromium import free_port, run_command

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow

HOOK = """
import os, socket, sys

_LOG = os.environ["DASHBOARD_TEST_OUTBOUND_LOG"]
_LOCAL = {None, "", "localhost", "127.0.0.1", "::1", "0.0.0.0", "::"}


def _record(what):
    with open(_LOG, "a", encoding="utf-8") as out:
        out.write(what + "\\n")


def _hook(event, args):
    if event == "socket.getaddrinfo":
        host = args[0].decode() if isinstance(args[0], bytes) else args[0]
        if host not in _LOCAL:
            _record(f"look-up {host}")
    elif event == "socket.connect":
        sock, address = args
        if sock.type == socket.SOCK_STREAM and isinstance(address, tuple) and address[0] not in _LOCAL:
            _record(f"connect {address}")


sys.addaudithook(_hook)
"""


def test_the_app_asks_no_other_host_anything_at_start_or_after_a_foreign_websocket(tmp_path):
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
    log = tmp_path / "outbound.log"
    log.write_text("", encoding="utf-8")
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(hooks), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "DASHBOARD_TEST_OUTBOUND_LOG": str(log),
        "DASHBOARD_WORKSPACE": f"sqlite:///{tmp_path / 'workspace.db'}",
    }
    proc = subprocess.Popen(
        run_command(ROOT / "dashboard" / "app.py", port),
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read().decode()[-2000:] if proc.stderr else ""
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            assert time.time() < deadline, "the app did not start within 60 s"
            time.sleep(0.3)
        assert urllib.request.urlopen(url + "/", timeout=10).status == 200
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(
                (
                    f"GET /_stcore/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nOrigin: https://evil.example\r\n"
                    "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
                ).encode("ascii")
            )
            answer = s.recv(4096).decode("latin-1")
        assert not answer.startswith("HTTP/1.1 101"), answer[:200]  # refused, as before
        # The check runs before the refusal is sent, so whatever it looked up is in the log by now.
        assert log.read_text(encoding="utf-8") == ""
    finally:
        proc.terminate()
        proc.wait(timeout=20)
