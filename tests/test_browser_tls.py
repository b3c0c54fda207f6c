"""The team deployment over HTTPS in a real browser (issue 23): `python -m dashboard serve --cert --key`, with a
self-signed certificate this test makes, in headless Chromium. The page loads and runs under the security headers
HAProxy sets (no Content-Security-Policy violation), plain HTTP is redirected to HTTPS, a foreign Host (the DNS
rebinding pattern) and a WebSocket from a foreign origin are refused, and another site cannot frame the dashboard.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.chromium import ARGS, CHROMIUM, free_port
from dashboard.cli.serve import find_haproxy

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install -y chromium; .ci/run does)"),
]
playwright_api = pytest.importorskip("playwright.sync_api", reason="playwright (Python) is not installed")


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for localhost and 127.0.0.1, valid for a day, and its key (PEM files)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_file.chmod(0o600)
    return cert_file, key_file


def _tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's own self-signed certificate
    return context


def raw_request(port: int, head: str) -> str:
    """Send `head` (an HTTP/1.1 request head) over TLS to 127.0.0.1:`port`; the response's status line and headers."""
    raw = socket.create_connection(("127.0.0.1", port), timeout=10)
    with _tls_context().wrap_socket(raw, server_hostname="localhost") as tls:
        tls.sendall(head.encode("ascii"))
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = tls.recv(4096)
            if not chunk:
                break
            data += chunk
    return data.decode("latin-1")


@pytest.fixture(scope="module")
def https_deployment(tmp_path_factory):
    if find_haproxy() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test the team deployment over HTTPS: .ci/run installs haproxy")
        pytest.skip("HAProxy is not installed (apt-get install haproxy; .ci/run does)")
    here = tmp_path_factory.mktemp("tls")
    cert, key = make_certificate(here)
    port, http_port = free_port(), free_port()
    command = [sys.executable, "-m", "dashboard", "serve", "--replicas", "1", "--port", str(port)]
    command += ["--http-port", str(http_port), "--cert", str(cert), "--key", str(key)]
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, "DASHBOARD_WORKSPACE": f"sqlite:///{here / 'workspace.db'}", "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.time() + 120
    while True:
        if proc.poll() is not None:
            pytest.fail("serve --cert exited: " + (proc.stderr.read() if proc.stderr else "")[-2000:])
        try:
            if " 200 " in raw_request(port, "GET /_stcore/health HTTP/1.1\r\nHost: localhost\r\n\r\n").split("\r\n")[0]:
                break
        except OSError:
            pass
        if time.time() > deadline:
            proc.kill()
            pytest.fail("serve --cert did not answer over HTTPS within 120 s")
        time.sleep(0.3)
    yield port, http_port
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        # The DNS-rebinding pattern: a foreign name that resolves to this server.
        b = p.chromium.launch(
            executable_path=CHROMIUM, args=[*ARGS, "--host-resolver-rules=MAP rebind.example 127.0.0.1"]
        )
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, ignore_https_errors=True)
    yield context.new_page()
    context.close()


def test_the_dashboard_runs_over_https_under_the_security_headers(https_deployment, page):
    port, _ = https_deployment
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    response = page.goto(f"https://localhost:{port}/")
    assert response is not None and response.status == 200
    headers = response.headers
    assert headers["strict-transport-security"] == "max-age=31536000"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-frame-options"] == "DENY"
    # The app itself ran: its WebSocket (wss) connected and the Overview drew its ranked chart.
    page.wait_for_selector("[data-testid='stMainBlockContainer'] h1", timeout=60_000)
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=60_000)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=60_000)
    assert violations == [], violations
    cookie = next(c for c in page.context.cookies() if c["name"] == "dashboard_replica")
    assert cookie["secure"] and cookie["httpOnly"]


def test_plain_http_is_redirected_to_https(https_deployment, page):
    port, http_port = https_deployment
    page.goto(f"http://localhost:{http_port}/whatif?profile=x")
    page.wait_for_url(f"https://localhost:{port}/whatif**", timeout=30_000)
    assert page.url.startswith(f"https://localhost:{port}/whatif")


def test_a_foreign_host_is_refused(https_deployment, page):
    port, _ = https_deployment
    response = page.goto(f"https://rebind.example:{port}/")
    assert response is not None and response.status == 403
    assert "Civil-liberties" not in page.content()


def test_a_websocket_from_a_foreign_origin_is_refused_and_the_own_origin_is_not(https_deployment):
    port, _ = https_deployment
    handshake = (
        "GET /_stcore/stream HTTP/1.1\r\nHost: localhost:{port}\r\nOrigin: {origin}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"
    )
    foreign = raw_request(port, handshake.format(port=port, origin="https://evil.example"))
    assert foreign.startswith("HTTP/1.1 403"), foreign[:200]
    own = raw_request(port, handshake.format(port=port, origin=f"https://localhost:{port}"))
    assert own.startswith("HTTP/1.1 101"), own[:200]


def test_another_site_cannot_frame_the_dashboard(https_deployment, page):
    port, _ = https_deployment
    app = f"https://localhost:{port}/history"
    page.route(
        "https://other.example/",
        lambda route: route.fulfill(content_type="text/html", body=f'<h1>Other site</h1><iframe src="{app}"></iframe>'),
    )
    page.goto("https://other.example/")
    # goto waits for the page's load event, which waits for its iframe to be shown or refused.
    assert len(page.frames) == 2
    frame = page.frames[1]
    # Streamlit's index.html holds <div id="root"> from its first byte: a frame that showed the app would have it.
    assert frame.locator("#root").count() == 0
    assert "<title>Streamlit</title>" not in frame.content()
