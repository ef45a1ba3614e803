"""Access rules decided from what the server knows: loopback, passcodes, back-off, devices."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from zpd_assess.access import (
    MIN_PASSCODE_LENGTH,
    AttemptLimiter,
    device_key,
    is_loopback,
    passcode_matches,
    serving_problem,
)


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("", False),
        (None, False),
        ("10.231.0.2", False),
        ("192.168.1.5", False),
        ("::", False),
        ("evil.example", False),
    ],
)
def test_loopback_is_decided_from_the_address_alone(address, expected):
    assert is_loopback(address) is expected


@pytest.mark.parametrize(
    ("bind", "passcode", "problem"),
    [
        ("127.0.0.1", "", None),
        ("localhost", "", None),
        ("0.0.0.0", "", "ui.serve_no_passcode"),
        (None, "", "ui.serve_no_passcode"),  # Streamlit's default binds every interface
        ("0.0.0.0", "short", "ui.serve_short_passcode"),
        ("10.231.0.2", "x" * MIN_PASSCODE_LENGTH, None),
    ],
)
def test_a_server_beyond_loopback_needs_a_real_passcode(bind, passcode, problem):
    assert serving_problem(bind, passcode) == problem


def test_passcodes_compare_exactly_and_an_unset_one_never_matches():
    assert passcode_matches("correct horse", "correct horse")
    assert not passcode_matches("correct hors", "correct horse")
    assert not passcode_matches("", "")
    assert not passcode_matches("anything", "")


def test_failed_passcodes_lock_a_peer_with_doubling_waits_and_a_success_clears_it():
    now = [1000.0]
    limiter = AttemptLimiter(free_failures=3, base_delay=30, max_delay=100, clock=lambda: now[0])
    for _ in range(2):
        limiter.record("10.0.0.9", ok=False)
    assert limiter.wait_seconds("10.0.0.9") == 0
    limiter.record("10.0.0.9", ok=False)  # the third failure: locked for 30 s
    assert limiter.wait_seconds("10.0.0.9") == pytest.approx(30)
    assert limiter.wait_seconds("10.0.0.8") == 0, "another peer is not slowed"
    now[0] += 31
    limiter.record("10.0.0.9", ok=False)
    assert limiter.wait_seconds("10.0.0.9") == pytest.approx(60)
    now[0] += 61
    limiter.record("10.0.0.9", ok=False)
    assert limiter.wait_seconds("10.0.0.9") == pytest.approx(100), "capped"
    now[0] += 101
    assert limiter.record("10.0.0.9", ok=True) == 0
    assert limiter.wait_seconds("10.0.0.9") == 0


def _xsrf_cookie(token: bytes, mask: bytes, timestamp: int = 1_700_000_000) -> str:
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(token))
    return f"2|{mask.hex()}|{masked.hex()}|{timestamp}"


def test_one_browser_is_one_device_whatever_mask_its_cookie_carries():
    token = bytes(range(16))
    first = device_key(_xsrf_cookie(token, b"\x01\x02\x03\x04"), "10.0.0.5", "Phone")
    again = device_key(_xsrf_cookie(token, b"\xaa\xbb\xcc\xdd", 1_800_000_000), "10.0.0.6", "X")
    other = device_key(_xsrf_cookie(bytes(16), b"\x01\x02\x03\x04"), "10.0.0.5", "Phone")
    assert first == again
    assert first != other
    assert len(first) == 32


def test_a_client_without_the_cookie_is_keyed_by_address_and_agent():
    assert device_key(None, "10.0.0.5", "A") == device_key("garbage", "10.0.0.5", "A")
    assert device_key(None, "10.0.0.5", "A") != device_key(None, "10.0.0.6", "A")
    assert device_key(None, "10.0.0.5", "A") != device_key(None, "10.0.0.5", "B")


@given(st.text())
def test_any_cookie_text_gives_a_key_and_never_raises(cookie):
    assert len(device_key(cookie, None, None)) == 32


def test_every_http_response_forbids_framing_and_referrers():
    """Finding 19: no page of the app can be framed by another site (clickjacking)."""
    import asyncio

    from ui.headers import SecurityHeaders

    sent: list[dict] = []

    async def inner(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(b"a", b"b")]})
        await send({"type": "http.response.body", "body": b"ok"})

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request"}

    asyncio.run(SecurityHeaders(inner)({"type": "http"}, receive, send))
    headers = dict(sent[0]["headers"])
    assert headers[b"content-security-policy"] == b"frame-ancestors 'none'"
    assert headers[b"x-frame-options"] == b"DENY"
    assert headers[b"referrer-policy"] == b"no-referrer"
    assert headers[b"a"] == b"b" and sent[1]["body"] == b"ok"
