"""A small raw Streamlit websocket client for the security tests.

It connects a TCP socket to ``(ip, port)`` but sends whatever ``Host`` header the test chooses
(an empty one included), the way any non-browser client can; opens ``/_stcore/stream`` with the
``streamlit`` subprotocol; asks for one script run of a page (its URL path: ``"dashboard"``, or
``""`` for the root) with a query string; and collects what the server draws until the run is
over. Several sessions can be opened at the same moment with :func:`run_many` (the cold-start
race). The websocket framing is ``websockets``' sans-I/O protocol, so the request's headers are
ours to write.

Reused from the security review's probe ``stclient.py`` (and ``emptyhost.py``, ``brute.py``).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates
from websockets.client import ClientProtocol
from websockets.frames import Frame, Opcode
from websockets.http11 import Response
from websockets.typing import Subprotocol
from websockets.uri import parse_uri

#: ``ForwardMsg.script_finished`` when the run stopped only to rerun at once (``st.rerun``).
RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN


class StreamlitClientError(RuntimeError):
    """The server refused the websocket or closed it before the script run was over."""


@dataclasses.dataclass(frozen=True)
class Element:
    """One element the server drew: its proto kind (``heading``, ``alert``, ``button``…)."""

    kind: str
    text: str
    options: tuple[str, ...] = ()
    widget_id: str = ""
    form_id: str = ""
    form_submitter: bool = False
    tag: str = ""  # headings: h1 for st.title


@dataclasses.dataclass
class RunResult:
    """Everything drawn in one script run (the runs an ``st.rerun`` chained on included)."""

    elements: list[Element] = dataclasses.field(default_factory=list)
    navigation: list[str] = dataclasses.field(default_factory=list)
    page_not_found: bool = False
    statuses: list[int] = dataclasses.field(default_factory=list)
    raw: list[bytes] = dataclasses.field(default_factory=list)
    session_id: str = ""
    timed_out: bool = False
    query_string: str = ""  # the last URL query the app set (``st.query_params``), if any

    def of_kind(self, *kinds: str) -> list[Element]:
        return [e for e in self.elements if e.kind in kinds]

    @property
    def titles(self) -> list[str]:
        return [e.text for e in self.elements if e.kind == "heading" and e.tag == "h1"]

    @property
    def headings(self) -> list[str]:
        return [e.text for e in self.of_kind("heading")]

    @property
    def exceptions(self) -> list[str]:
        return [e.text for e in self.of_kind("exception")]

    @property
    def alerts(self) -> list[str]:
        return [e.text for e in self.of_kind("alert")]

    @property
    def downloads(self) -> list[str]:
        return [e.text for e in self.of_kind("download_button")]

    def texts(self) -> list[str]:
        """Every text drawn, tagged with its kind (for assertion messages and searches)."""
        out = [f"[{e.kind}] {e.text}" for e in self.elements]
        out += [f"[{e.kind} option] {o}" for e in self.elements for o in e.options]
        if self.navigation:
            out.append("[navigation] " + ", ".join(self.navigation))
        if self.page_not_found:
            out.append("[page_not_found]")
        if self.timed_out:
            out.append("[timeout]")
        return out

    def shows(self, needle: str) -> bool:
        """The text anywhere in what was drawn, tables' bytes included."""
        if any(needle in t for t in self.texts()):
            return True
        encoded = needle.encode()
        return any(encoded in r for r in self.raw)

    def summary(self, limit: int = 12) -> str:
        texts = self.texts()
        more = f" … (+{len(texts) - limit})" if len(texts) > limit else ""
        return "; ".join(t[:120] for t in texts[:limit]) + more


def _element(fm: ForwardMsg) -> Element | None:
    if not (fm.HasField("delta") and fm.delta.HasField("new_element")):
        return None
    el = fm.delta.new_element
    kind = el.WhichOneof("type")
    if kind is None:
        return None
    sub = getattr(el, kind)
    fields = sub.DESCRIPTOR.fields_by_name
    if kind == "exception":
        text = f"{sub.type}: {sub.message}"
    else:
        text = next(
            (getattr(sub, f) for f in ("body", "label", "text", "message", "title") if f in fields),
            "",
        )
        text = text if isinstance(text, str) else ""
    options = tuple(sub.options) if "options" in fields else ()
    return Element(
        kind=kind,
        text=text,
        options=tuple(str(o) for o in options),
        widget_id=getattr(sub, "id", "") if "id" in fields else "",
        form_id=getattr(sub, "form_id", "") if "form_id" in fields else "",
        form_submitter=bool(getattr(sub, "is_form_submitter", False)),
        tag=getattr(sub, "tag", "") if kind == "heading" else "",
    )


