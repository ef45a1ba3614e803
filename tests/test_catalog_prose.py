"""Every sentence in one home: the planner's, the CLI's and the segment descriptions' prose is
read from ``templates/labels.csv``, not written in Python.

A static check over the modules' syntax trees (no ``lang == "he"`` branch, no Hebrew string, no
``{"en": ..., "he": ...}`` literal), the label keys they use present in both languages with the
same placeholders, and a catalog with changed labels changing what they write.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from types import MappingProxyType

import pandas as pd
import pytest
from conftest import SAMPLES, TODAY

from zpd_assess.engagement import load_engagement
from zpd_assess.evidence import find_segments
from zpd_assess.intake import load_inventory
from zpd_assess.planning import WAVES, PlanSettings, plan_questions
from zpd_assess.scoring import attribute_knowledge, score_from_contributions

PACKAGE = Path(__file__).resolve().parent.parent / "zpd_assess"
PLANNER = sorted((PACKAGE / "planning").glob("*.py"))
MODULES = [*PLANNER, PACKAGE / "cli.py", PACKAGE / "evidence.py"]
#: Hebrew strings that are data, not prose: the answers read as yes/no in an evidence file.
HEBREW_DATA = {"כן", "לא"}
HEBREW = re.compile(r"[\u0590-\u05ff]")
LABEL_KEY = re.compile(r"^[a-z_]+\.[a-z_]+$")
#: The calls that take a label key: Catalog.text and the modules' helpers around it.
TEXT_CALLS = {"text", "_both", "say"}


def _strings(node: ast.AST) -> list[str]:
    """The literal text of a string constant or an f-string's literal parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    return []


