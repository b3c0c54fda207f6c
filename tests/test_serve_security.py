"""`serve` closed by default (issue 23): loopback unless told otherwise, TLS or a stated outer proxy on any other
address, only the configured host names, security headers and a rate limit in HAProxy's configuration, and no
password on the command line. The browser half (HTTPS in Chromium, a foreign Host refused) is
tests/test_browser_tls.py."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from dashboard.cli import haproxy, serve
from dashboard.cli.main import build_parser, main
from dashboard.settings import SERVE_HOST

HAPROXY = serve.find_haproxy()
PEM = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
KEY = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"


def _args(*extra: str):
    return serve.serve_options(build_parser().parse_args(["serve", *extra]))


def test_serve_listens_on_loopback_unless_told_otherwise():
    assert SERVE_HOST == "127.0.0.1"
    assert _args().host == "127.0.0.1"


def test_the_personal_run_command_listens_on_loopback_and_answers_only_to_local_names():
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parents[1] / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert set(config["server"]["allowedHosts"]) == {"localhost", "127.0.0.1"}
    assert config["client"]["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["browser"]["serverAddress"] == "localhost"  # no external-IP look-up when the URLs are printed


@pytest.mark.parametrize(
    ("extra", "refusal"),
    [
        (["--host", "0.0.0.0"], "--allowed-host"),  # every address, no name: every Host would be foreign
        (["--host", "0.0.0.0", "--allowed-host", "dash.example.org"], "over plain HTTP"),
        (["--host", "10.0.0.5"], "over plain HTTP"),
        (["--host", "10.0.0.5", "--cert", "c.pem"], "--cert and --key go together"),
        (["--http-port", "8080"], "needs --cert and --key"),
        (["--allowed-host", "https://dash.example.org"], "not a host name"),
        (["--allowed-host", "dash.example.org:443"], "not a host name"),
        (["--rate-limit", "0"], "--rate-limit must be at least 1"),
    ],
)
def test_serve_refuses_an_open_or_unclear_setup_before_touching_anything(monkeypatch, capsys, extra, refusal):
    monkeypatch.setattr(serve, "find_haproxy", lambda: "/bin/true")
    monkeypatch.setattr(serve, "check_sign_in", lambda host, root: host != "127.0.0.1")
    monkeypatch.setattr(serve, "workspace_url", lambda _url: pytest.fail("the workspace was opened"))
    assert main(["serve", "--replicas", "1", *extra]) == 1
    err = capsys.readouterr().err
    assert refusal in err, err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("extra", "allowed"),
    [
        ([], ("localhost", "127.0.0.1")),
        (["--allowed-host", "Dash.Example.org"], ("dash.example.org", "localhost", "127.0.0.1")),
        (["--host", "10.0.0.5", "--behind-tls-proxy"], ("10.0.0.5",)),
        (["--host", "0.0.0.0", "--allowed-host", "a.example.org", "--behind-tls-proxy"], ("a.example.org",)),
    ],
)
def test_the_host_names_users_may_open(extra, allowed):
    options = _args(*extra)
    assert serve.host_names(options.host, options.allowed_hosts) == allowed


def test_a_network_address_is_served_with_a_certificate_or_a_stated_outer_proxy(tmp_path):
    (tmp_path / "c.pem").write_text(PEM)
    (tmp_path / "k.pem").write_text(KEY)
    options = _args("--host", "10.0.0.5", "--cert", str(tmp_path / "c.pem"), "--key", str(tmp_path / "k.pem"))
    pem = serve.check_tls(options, tmp_path)
    assert pem is not None and pem.read_text() == PEM.strip() + "\n" + KEY.strip() + "\n"
    assert pem.stat().st_mode & 0o777 == 0o600  # it holds the private key
    assert serve.check_tls(_args("--host", "10.0.0.5", "--behind-tls-proxy"), tmp_path) is None
    assert serve.check_tls(_args(), tmp_path) is None  # loopback: plain HTTP on this machine only


def test_a_key_that_is_not_pem_is_refused_with_the_flag_and_the_fix(tmp_path):
    (tmp_path / "c.pem").write_text(PEM)
    (tmp_path / "k.der").write_bytes(b"0\x82\x01")
    options = _args("--cert", str(tmp_path / "c.pem"), "--key", str(tmp_path / "k.der"))
    with pytest.raises(serve.ServeError, match=r"--key .*k\.der"):
        serve.check_tls(options, tmp_path)


def _config(**front) -> str:
    defaults = {"host": "127.0.0.1", "port": 8501, "names": ("localhost", "127.0.0.1")}
    return haproxy.haproxy_config(haproxy.Front(**{**defaults, **front}), [haproxy.Backend("app1", "127.0.0.1", 9001)])


def test_haproxy_sets_the_security_headers():
    config = _config(cert=Path("/x/tls.pem"))
    assert "frame-ancestors 'none'" in config and "Content-Security-Policy" in config
    assert "set-header X-Content-Type-Options nosniff" in config
    assert "set-header Referrer-Policy no-referrer" in config
    assert "set-header X-Frame-Options DENY" in config
    assert 'Strict-Transport-Security "max-age=31536000"' in config
    assert "bind 127.0.0.1:8501 ssl crt /x/tls.pem" in config
    assert "insert indirect nocache httponly secure" in config


def test_hsts_only_over_https_and_no_other_host_in_the_policy():
    assert "Strict-Transport-Security" not in _config()
    assert "http://" not in haproxy.CSP and "https://" not in haproxy.CSP and "*" not in haproxy.CSP
    assert "'unsafe-eval'" not in haproxy.CSP


def test_haproxy_allows_only_the_configured_names_and_same_origin_requests():
    config = _config(host="0.0.0.0", port=443, names=("dash.example.org",), cert=Path("/x/tls.pem"), http_port=80)
    assert "acl allowed_host req.hdr(host),lower -m str dash.example.org dash.example.org:443 dash.example.org:80" in (
        config
    )
    assert "http-request deny deny_status 403 unless allowed_host" in config
    assert "acl own_origin req.hdr(origin),lower -m str https://dash.example.org https://dash.example.org:443" in config
    assert "http-request deny deny_status 403 if has_origin !own_origin" in config
    assert "frontend plain_http\n    bind 0.0.0.0:80" in config
    assert "redirect prefix https://%[req.hdr(host),lower,field(1,:)] code 301" in config


def test_haproxy_limits_each_clients_request_rate():
    config = _config(rate_limit=250)
    assert "http-request track-sc0 src" in config
    assert "deny deny_status 429 if { sc_http_req_rate(0) gt 250 }" in config


@pytest.mark.skipif(HAPROXY is None, reason="HAProxy is not installed (apt-get install haproxy; .ci/run does)")
@pytest.mark.parametrize("front", [{}, {"host": "0.0.0.0", "names": ("a.example.org",), "proxy_tls": True}])
def test_haproxy_accepts_the_configuration_it_is_given(tmp_path, front):
    config = tmp_path / "haproxy.cfg"
    config.write_text(_config(**front))
    check = subprocess.run([HAPROXY, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--workspace", "postgresql+psycopg://alice:s3cret@db/dashboard"],
        ["workspace", "list", "--workspace", "postgresql+psycopg://alice:s3cret@db/dashboard"],
        ["users", "list", "--workspace", "postgresql+psycopg://alice:s3cret@db/dashboard"],
    ],
)
def test_a_password_on_the_command_line_is_refused_and_never_echoed(argv):
    """Run as a process, as `ps` would show it: refused before anything connects (no database at 'db' is needed)."""
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "dashboard", *argv],
        cwd=Path(__file__).resolve().parents[1],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "s3cret" not in done.stderr
    assert "postgresql+psycopg://alice@db/dashboard" in done.stderr and "PGPASSFILE" in done.stderr


def test_the_password_check_names_the_url_without_it():
    from dashboard.cli.flags import password_on_command_line

    args = build_parser().parse_args(["workspace", "list", "--workspace", "postgresql+psycopg://a:pw@h:5/d?x=1"])
    refused = password_on_command_line(args)
    assert refused is not None and "pw" not in refused.replace("password", "").replace("PGPASS", "")
    assert "postgresql+psycopg://a@h:5/d?x=1" in refused


def test_a_workspace_url_without_a_password_passes_the_check():
    from dashboard.cli.flags import password_on_command_line

    args = build_parser().parse_args(["workspace", "list", "--workspace", "postgresql+psycopg://alice@db/dashboard"])
    assert password_on_command_line(args) is None


def test_the_tls_pem_is_never_left_behind(tmp_path, monkeypatch):
    """serve writes the certificate and key for HAProxy into a private temporary folder that it removes."""
    (tmp_path / "c.pem").write_text(PEM)
    (tmp_path / "k.pem").write_text(KEY)
    seen: list[Path] = []
    monkeypatch.setattr(serve, "find_haproxy", lambda: "/bin/true")
    monkeypatch.setattr(serve, "workspace_url", lambda _url: "sqlite://")
    monkeypatch.setattr(
        serve, "_run", lambda haproxy, count, front, url, sign_in, access_log: seen.append(front.cert) or 0
    )
    assert serve.serve(_args("--cert", str(tmp_path / "c.pem"), "--key", str(tmp_path / "k.pem"))) == 0
    assert seen and seen[0] is not None and not seen[0].exists()
    assert shutil.which("true")  # /bin/true stands in for HAProxy above


@pytest.mark.slow
@pytest.mark.skipif(HAPROXY is None, reason="HAProxy is not installed (apt-get install haproxy; .ci/run does)")
def test_a_running_deployment_limits_a_clients_request_rate_and_refuses_a_foreign_host(tmp_path):
    import os
    import signal
    import socket
    import sys
    import time
    import urllib.error
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "serve", "--replicas", "1", "--port", str(port), "--rate-limit", "5"],
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ, "DASHBOARD_WORKSPACE": f"sqlite:///{tmp_path / 'ws.db'}"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    def status(host: str = f"127.0.0.1:{port}") -> int:
        request = urllib.request.Request(f"http://127.0.0.1:{port}/_stcore/health", headers={"Host": host})
        try:
            return urllib.request.urlopen(request, timeout=5).status
        except urllib.error.HTTPError as exc:
            return exc.code

    try:
        deadline = time.time() + 120
        while True:  # serve starts HAProxy last, once its app process is healthy; HAProxy's first answer is the sign
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                # A foreign Host is refused before the rate is counted, so waiting this way spends none of it.
                assert status("rebind.example") == 403
                break
            except urllib.error.URLError:
                assert time.time() < deadline, "serve did not start within 120 s"
                time.sleep(0.3)
        answers = [status() for _ in range(8)]
        assert answers[:5] == [200] * 5 and answers[5:] == [429] * 3, answers
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