class Session:
    """One open websocket session; ``rerun`` asks for a script run and waits for its end."""

    def __init__(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, protocol: ClientProtocol
    ):
        self._reader = reader
        self._writer = writer
        self._protocol = protocol
        self._frames: list[bytes] = []
        self._partial = b""
        self.session_id = ""

    async def _flush(self) -> None:
        for chunk in self._protocol.data_to_send():
            if chunk:
                self._writer.write(chunk)
        await self._writer.drain()

    async def _next_message(self) -> bytes:
        while not self._frames:
            data = await self._reader.read(65536)
            if not data:
                self._protocol.receive_eof()
                raise StreamlitClientError("the server closed the websocket")
            self._protocol.receive_data(data)
            for event in self._protocol.events_received():
                if isinstance(event, Frame):
                    self._take(event)
            await self._flush()
        return self._frames.pop(0)

    def _take(self, frame: Frame) -> None:
        if frame.opcode in (Opcode.BINARY, Opcode.TEXT):
            self._partial = bytes(frame.data)
        elif frame.opcode == Opcode.CONT:
            self._partial += bytes(frame.data)
        elif frame.opcode == Opcode.CLOSE:
            raise StreamlitClientError("the server closed the websocket")
        else:
            return
        if frame.fin:
            self._frames.append(self._partial)
            self._partial = b""

    async def rerun(
        self,
        page: str = "",
        query: str = "",
        widget_states: WidgetStates | None = None,
        timeout: float = 60.0,
    ) -> RunResult:
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = page
        if widget_states is not None:
            msg.rerun_script.widget_states.CopyFrom(widget_states)
        self._protocol.send_binary(msg.SerializeToString())
        await self._flush()
        result = RunResult(session_id=self.session_id)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                data = await asyncio.wait_for(self._next_message(), deadline - loop.time())
            except TimeoutError:
                result.timed_out = True
                return result
            fm = ForwardMsg()
            fm.ParseFromString(data)
            result.raw.append(data)
            if fm.HasField("new_session") and fm.new_session.HasField("initialize"):
                self.session_id = result.session_id = fm.new_session.initialize.session_id
            element = _element(fm)
            if element is not None:
                result.elements.append(element)
            if fm.HasField("page_info_changed"):
                result.query_string = fm.page_info_changed.query_string
            if fm.HasField("navigation"):
                result.navigation = [p.page_name for p in fm.navigation.app_pages]
            if fm.HasField("page_not_found"):
                result.page_not_found = True
            if fm.HasField("script_finished"):
                result.statuses.append(fm.script_finished)
                if fm.script_finished != RERUN:
                    return result


@contextlib.asynccontextmanager
async def session(
    ip: str,
    port: int,
    host: str,
    *,
    headers: Mapping[str, str] | None = None,
    subprotocols: Sequence[str] = ("streamlit",),
    source_ip: str | None = None,
    timeout: float = 30.0,
) -> AsyncIterator[Session]:
    """A websocket session to ``ip:port`` that says ``Host: <host>`` (``""`` sends it empty).

    ``headers`` replace the client's own (``User-Agent`` included); ``subprotocols`` is the
    ``Sec-WebSocket-Protocol`` list (Streamlit reads ``[streamlit, xsrf, session id]``, the third
    one reconnecting to that session); ``source_ip`` binds the socket's local address.
    """
    uri = parse_uri(f"ws://{ip}:{port}/_stcore/stream")
    offered = [Subprotocol(p) for p in subprotocols]
    protocol = ClientProtocol(uri, subprotocols=offered, max_size=None)
    request = protocol.connect()
    del request.headers["Host"]
    request.headers["Host"] = host
    for name, value in (headers or {}).items():
        if name in request.headers:
            del request.headers[name]
        request.headers[name] = value
    local = (source_ip, 0) if source_ip else None
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(ip, port, local_addr=local), timeout
    )
    try:
        protocol.send_request(request)
        st_session = Session(reader, writer, protocol)
        await st_session._flush()
        while protocol.state.name == "CONNECTING":
            data = await asyncio.wait_for(reader.read(65536), timeout)
            if not data:
                raise StreamlitClientError(f"no websocket handshake from {ip}:{port}")
            protocol.receive_data(data)
            for event in protocol.events_received():
                if isinstance(event, Response) and event.status_code != 101:
                    raise StreamlitClientError(
                        f"websocket refused with HTTP {event.status_code} (Host {host!r})"
                    )
                if isinstance(event, Frame):
                    st_session._take(event)
        if protocol.handshake_exc is not None:
            raise StreamlitClientError(f"websocket handshake failed: {protocol.handshake_exc}")
        yield st_session
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


async def run_once(
    ip: str,
    port: int,
    host: str,
    page: str = "",
    query: str = "",
    *,
    headers: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> RunResult:
    """A new session, one script run of ``page`` with ``query``, then close."""
    async with session(ip, port, host, headers=headers) as s:
        return await s.rerun(page, query, timeout=timeout)


async def run_many(
    ip: str, port: int, host: str, requests: Sequence[tuple[str, str]], *, timeout: float = 90.0
) -> list[RunResult]:
    """One new session per ``(page, query)``, all opened at the same moment."""
    return list(
        await asyncio.gather(
            *(run_once(ip, port, host, page, query, timeout=timeout) for page, query in requests)
        )
    )


def run(ip: str, port: int, host: str, page: str = "", query: str = "", **kw) -> RunResult:
    """Synchronous :func:`run_once` for tests."""
    return asyncio.run(run_once(ip, port, host, page, query, **kw))


def text_input_states(
    drawn: Iterable[Element], value: str, *, widget_id: str | None = None
) -> WidgetStates:
    """The widget states a browser sends after typing ``value`` in the (first) text input.

    When the input sits in a form (or has a button beside it), the submit is pressed too, the
    way Enter or a click does.
    """
    drawn = list(drawn)
    field = next((e for e in drawn if e.kind == "text_input"), None)
    wid = widget_id or (field.widget_id if field else "")
    if not wid:
        raise StreamlitClientError("no text input drawn to type into")
    form_id = field.form_id if field else ""
    states = WidgetStates()
    typed = states.widgets.add()
    typed.id = wid
    typed.string_value = value
    for button in drawn:
        if button.kind == "button" and button.form_id == form_id and button.widget_id:
            if form_id and not button.form_submitter:
                continue
            pressed = states.widgets.add()
            pressed.id = button.widget_id
            pressed.trigger_value = True
    return states
