"""`tac serve`: the app in a browser, through textual-serve.

Each browser that opens the page gets its own app process (`python -m screens.browser`),
started at the sign-in screen; the server only relays the screen and the keys between the
two. The page is our own (`web/index.html`): it loads nothing from outside this server.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp_jinja2
from aiohttp import web
from textual_serve.server import Server, to_int

PAGE = Path(__file__).parent / "web"
"""The page's template. Its scripts, styles and font are textual-serve's own static files."""

log = logging.getLogger("tac.serve")


def session_command(db_path: Path) -> str:
    """The shell command textual-serve runs for each browser session. `-P`: the installed
    TAC runs, never a `screens` folder that happens to be in the working directory."""
    return (f"{shlex.quote(sys.executable)} -P -m screens.browser "
            f"--db {shlex.quote(str(db_path))}")


class TacServer(Server):
    """textual-serve's server with TAC's page, addresses taken from each request, and a
    websocket only for pages this server gave out."""

    def __init__(self, db_path: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
        super().__init__(session_command(db_path), host=host, port=port, title="TAC",
                         templates_path=PAGE)
        self.db_path = db_path
        self.sessions: set[asyncio.Task] = set()
        """The open browser sessions' websocket handlers."""

    def initialize_logging(self) -> None:
        # textual-serve logs through Rich with every frame's locals in a traceback: here
        # those would be screen contents on their way to a browser, so a child's name
        # could land in the service's journal. Plain lines, no locals.
        logging.basicConfig(level=logging.DEBUG if self.debug else logging.INFO,
                            format="%(levelname)s %(name)s: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        print(f"tac serve: {self.db_path} on http://{self.host}:{self.port}/ "
              "(Ctrl+C stops it)", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        # Stopping (Ctrl+C, `systemctl stop`): end each session's app now, as closing its
        # page does, rather than wait a minute for the browsers to let go.
        for session in list(self.sessions):
            session.cancel()

    @aiohttp_jinja2.template("index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        # The addresses are the ones the browser used (behind a reverse proxy, its Host
        # and X-Forwarded-Proto), so the same server works at 127.0.0.1 and at
        # https://tac.example.gov.uk without being told its public address.
        scheme = _forwarded_proto(request) or request.scheme
        base = f"{scheme}://{request.host}"
        return {
            "title": "TAC",
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "static_url": f"{base}/static/",
            "websocket_url": f"{'wss' if scheme == 'https' else 'ws'}://{request.host}/ws",
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        # Browsers send the page's origin with a websocket, and let any page open one: a
        # page from elsewhere must not drive a session (a sign-in screen today, but
        # whatever the person left open tomorrow).
        origin = request.headers.get("Origin")
        if origin is not None and urlsplit(origin).netloc != request.host:
            log.warning("refused a websocket from another site's page: %s", origin)
            raise web.HTTPForbidden(text="TAC's sessions open only from TAC's own page")
        session = asyncio.current_task()
        if session is not None:
            self.sessions.add(session)
        try:
            return await super().handle_websocket(request)
        finally:
            self.sessions.discard(session)


def _forwarded_proto(request: web.Request) -> str | None:
    proto = request.headers.get("X-Forwarded-Proto", "").split(",")[0].strip().lower()
    return proto if proto in ("http", "https") else None


def serve(db_path: Path, host: str, port: int) -> None:
    """Serve the app at http://HOST:PORT/ until interrupted (Ctrl+C, SIGTERM)."""
    TacServer(db_path, host, port).serve()