def prose_in_python(source: str) -> list[str]:
    """Where bilingual prose is still written in Python: ``line: what`` for each place."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare) and any(
            isinstance(op, ast.Eq | ast.NotEq) for op in node.ops
        ):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Constant) and s.value in ("en", "he") for s in sides):
                found.append(f"{node.lineno}: language branch")
        elif isinstance(node, ast.Dict):
            keys = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"en", "he"} <= keys and any(_strings(v) for v in node.values):
                found.append(f"{node.lineno}: {{'en': ..., 'he': ...}} text")
        elif (
            isinstance(node, ast.Constant)  # f-strings' literal parts are constants too
            and isinstance(node.value, str)
            and HEBREW.search(node.value)
            and node.value.strip() not in HEBREW_DATA
        ):
            found.append(f"{node.lineno}: Hebrew text")
    return sorted(set(found), key=lambda f: (int(f.split(":")[0]), f))


def label_keys(paths: list[Path]) -> set[str]:
    """The label keys passed literally to ``text`` (and its helpers) in these modules."""
    keys = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in TEXT_CALLS:
                # a key or a choice of keys (``"a.b" if ... else "a.c"``)
                args = [x for a in node.args for x in (
                    (a.body, a.orelse) if isinstance(a, ast.IfExp) else (a,)
                )]  # fmt: skip
                keys |= {s for a in args for s in _strings(a) if LABEL_KEY.match(s)}
    return keys


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# --- the static check ----------------------------------------------------------------------


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_bilingual_prose_is_written_in_python(path):
    assert prose_in_python(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_each_kind_of_prose_in_python():
    source = (
        'def f(lang, n):\n'
        '    if lang == "he":\n'
        '        return f"{n} שאלות"\n'
        '    return {"en": f"{n} questions", "he": "שאלות"}[lang]\n'
        'YES = {"כן"}\n'
    )  # fmt: skip
    assert prose_in_python(source) == [
        "2: language branch",
        "3: Hebrew text",
        "4: Hebrew text",
        "4: {'en': ..., 'he': ...} text",
    ]


# --- the keys used exist in both languages ---------------------------------------------------


def test_every_label_the_planner_cli_and_segments_use_exists_in_both_languages(catalog):
    planner = label_keys(PLANNER) | {f"wave.{w}" for w in WAVES}
    cli = label_keys([PACKAGE / "cli.py"])
    segments = label_keys([PACKAGE / "evidence.py"])
    # the keys are found (the scan is not empty by accident)
    assert {"plan.value_text", "plan.runner_up_value", "plan.only_channel_rule"} <= planner
    assert {"cli.index", "cli.plan", "cli.changes_taken"} <= cli
    assert {"segment.description", "segment.higher", "segment.lower"} <= segments
    problems = []
    for key in sorted(planner | cli | segments):
        texts = {lang: catalog.labels[lang].get(key, "") for lang in ("en", "he")}
        if not all(t.strip() for t in texts.values()):
            problems.append(f"{key}: missing in {[k for k, t in texts.items() if not t.strip()]}")
        elif _placeholders(texts["en"]) != _placeholders(texts["he"]):
            problems.append(f"{key}: placeholders differ between en and he")
    assert problems == []


# --- the texts come from the catalog -----------------------------------------------------------


def _marked(catalog, prefix: str):
    """The catalog with every label under ``prefix`` preceded by ``<key>``."""
    labels = {
        lang: {k: (f"<{k}> {t}" if k.startswith(prefix) else t) for k, t in texts.items()}
        for lang, texts in catalog.labels.items()
    }
    return catalog.replace(labels=MappingProxyType(labels))


def test_the_planners_explanations_and_waves_are_the_catalogs_labels(catalog):
    eng = load_engagement(SAMPLES / "urban_retail")
    intake = load_inventory(eng.inventory_path, catalog, today=TODAY)
    scores = score_from_contributions(
        attribute_knowledge(intake.inventory, catalog), catalog, catalog.default_goal_weights()
    )
    marked = _marked(_marked(catalog, "plan."), "wave.")
    plan = plan_questions(scores, marked, PlanSettings(channels=eng.channels))
    planned = plan.questions[plan.questions["in_plan"]]
    assert len(planned) > 0
    for lang in ("en", "he"):
        reasons = planned[f"channel_reason_{lang}"]
        assert reasons.str.match(
            r"<plan\.(runner_up_value|runner_up_full|only_channel|first_ask_most)"
        ).all()
        assert (planned[f"wave_label_{lang}"] == [
            f"<wave.{w}> {catalog.text(f'wave.{w}', lang)}" for w in planned["wave"]
        ]).all()  # fmt: skip
        for qid in planned.index:
            text = plan.explain[qid][f"text_{lang}"]
            assert re.match(r"<plan\.value_text(_audience)?> ", text)
            assert "<plan.topic_part> " in text


def test_segment_descriptions_are_the_catalogs_labels(catalog):
    frame = pd.DataFrame({"tenure": [1.0, 1.1, 0.9, 9.0, 9.1, 8.9], "spend": [5, 5, 5, 1, 1, 1]})
    seg = find_segments(frame, ["tenure", "spend"], k_range=range(2, 3),
                        catalog=_marked(catalog, "segment."))  # fmt: skip
    for lang in ("en", "he"):
        texts = sorted(d[lang] for d in seg.descriptions.values())
        assert len(texts) == 2
        for number, text in enumerate(texts, start=1):
            assert text.startswith(f"<segment.description> {'פלח' if lang == 'he' else 'Segment'}")
            assert f" {number}: " in text
            assert "<segment.higher> " in text and "<segment.lower> " in text


def _store_errors_with_labels() -> list[tuple[str, str, set[str], set[str]]]:
    """(label, message, the message's blanks, params' keys) for each labelled StoreError."""
    tree = ast.parse((PACKAGE / "store.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "StoreError"):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        if "label" not in keywords:
            continue
        message = node.args[0]
        if isinstance(message, ast.Constant):
            text, blanks = message.value, set()
        else:  # an f-string: its text with the formatted values as "{}"
            parts = [v.value if isinstance(v, ast.Constant) else "{}" for v in message.values]
            text, blanks = "".join(parts), {"{}"}
        params = keywords.get("params")
        keys = {k.value for k in params.keys} if isinstance(params, ast.Dict) else set()
        found.append((keywords["label"].value, text, blanks, keys))
    return found


def test_the_store_errors_a_participant_may_read_are_labels_in_both_languages(catalog):
    """A Hebrew phone shows the store's refusals in Hebrew: each labelled StoreError names a
    label present in both languages, whose English is the message and whose blanks are the
    params the error carries."""
    errors = _store_errors_with_labels()
    assert len(errors) >= 12, [e[0] for e in errors]
    for label, message, blanks, keys in errors:
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(catalog.labels[lang][label])
                         if f} for lang in ("en", "he")}  # fmt: skip
        assert fields["en"] == fields["he"] == keys, (label, fields, keys)
        english = catalog.labels["en"][label]
        if not blanks:
            assert english == message, (label, english, message)
        else:
            assert re.sub(r"\{\w+\}", "{}", english) == message, (label, english, message)
