"""The Export page's one zip holds every launch file (issue 19): the surveys in four formats, the
consent records and the tracking plans; a finding that blocks the consent records is shown on the
page, in the page's language, and the rest is still offered."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from zpd_assess import export_bundle

KINDS = {"surveyjs", "xlsform", "formbricks", "typeform", "scripts", "consent", "tracking-plan"}


def _page(lang: str, kept: dict[str, Callable]) -> tuple[AppTest, dict[str, Callable]]:
    """The Export page, with the download buttons' deferred callables in ``kept``."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["zpd.facilitator"] = "unknown"
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("pages/export.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at, kept


def _zip_from_page(at: AppTest, kept: dict[str, Callable]) -> dict[str, bytes]:
    (button,) = [b for b in at.get("download_button") if "export.surveys" in b.proto.id]
    assert not button.proto.disabled
    data = kept[button.proto.deferred_file_id]()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.mark.slow
def test_the_export_zip_from_the_page_holds_all_six_kinds(catalog, deferred_downloads):
    at, kept = _page("en", deferred_downloads)
    files = _zip_from_page(at, kept)
    assert {name.split("/")[0] for name in files} == KINDS
    assert "consent/records.jsonld" in files
    assert {"tracking-plan/segment.json", "tracking-plan/rudderstack.json"} <= set(files)
    channels = {n.split("/")[1].removesuffix(".json") for n in files if n.startswith("formbricks")}
    assert channels and all(
        f"typeform/{c}_{lang}.json" in files for c in channels for lang in ("en", "he")
    )
    assert not [w.value for w in at.warning if "consent records" in w.value]
    labels = [b.proto.label for b in at.get("download_button")]
    assert catalog.text("ui.download_exports", "en") in labels


@pytest.mark.slow
def test_a_blocking_consent_finding_is_shown_and_the_rest_still_offered(
    catalog, monkeypatch, deferred_downloads
):
    finding = {"en": "Question q_x (health) is planned in SMS; move it to the app.",
               "he": "השאלה q_x (בריאות) מתוכננת ב-SMS; העבירו אותה לאפליקציה."}  # fmt: skip
    monkeypatch.setattr(export_bundle, "consent_problems", lambda source, catalog: [finding])
    at, kept = _page("he", deferred_downloads)
    shown = " ".join(w.value for w in at.warning)
    assert finding["he"] in shown
    assert catalog.text("ui.consent_left_out", "he", n=1) in shown
    files = _zip_from_page(at, kept)
    assert {name.split("/")[0] for name in files} == KINDS - {"consent"}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "he"])
def test_the_page_shows_each_conversational_script_in_its_language(
    catalog, deferred_downloads, lang
):
    from zpd_assess.scripts import CHANNELS

    at, _ = _page(lang, deferred_downloads)
    (choice,) = [s for s in at.selectbox if s.key == "export.script_channel"]
    assert choice.options and set(choice.options) <= {
        str(catalog.channels.at[c, f"label_{lang}"]) for c in CHANNELS
    }
    shown = [c.value for c in at.code]
    title = catalog.text("script.title", lang, channel=choice.options[0], organisation="")
    assert any(text.startswith(title.split(":")[0]) for text in shown), shown[:1]
    # another channel chosen: its script replaces the first
    if len(choice.options) > 1:
        choice.set_value(choice.options[1]).run()
        assert not at.exception
        assert any(choice.options[1] in c.value.splitlines()[0] for c in at.code)
