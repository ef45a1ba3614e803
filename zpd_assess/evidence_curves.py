"""The held-out information curve: what the first k questions add, on customers the selection
never saw, with its 90 % interval and the stopping point; its words in English and Hebrew.

The words are the catalog's labels where it has them (``evidence.heldout_*``); until
``templates/labels.csv`` carries them, :data:`LABELS` holds them here.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go

from .catalog import Catalog
from .charts import _layout, rtl_text
from .evidence import QuestionValue, question_names
from .palette import GREY, NAVY

#: The curve's words (moved to templates/labels.csv when it has them).
LABELS: dict[str, dict[str, str]] = {
    "evidence.heldout_title": {
        "en": "What the questions add on customers the selection never saw (AUC gain)",
        "he": "מה השאלות מוסיפות אצל לקוחות שהבחירה לא ראתה (שיפור AUC)",
    },
    "evidence.heldout_axis": {
        "en": "AUC gain over first-party data alone",
        "he": "שיפור ה-AUC מעבר לדאטה מצד ראשון בלבד",
    },
    "evidence.heldout_chosen": {"en": "This method", "he": "השיטה שלנו"},
    "evidence.heldout_band": {"en": "90 % interval", "he": "טווח 90%"},
    "evidence.heldout_stop": {
        "en": "Stop after {k}: one more adds less than its noise",
        "he": "לעצור אחרי {k}: שאלה נוספת מוסיפה פחות מהרעש שלה",
    },
    "evidence.heldout_line": {
        "en": "On held-out customers the first {k} question(s) raise the AUC of {target} "
        "from {base:.3f} by {gain:+.3f} (90 % interval {low:+.3f} to {high:+.3f}); "
        "past {k}, each question adds less than its noise.",
        "he": "אצל לקוחות שלא שימשו לבחירה, {k} השאלות הראשונות מעלות את ה-AUC של {target} "
        "מ-{base:.3f} ב-{gain:+.3f} (טווח 90%: {low:+.3f} עד {high:+.3f}); "
        "אחרי {k}, כל שאלה מוסיפה פחות מהרעש שלה.",
    },
    "evidence.heldout_none": {
        "en": "On held-out customers no question adds more than its noise to predicting "
        "{target} (AUC {base:.3f} with first-party data).",
        "he": "אצל לקוחות שלא שימשו לבחירה אף שאלה לא מוסיפה לחיזוי {target} יותר מהרעש "
        "שלה (AUC {base:.3f} עם דאטה מצד ראשון).",
    },
}


def label(catalog: Catalog, key: str, lang: str, **values: Any) -> str:
    """A label from the catalog when it has ``key``, else from :data:`LABELS`."""
    if key in catalog.labels.get(lang, {}):
        return catalog.text(key, lang, **values)
    template = LABELS[key][lang if lang in LABELS[key] else "en"]
    return template.format(**values) if values else template


def held_out_line(qv: QuestionValue, target: str, catalog: Catalog, lang: str = "en") -> str:
    """The held-out finding in one sentence (empty for a result without a held-out curve)."""
    curve = qv.held_out
    if curve is None:
        return ""
    if curve.stop == 0:
        return label(catalog, "evidence.heldout_none", lang, target=target, base=curve.auc_base)
    k = curve.stop
    return label(
        catalog,
        "evidence.heldout_line",
        lang,
        k=k,
        target=target,
        base=curve.auc_base,
        gain=curve.gain[k - 1],
        low=curve.low[k - 1],
        high=curve.high[k - 1],
    )


def held_out_chart(qv: QuestionValue, catalog: Catalog, lang: str = "en") -> go.Figure:
    """AUC gain against the number of questions, held out: the method's curve in a shaded
    90 % band, mutual information, mRMR and random orders beside it, the stopping point marked."""
    curve = qv.held_out
    fig = go.Figure()
    if curve is None:
        return fig
    xs = list(range(len(curve.gain) + 1))
    names = ["", *question_names(catalog, list(qv.order[: len(curve.gain)]), lang)]
    fig.add_trace(
        go.Scatter(
            x=xs + xs[::-1],
            y=[0.0, *curve.high, *[0.0, *curve.low][::-1]],
            fill="toself",
            fillcolor="rgba(31, 56, 100, 0.15)",
            line={"width": 0},
            hoverinfo="skip",
            name=label(catalog, "evidence.heldout_band", lang),
        )
    )
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=[0.0, *curve.gain],
            mode="lines+markers",
            name=label(catalog, "evidence.heldout_chosen", lang),
            line={"color": NAVY, "width": 3},
            text=names,
            hovertemplate="%{x}: %{y:+.4f} %{text}<extra></extra>",
        )
    )
    words = {
        "random": catalog.text("ui.curve_random", lang),
        "mutual_information": catalog.text("ui.curve_mi", lang),
        "mrmr": "mRMR",
    }
    dashes = {"random": "dot", "mutual_information": "dash", "mrmr": "dashdot"}
    for key, gains in qv.baseline_gain.items():
        ys = [0.0, *gains]
        fig.add_trace(
            go.Scatter(
                x=list(range(len(ys))),
                y=ys,
                mode="lines",
                name=words.get(key, key),
                line={"dash": dashes.get(key, "solid"), "color": GREY if key == "random" else None},
                hovertemplate="%{x}: %{y:+.4f}<extra></extra>",
            )
        )
    fig.add_vline(
        x=curve.stop,
        line={"dash": "dash", "color": GREY},
        annotation_text=rtl_text(label(catalog, "evidence.heldout_stop", lang, k=curve.stop), lang),
        annotation_position="top left" if lang == "he" else "top right",
    )
    fig.update_xaxes(title=catalog.text("ui.n_questions", lang), dtick=1)
    fig.update_yaxes(title=label(catalog, "evidence.heldout_axis", lang), zeroline=True)
    return _layout(fig, lang, label(catalog, "evidence.heldout_title", lang), height=440)
