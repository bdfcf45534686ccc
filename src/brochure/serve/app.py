"""The bid desk's web application (``brochure serve``): Starlette behind the token guard
(``security.py``), served by uvicorn on 127.0.0.1 only."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from ..errors import ConfigError
from .bids import BidError
from .desk import Desk
from .routes import ROUTES
from .security import COOKIE, Guard, allowed_hosts

HOST = "127.0.0.1"


async def _bid_error(_request: Request, exc: Exception) -> PlainTextResponse:
    return PlainTextResponse(f"{exc}\n", status_code=400)


def make_app(desk: Desk, token: str, hosts: frozenset[str], background: bool = True, cookie: str = COOKIE) -> Guard:
    """The application; ``background``: build the library's one-pagers and watch the content
    while it runs (the route tests leave it out); ``cookie``: the token's cookie's name."""

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        desk.loop = asyncio.get_running_loop()
        stop = None
        if background:
            from . import watch

            desk.refresh_library()
            stop = watch.start(desk)
        try:
            yield
        finally:
            if stop is not None:
                stop.set()
            desk.jobs.stop_all()

    app = Starlette(routes=ROUTES, lifespan=lifespan, exception_handlers={BidError: _bid_error})
    app.state.desk = desk
    return Guard(app, token, hosts, cookie)


def free_port(wanted: int | None = None) -> int:
    """``wanted`` if it is free on 127.0.0.1 (else ``ConfigError``), or a free port."""
    with socket.socket() as probe:
        try:
            probe.bind((HOST, wanted or 0))
        except OSError as exc:
            raise ConfigError(f"--port: {wanted} cannot be used on {HOST}: {exc.strerror}") from None
        return probe.getsockname()[1]


def serve(configuration: dict[str, Any], port: int | None = None, browser: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Run the desk until interrupted; ``say`` prints its address (with the token)."""
    import uvicorn

    desk = Desk(configuration)
    port = free_port(port)
    token = secrets.token_urlsafe(32)
    url = f"http://{HOST}:{port}/?token={token}"
    # a cookie of its own per port: two desks side by side do not replace each other's
    app = make_app(desk, token, allowed_hosts(port), cookie=f"{COOKIE}_{port}")
    server = uvicorn.Server(uvicorn.Config(app, host=HOST, port=port,
                                           log_level="warning", lifespan="on", timeout_graceful_shutdown=2))
    say(f"the bid desk is at {url} (Ctrl-C stops it)")
    if browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    server.run()
