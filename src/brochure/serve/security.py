"""Who may drive the desk: a plain ASGI middleware in front of every route.

The desk listens on 127.0.0.1 only, but any local user, and any web page open in the same
browser, can reach that address. So every request must:

* name this server in its ``Host`` header (``127.0.0.1:PORT`` or ``localhost:PORT``): a page
  of another site whose name was made to resolve to 127.0.0.1 (DNS rebinding) sends its own
  name and is refused;
* present the token drawn when the server started (``secrets.token_urlsafe``): as ``?token=``
  on the first visit, which sets an HttpOnly, SameSite=Strict cookie and redirects to the same
  address without it, then as that cookie; compared with ``hmac.compare_digest``;
* for a request that changes something (anything but GET and HEAD), come from the desk's own
  pages: an ``Origin`` (or ``Sec-Fetch-Site``) naming another site is refused.
"""

from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode

COOKIE = "brochure_desk"
SAFE_METHODS = ("GET", "HEAD")


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


class Guard:
    """Refuses (403, a one-line text) every request without the token, from a wrong host or
    from another site; lets the others through to ``app``."""

    def __init__(self, app, token: str, hosts: frozenset[str], cookie: str = COOKIE):
        self.app, self.token, self.hosts, self.cookie = app, token, hosts, cookie

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        host = headers.get("host", "")
        if host not in self.hosts:
            return await _refuse(send, "refused: unknown Host header")
        if scope.get("method", "GET") not in SAFE_METHODS and not self.same_origin(headers, host):
            return await _refuse(send, "refused: a request from another site")
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        if "token" in query:
            if not self.matches(query["token"]):
                return await _refuse(send, "refused: wrong token")
            return await self.welcome(scope, send, query)
        if not self.matches(_cookie(headers.get("cookie", ""), self.cookie)):
            return await _refuse(send, "refused: open the address brochure serve printed (it holds the token)")
        return await self.app(scope, receive, _with_headers(send))

    def matches(self, given: str) -> bool:
        return bool(given) and hmac.compare_digest(given.encode("utf-8", "replace"), self.token.encode())

    @staticmethod
    def same_origin(headers: dict[str, str], host: str) -> bool:
        origin = headers.get("origin")
        if origin is not None and origin != f"http://{host}":
            return False
        return headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")

    async def welcome(self, scope, send, query: dict[str, str]) -> None:
        """The first visit: the cookie, and the same address without the token."""
        rest = urlencode({k: v for k, v in query.items() if k != "token"})
        where = scope.get("path", "/") + (f"?{rest}" if rest else "")
        cookie = f"{self.cookie}={self.token}; Path=/; HttpOnly; SameSite=Strict"
        await send({"type": "http.response.start", "status": 303,
                    "headers": [(b"location", where.encode("latin-1")), (b"set-cookie", cookie.encode()),
                                (b"cache-control", b"no-store"), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


# no script but the desk's own files, no frame around it, no address leaked to another site
HEADERS = [(b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                        b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'"),
           (b"x-frame-options", b"DENY"), (b"referrer-policy", b"no-referrer"), (b"x-content-type-options", b"nosniff")]


def _with_headers(send):
    async def sending(message):
        if message["type"] == "http.response.start":
            message = {**message, "headers": [*message.get("headers", []), *HEADERS]}
        await send(message)

    return sending


def _cookie(header: str, name: str) -> str:
    try:
        found = SimpleCookie(header).get(name)
    except Exception:  # a malformed Cookie header: no token
        return ""
    return found.value if found else ""


async def _refuse(send, message: str) -> None:
    body = (message + "\n").encode()
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
