"""HAProxy's configuration for `serve` (and for a layout across hosts, docs/serving.md): where the network meets the
app, so it keeps the rules a browser relies on. Only the configured host names (a foreign Host, the DNS-rebinding
pattern, gets 403); only same-origin requests that carry an Origin (WebSockets included); a request rate per client
(429 past it); TLS, or a redirect to it; and the security headers on every response.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dashboard.settings import SERVE_RATE_LIMIT

COOKIE = "dashboard_replica"
__all__ = ["COOKIE", "CSP", "HSTS", "Backend", "Front", "haproxy_config"]


@dataclass(frozen=True)
class Backend:
    name: str
    host: str
    port: int


@dataclass(frozen=True)
class Front:
    """What users reach: the address and port HAProxy listens on, the host names they type, and how TLS is done.

    `cert` is HAProxy's PEM (certificate then key) when HAProxy terminates TLS itself; `proxy_tls` says an outer
    proxy terminates it (the browser's scheme is https all the same); neither: plain HTTP, loopback only. With
    `cert`, `http_port` (if any) answers plain HTTP with a redirect to HTTPS and nothing else."""

    host: str
    port: int
    names: tuple[str, ...]
    cert: Path | None = None
    http_port: int | None = None
    proxy_tls: bool = False
    rate_limit: int = SERVE_RATE_LIMIT

    @property
    def https(self) -> bool:
        return self.cert is not None or self.proxy_tls


# Everything the pages load comes from the dashboard's own host; no page may be framed by another (clickjacking; a
# page on another origin showed History in an iframe). Streamlit's index.html has an inline script and its
# components style themselves inline, hence 'unsafe-inline' for those two; no eval, no other host.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; media-src 'self' blob:; "
    "worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000"


def _host_values(front: Front) -> list[str]:
    """Every Host header a browser sends for the configured names: the name alone (default port) and with a port."""
    ports = [front.port] + ([front.http_port] if front.http_port else [])
    return sorted({v for n in front.names for v in (n, *(f"{n}:{p}" for p in ports))})


def _origin_values(front: Front) -> list[str]:
    scheme = "https" if front.https else "http"
    return sorted({f"{scheme}://{v}" for v in _host_values(front) if not v.endswith(f":{front.http_port}")})


def haproxy_config(front: Front, backends: list[Backend]) -> str:
    """HAProxy's configuration for `backends` behind `front`; docs/serving.md shows it for a layout across hosts.

    HAProxy is where the network meets the app, so it keeps the rules a browser relies on: only the configured host
    names (a foreign Host, the DNS-rebinding pattern, gets 403), only same-origin requests that carry an Origin
    (WebSockets included), a request rate per client, TLS (or a redirect to it), and the security headers."""
    servers = "\n".join(f"    server {b.name} {b.host}:{b.port} check cookie {b.name}" for b in backends)
    hosts = " ".join(_host_values(front))
    origins = " ".join(_origin_values(front))
    tls = f" ssl crt {front.cert}" if front.cert else ""
    hsts = f'    http-response set-header Strict-Transport-Security "{HSTS}"\n' if front.https else ""
    redirect = ""
    tls_port = "" if front.port == 443 else f":{front.port}"
    if front.cert and front.http_port:
        redirect = f"""
frontend plain_http
    bind {front.host}:{front.http_port}
    acl allowed_host req.hdr(host),lower -m str {hosts}
    http-request deny deny_status 403 unless allowed_host
    http-request redirect prefix https://%[req.hdr(host),lower,field(1,:)]{tls_port} code 301
"""
    return f"""global
    maxconn 4096
    # The access log: one line per request on HAProxy's standard output, which `serve` appends to its log file.
    log stdout format raw local0 info

defaults
    mode http
    log global
    option httplog
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    # A Streamlit session is one long-lived WebSocket.
    timeout tunnel 1h
    timeout http-request 30s

frontend dashboard
    bind {front.host}:{front.port}{tls}
    # Only the names users are told to open: any other Host (DNS rebinding) is refused before it reaches the app.
    acl allowed_host req.hdr(host),lower -m str {hosts}
    http-request deny deny_status 403 unless allowed_host
    # A request that says where it comes from (every WebSocket does) must come from the dashboard itself.
    acl has_origin req.hdr(origin) -m found
    acl own_origin req.hdr(origin),lower -m str {origins}
    http-request deny deny_status 403 if has_origin !own_origin
    # At most {front.rate_limit} requests per client address in 10 s (a page load is a few dozen); then 429.
    stick-table type ip size 100k expire 60s store http_req_rate(10s)
    http-request track-sc0 src
    http-request deny deny_status 429 if {{ sc_http_req_rate(0) gt {front.rate_limit} }}
{hsts}    http-response set-header Content-Security-Policy "{CSP}"
    http-response set-header X-Frame-Options DENY
    http-response set-header X-Content-Type-Options nosniff
    http-response set-header Referrer-Policy no-referrer
    default_backend apps
{redirect}
backend apps
    # A new session goes to the least busy process; the cookie keeps it there.
    balance leastconn
    cookie {COOKIE} insert indirect nocache httponly{" secure" if front.https else ""}
    option httpchk GET /_stcore/health
    http-check expect string ok
    http-response set-header X-Served-By %[srv_name]
{servers}
"""
