"""HTTP response headers that keep the app out of other sites' frames and quiet about itself.

Streamlit sets no framing policy, so any page could embed the facilitator's screen and trick a
click (clickjacking). Every HTTP response gets ``Content-Security-Policy: frame-ancestors 'none'``
and ``X-Frame-Options: DENY``; ``Referrer-Policy: no-referrer`` keeps engagement ids in URLs from
leaking to any site a link or image points at; ``X-Content-Type-Options: nosniff`` stops browsers
guessing content types. A plain ASGI middleware, mounted by ``asgi.py`` through ``st.App``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-content-type-options", b"nosniff"),
)


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response (websockets pass untouched)."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)
