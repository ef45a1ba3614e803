"""Who may open the facilitator's pages, and how a browser is told apart from another.

The app is served in a client's meeting room over Wi-Fi. Three rules, all decided from what the
server itself knows and never from what a client sends in a header:

* a visitor connected over loopback (the facilitator's own laptop) is trusted; anyone else needs
  the facilitator's passcode (:func:`passcode_matches`);
* a server bound beyond loopback must have a passcode of at least :data:`MIN_PASSCODE_LENGTH`
  characters (:func:`serving_problem`);
* passcode guesses are slowed per peer address (:class:`AttemptLimiter`).

A participant's device is told apart by the browser's XSRF cookie (a random token the server
gave that browser) or, for a client without one, by its address and user agent
(:func:`device_key`), so that rejoining resumes instead of adding a second ballot.
"""

from __future__ import annotations

import binascii
import hashlib
import hmac
import ipaddress
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

MIN_PASSCODE_LENGTH = 10


def is_loopback(address: str | None) -> bool:
    """True for 127.0.0.0/8, ::1 and "localhost"; False for "", None, 0.0.0.0 or a LAN address."""
    if not address:
        return False
    text = address.strip().strip("[]")
    if text.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(text).is_loopback
    except ValueError:
        return False


def serving_problem(bind_address: str | None, passcode: str) -> str | None:
    """Why this server must not serve the facilitator's pages, or None when it may.

    Returns a message key: ``ui.serve_no_passcode`` when the server listens beyond loopback
    without a passcode, ``ui.serve_short_passcode`` when the passcode is too short to resist
    guessing on a shared network.
    """
    if is_loopback(bind_address):
        return None
    if not passcode:
        return "ui.serve_no_passcode"
    if len(passcode) < MIN_PASSCODE_LENGTH:
        return "ui.serve_short_passcode"
    return None


def passcode_matches(entered: str, expected: str) -> bool:
    """Constant-time comparison; an empty expected passcode never matches."""
    if not expected:
        return False
    return hmac.compare_digest(entered.encode("utf-8"), expected.encode("utf-8"))


@dataclass
class AttemptLimiter:
    """Per-peer back-off on failed passcodes: a few free tries, then waits that double.

    After ``free_failures`` failures in a row, each further failure locks the peer for
    ``base_delay`` seconds, doubling up to ``max_delay``. A success clears the peer's record.
    Thread-safe: one instance serves every session of a server process.
    """

    free_failures: int = 5
    base_delay: float = 30.0
    max_delay: float = 900.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, int] = field(default_factory=dict)
    _locked_until: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_seconds(self, peer: str) -> float:
        """Seconds this peer must wait before its next attempt (0 when it may try now)."""
        with self._lock:
            return max(0.0, self._locked_until.get(peer, 0.0) - self.clock())

    def record(self, peer: str, ok: bool) -> int:
        """Record an attempt; returns the peer's failures in a row (0 after a success)."""
        with self._lock:
            if ok:
                self._failures.pop(peer, None)
                self._locked_until.pop(peer, None)
                return 0
            failures = self._failures.get(peer, 0) + 1
            self._failures[peer] = failures
            beyond = failures - self.free_failures
            if beyond >= 0:
                delay = min(self.max_delay, self.base_delay * (2**beyond))
                self._locked_until[peer] = self.clock() + delay
            return failures


def _xsrf_token(cookie: str) -> bytes | None:
    """The random token inside Streamlit's XSRF cookie (format ``2|mask|masked|time``)."""
    parts = cookie.split("|")
    if len(parts) != 4 or parts[0] != "2":
        return None
    try:
        mask = binascii.a2b_hex(parts[1])
        masked = binascii.a2b_hex(parts[2])
    except (binascii.Error, ValueError):
        return None
    if len(mask) != 4 or not masked:
        return None
    return bytes(b ^ mask[i % 4] for i, b in enumerate(masked))


def device_key(xsrf_cookie: str | None, peer: str | None, user_agent: str | None) -> str:
    """A stable, opaque key for one browser (32 hex characters).

    The browser's XSRF token stays the same across its tabs and reloads while it differs between
    browsers and phones; a client without it is keyed by address and user agent.
    """
    token = _xsrf_token(xsrf_cookie) if xsrf_cookie else None
    basis = b"xsrf:" + token if token else f"peer:{peer or 'loopback'}|{user_agent or ''}".encode()
    return hashlib.sha256(basis).hexdigest()[:32]
