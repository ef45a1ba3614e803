"""A click that reaches the server while the previous run is still drawing carries the widget
states the browser held then, widgets that run removed included. Streamlit calls such a widget's
``on_change`` callback though the value is gone from ``st.session_state`` (a ``KeyError``); a
callback that read it with ``st.session_state[key]`` replaced the page with Streamlit's error box.

Seen in full runs on a loaded two-core machine (the findings browser test of the goals' AHP, CI
of stop 26): a weight slider's state sent with the switch back from the pairwise comparison. This
test sends those states itself, over the websocket, the way the browser did.
"""

from __future__ import annotations

import asyncio

import pytest
import st_client
from browser_support import streamlit_server
from conftest import ROOT
from st_client import RunResult
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetStates

from zpd_assess.catalog import load_catalog

pytestmark = pytest.mark.slow

CATALOG = load_catalog(ROOT / "templates")
QUERY = "lang=en&org=urban_retail"
LABELS = CATALOG.labels["en"]


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as base:
        host = base.removeprefix("http://")
        ip, port = host.rsplit(":", 1)
        yield ip, int(port), host


def _radio(states: WidgetStates, widget_id: str, option: str) -> None:
    w = states.widgets.add()
    w.id = widget_id
    w.string_value = option  # Streamlit 1.67 keeps a radio's choice as the shown option


def _slider(states: WidgetStates, widget_id: str, value: float) -> None:
    w = states.widgets.add()
    w.id = widget_id
    w.double_array_value.data.append(value)


def _mode_radio(page: RunResult) -> str:
    mode = [e for e in page.of_kind("radio") if LABELS["ui.mode_ahp"] in e.options]
    assert len(mode) == 1, page.summary(30)
    return mode[0].widget_id


def _weights_shown(page: RunResult) -> dict[str, float]:
    """Each weight slider's value as drawn, by goal id."""
    goal = {label: g for g, label in CATALOG.goals["label_en"].items()}
    shown = {}
    for data in page.raw:
        fm = ForwardMsg()
        fm.ParseFromString(data)
        if fm.HasField("delta") and fm.delta.new_element.WhichOneof("type") == "slider":
            slider = fm.delta.new_element.slider
            if slider.label in goal:
                value = slider.value if slider.set_value else slider.default
                shown[goal[slider.label]] = float(value[0])
    return shown


def _weight_sliders(page: RunResult) -> list[st_client.Element]:
    labels = set(CATALOG.goals["label_en"])
    return [e for e in page.of_kind("slider") if e.text in labels]


async def _back_to_sliders_with_stale_weights(ip: str, port: int, host: str) -> list[RunResult]:
    async with st_client.session(ip, port, host) as s:
        first = await s.rerun("goals", QUERY, timeout=120)
        sliders = _weight_sliders(first)
        assert len(sliders) == len(CATALOG.goals), first.summary(40)
        radio = _mode_radio(first)

        # A browser under load kept sending the weight sliders' states after they left the page:
        # the values they showed.
        shown = _weights_shown(first)
        goal = {label: g for g, label in CATALOG.goals["label_en"].items()}

        def held(states: WidgetStates) -> WidgetStates:
            for slider in sliders:
                _slider(states, slider.widget_id, shown[goal[slider.text]])
            return states

        to_ahp = held(WidgetStates())
        _radio(to_ahp, radio, LABELS["ui.mode_ahp"])
        ahp = await s.rerun("goals", QUERY, to_ahp, timeout=120)
        assert not _weight_sliders(ahp), "the pairwise comparison replaces the weight sliders"
        use = [e for e in ahp.of_kind("button") if e.text == LABELS["ui.use_ahp"]]
        assert len(use) == 1, ahp.summary(40)
        press = held(WidgetStates())
        _radio(press, radio, LABELS["ui.mode_ahp"])
        pressed = press.widgets.add()
        pressed.id = use[0].widget_id
        pressed.trigger_value = True
        applied = await s.rerun("goals", QUERY, press, timeout=120)
        assert applied.shows(LABELS["ui.ahp_applied"]), applied.summary(40)

        # Using the comparison's weights dropped the sliders' keys; the switch back carries them.
        back = held(WidgetStates())
        _radio(back, radio, LABELS["ui.mode_sliders"])
        again = await s.rerun("goals", QUERY, back, timeout=120)
        return [first, ahp, applied, again]


def test_a_weight_slider_state_sent_after_the_sliders_left_the_page_is_no_error(server):
    first, ahp, applied, again = asyncio.run(_back_to_sliders_with_stale_weights(*server))
    for run in (first, ahp, applied, again):
        assert not run.timed_out, run.summary(20)
        assert not run.exceptions, run.summary(20)
    assert LABELS["page.goals"] in again.titles, again.summary(20)
    # The sliders show the comparison's weights, not the values the browser held: the goals
    # compared share what they had, the others keep theirs (all divided alike when a weight
    # would pass 1).
    before, after = _weights_shown(first), _weights_shown(again)
    assert set(before) == set(after) == set(CATALOG.goals.index), (before, after)
    compared = sorted(CATALOG.goals.index, key=lambda g: -before[g])[:5]  # the page's default
    assert sum(after.values()) > 0, after
    factor = sum(before.values()) / sum(after.values())
    for goal in set(CATALOG.goals.index) - set(compared):
        assert after[goal] * factor == pytest.approx(before[goal], abs=0.01), (goal, after)
    assert after != before, "the stale values replaced the comparison's weights"
