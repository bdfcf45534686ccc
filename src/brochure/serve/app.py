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

from .bids import BidError
from .desk import Desk
from .routes import ROUTES
from .security import Guard, allowed_hosts

HOST = "127.0.0.1"


async def _bid_error(_request: Request, exc: Exception) -> PlainTextResponse:
    return PlainTextResponse(f"{exc}\n", status_code=400)


def make_app(desk: Desk, token: str, hosts: frozenset[str], background: bool = True) -> Guard:
    """The application; ``background``: build the library's one-pagers and watch the content
    while it runs (the route tests leave it out)."""

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
    return Guard(app, token, hosts)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def serve(configuration: dict[str, Any], port: int | None = None, browser: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Run the desk until interrupted; ``say`` prints its address (with the token)."""
    import uvicorn

    desk = Desk(configuration)
    port = port or free_port()
    token = secrets.token_urlsafe(32)
    url = f"http://{HOST}:{port}/?token={token}"
    server = uvicorn.Server(uvicorn.Config(make_app(desk, token, allowed_hosts(port)), host=HOST, port=port,
                                           log_level="warning", lifespan="on", timeout_graceful_shutdown=2))
    say(f"the bid desk is at {url} (Ctrl-C stops it)")
    if browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    server.run()
