"""The app opens on a sample organisation, in both languages, with no exception."""

from __future__ import annotations

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest


@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_app_opens_on_a_sample_engagement(lang):
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.radio(key="app.lang").set_value(lang).run()
    assert not at.exception
    metric = at.metric[0]
    assert float(metric.value) > 0
    expected = "מדד הכרת הלקוח" if lang == "he" else "Customer-knowledge index"
    assert metric.label == expected
    assert len(at.dataframe) == 1


def test_switching_sample_changes_the_index():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    first = at.metric[0].value
    options = at.selectbox(key="app.engagement").options
    at.selectbox(key="app.engagement").set_value(at.selectbox(key="app.engagement").options[1])
    at.run()
    assert not at.exception
    assert len(options) == 3
    assert at.metric[0].value != first
