"""Plotly figures of the assessment, in English or Hebrew, each explaining itself on hover.

Pure functions: scores, plan and labels in, a ``plotly.graph_objects.Figure`` out. The app draws
them; tests can inspect them without a browser.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go

from .assess import Assessment
from .catalog import Catalog
from .palette import CATEGORY_COLOURS, GREEN, GREY, NAVY, PARTY_COLOURS, RED
from .scoring import party_mix
from .wording import question_text

ASK_NOW_IMPORTANCE = 0.5
ASK_NOW_KNOWLEDGE = 0.5
#: Topics named on the quadrant (the largest gaps); every bubble names itself on hover.
LABELLED_TOPICS = 10


#: Right-to-left embedding and its end: Plotly draws text in a left-to-right SVG, where a Hebrew
#: line's closing question mark or bracket would land at its left end, i.e. read first.
RLE, PDF = "\u202b", "\u202c"


def rtl_text(text: str, lang: str) -> str:
    """Text for a chart, each ``<br>`` line embedded right to left in Hebrew (as is in English)."""
    if lang != "he":
        return text
    return "<br>".join(f"{RLE}{line}{PDF}" for line in str(text).split("<br>"))


def _layout(fig: go.Figure, lang: str, title: str, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={
            "text": rtl_text(title, lang),
            "x": 1.0 if lang == "he" else 0.0,
            "xanchor": "right" if lang == "he" else "left",
        },
        height=height,
        margin={"l": 40, "r": 40, "t": 60, "b": 40},
        hoverlabel={"align": "right" if lang == "he" else "left"},
        font={"family": "Segoe UI, Arial, sans-serif"},
        plot_bgcolor="white",
        legend={"x": 0 if lang == "he" else 1, "xanchor": "left" if lang == "he" else "right"},
    )
    return fig


def _wrap(text: str, width: int = 70) -> str:
    words, lines, line = str(text).split(), [], ""
    for word in words:
        if len(line) + len(word) + 1 > width and line:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(lines)


def quadrant(assessment: Assessment, catalog: Catalog, lang: str = "en") -> go.Figure:
    """Importance × knowledge, a bubble per topic; the 'ask now' corner is shaded."""
    t = assessment.scores.topics
    explain = assessment.scores.explain
    label = f"label_{lang}"
    fig = go.Figure()
    fig.add_shape(
        type="rect",
        x0=0,
        x1=ASK_NOW_KNOWLEDGE,
        y0=ASK_NOW_IMPORTANCE,
        y1=1.05,
        fillcolor="rgba(192,80,77,0.10)",
        line={"width": 0},
        layer="below",
    )
    fig.add_annotation(  # above the plot area: no bubble can hide it
        x=0.0,
        y=1.0,
        xref="paper",
        yref="paper",
        xanchor="left",
        yanchor="bottom",
        showarrow=False,
        text=rtl_text(catalog.text("ui.ask_now", lang), lang),
        font={"color": RED, "size": 13},
        bgcolor="rgba(255,255,255,0.9)",
    )
    placed = _place_labels(t, label)
    for category, group in t.groupby("category"):
        fig.add_trace(
            go.Scatter(
                x=group["knowledge"],
                y=group["importance"],
                mode="markers+text",
                text=[
                    rtl_text(placed[tid][0], lang) if tid in placed else "" for tid in group.index
                ],
                meta=list(group[label]),
                textposition=[
                    placed[tid][1] if tid in placed else "top center" for tid in group.index
                ],
                textfont={"size": 10},
                marker={
                    "color": CATEGORY_COLOURS.get(str(category), GREY),
                    "size": 10 + 40 * group["gap"],
                    "opacity": 0.75,
                    "line": {"width": 1, "color": "white"},
                },
                name=str(catalog.categories.at[category, label]),
                customdata=list(group.index),
                hovertext=[_wrap(explain[tid][f"text_{lang}"]) for tid in group.index],
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    fig.update_xaxes(
        title=catalog.text("col.knowledge", lang),
        range=[-0.05, 1.08],
        tickformat=".0%",
        gridcolor="#EEEEEE",
    )
    fig.update_yaxes(
        title=catalog.text("col.importance", lang), range=[-0.06, 1.12], gridcolor="#EEEEEE"
    )
    fig = _layout(fig, lang, catalog.text("ui.quadrant_title", lang), height=600)
    fig.update_layout(legend={"orientation": "h", "y": -0.15, "x": 0.5, "xanchor": "center"})
    return fig


def _short_label(name: str) -> str:
    """A topic's label without its parenthesis (the hover keeps the whole label)."""
    return re.sub(r"\s*\([^)]*\)", "", str(name)).strip()


#: The quadrant's plot area in its own units per character and per line of a 10-pt label (the
#: chart is about 480 × 440 px on a laptop): used to keep labels from covering each other.
_CHAR_W, _LINE_H = 0.0135, 0.045
_SIDES = (
    "middle right",
    "middle left",
    "top center",
    "bottom center",
    "top right",
    "bottom right",
    "top left",
    "bottom left",
)
#: Room kept between a name and its neighbours (Plotly's offsets differ a little from ours), and
#: the plot's y units per x unit of the same length on screen.
_PAD_X, _PAD_Y, _Y_PER_X = 0.01, 0.015, 1.4


def _label_box(
    x: float, y: float, text: str, side: str, radius: float = 0.0
) -> tuple[float, float, float, float]:
    lines = text.split("<br>")
    w = max(len(line) for line in lines) * _CHAR_W
    h = len(lines) * _LINE_H
    gap = 0.02 + radius  # Plotly sets a label off the bubble's edge
    if side == "middle right":
        return x + gap, x + gap + w, y - h / 2, y + h / 2
    if side == "middle left":
        return x - gap - w, x - gap, y - h / 2, y + h / 2
    if side == "top center":
        return x - w / 2, x + w / 2, y + gap, y + gap + h
    if side == "bottom center":
        return x - w / 2, x + w / 2, y - gap - h, y - gap
    corner = 0.7 * gap  # a corner label starts off the bubble's diagonal
    left = x + corner if side.endswith("right") else x - corner - w
    bottom = y + corner if side.startswith("top") else y - corner - h
    return left, left + w, bottom, bottom + h


def _place_labels(topics: pd.DataFrame, label: str) -> dict[str, tuple[str, str]]:
    """Names for the largest gaps, each put on the first side of its bubble where it stays in
    the plot and covers no other name; a name with no free side is left to the hover."""
    placed: dict[str, tuple[str, str]] = {}
    names: list[tuple[float, float, float, float]] = []
    bubbles = {  # no name covers another topic's bubble either
        str(tid): (
            float(row["knowledge"]) - _radius(row["gap"]),
            float(row["knowledge"]) + _radius(row["gap"]),
            float(row["importance"]) - _radius(row["gap"]) * _Y_PER_X,
            float(row["importance"]) + _radius(row["gap"]) * _Y_PER_X,
        )
        for tid, row in topics.iterrows()
    }

    def free(box: tuple[float, float, float, float], own: str) -> bool:
        x0, x1, y0, y1 = box
        others = names + [b for tid, b in bubbles.items() if tid != own]
        return all(
            x1 + _PAD_X < a0 or x0 - _PAD_X > a1 or y1 + _PAD_Y < b0 or y0 - _PAD_Y > b1
            for a0, a1, b0, b1 in others
        )

    for tid, row in topics.sort_values("gap", ascending=False).head(LABELLED_TOPICS).iterrows():
        text = _wrap(_short_label(row[label]), 22)
        x, y = float(row["knowledge"]), float(row["importance"])
        for side in _SIDES:
            box = _label_box(x, y, text, side, _radius(row["gap"]))
            x0, x1, y0, y1 = box
            inside = x0 >= -0.05 and x1 <= 1.08 and y0 >= -0.06 and y1 <= 1.12
            if inside and free(box, str(tid)):
                names.append(box)
                placed[str(tid)] = (text, side)
                break
    return placed


def _radius(gap: float) -> float:
    """A bubble's radius in the plot's x units (its marker size is 10 + 40 × gap pixels)."""
    return (10 + 40 * float(gap)) / 2 * _CHAR_W / 6


def gaps_by_category(assessment: Assessment, catalog: Catalog, lang: str = "en") -> go.Figure:
    t = assessment.scores.topics
    by = t.groupby("category")["gap"].sum().sort_values()
    names = [str(catalog.categories.at[c, f"label_{lang}"]) for c in by.index]
    members = {
        c: ", ".join(t.loc[t["category"] == c].sort_values("gap", ascending=False)[f"label_{lang}"])
        for c in by.index
    }
    fig = go.Figure(
        go.Bar(
            x=by.values,
            y=names,
            orientation="h",
            marker_color=RED,
            hovertext=[_wrap(members[c]) for c in by.index],
            hovertemplate="<b>%{y}</b>: %{x:.2f}<br>%{hovertext}<extra></extra>",
        )
    )
    fig.update_xaxes(title=_wrap(catalog.text("ui.gap_sum_axis", lang), 30))
    return _layout(fig, lang, catalog.text("ui.gaps_by_category", lang))


def party_mix_chart(assessment: Assessment, catalog: Catalog, lang: str = "en") -> go.Figure:
    """Where today's knowledge comes from, as bars: a 97% / 3% split reads on a bar, not on a
    donut's slivers; every bar says its share with the same precision."""
    mix = party_mix(assessment.scores.contributions)
    mix = mix[mix > 0].sort_values()
    names = [catalog.text(f"party.{p}", lang) for p in mix.index]
    fig = go.Figure(
        go.Bar(
            x=mix.values,
            y=names,
            orientation="h",
            marker_color=[PARTY_COLOURS[p] for p in mix.index],
            text=[f"{v:.1%}" for v in mix.values],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="<b>%{y}</b>: %{x:.1%}<extra></extra>",
        )
    )
    fig.update_xaxes(tickformat=".0%", range=[1.15, 0] if lang == "he" else [0, 1.15],
                     showgrid=False)  # fmt: skip
    if lang == "he":  # the bars grow from the right, where the reader starts
        fig.update_yaxes(side="right")
    fig = _layout(fig, lang, catalog.text("summary.party_mix", lang), height=260)
    fig.update_layout(showlegend=False)
    return fig


def known_unknown(assessment: Assessment, catalog: Catalog, lang: str = "en") -> go.Figure:
    t = assessment.scores.topics.sort_values("importance")
    names = list(t[f"label_{lang}"])
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=names,
            x=t["knowledge"],
            orientation="h",
            name=catalog.text("ui.known", lang),
            marker_color=GREEN,
            hovertemplate="%{y}: %{x:.0%}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=names,
            x=1 - t["knowledge"],
            orientation="h",
            name=catalog.text("ui.unknown", lang),
            marker_color=GREY,
            hovertemplate="%{y}: %{x:.0%}<extra></extra>",
        )
    )
    fig.update_layout(barmode="stack")
    fig.update_xaxes(tickformat=".0%", range=[0, 1])
    fig = _layout(fig, lang, catalog.text("ui.known_unknown", lang), height=820)
    # the legend above the bars, never over them
    fig.update_layout(
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0.5, "xanchor": "center"},
        margin={"t": 90},
    )
    return fig


def projection_chart(assessment: Assessment, catalog: Catalog, lang: str = "en") -> go.Figure:
    p = assessment.plan.projection
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=p["month"],
            y=p["index_with_plan"],
            mode="lines+markers",
            name=catalog.text("summary.with_plan", lang),
            line={"color": NAVY},
            hovertemplate="%{x}: %{y:.1f}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=p["month"],
            y=p["index_nothing_done"],
            mode="lines+markers",
            name=catalog.text("summary.nothing", lang),
            line={"color": RED, "dash": "dot"},
            hovertemplate="%{x}: %{y:.1f}<extra></extra>",
        )
    )
    fig.update_xaxes(title=catalog.text("summary.month", lang), tickvals=list(p["month"]))
    fig.update_yaxes(title=catalog.text("summary.index_axis", lang), range=[0, 100])
    return _layout(fig, lang, catalog.text("summary.projection", lang), height=380)


def question_waterfall(
    plan_explain: dict, question: pd.Series, catalog: Catalog, lang: str = "en"
) -> go.Figure:
    """The why of a question: each topic's part and the room's votes, adding up to its value."""
    parts = plan_explain["parts"]
    names = [catalog.topic_records[p["topic_id"]][f"label_{lang}"] for p in parts]
    values = [p["adds"] for p in parts]
    hover = [
        f"{catalog.text('col.importance', lang)} {p['importance']:.2f} × "
        f"{catalog.text('ui.still_unknown', lang)} {p['unknown_before']:.0%} × "
        f"{catalog.text('ui.strength', lang)} {p['strength']:.2f} × "
        f"{catalog.text('col.reach', lang)} {p['reach']:.0%} × "
        f"{catalog.text('col.response', lang)} {p['response']:.1%} × "
        f"{catalog.text('col.linkability', lang)} {p['linkability']:.0%}"
        for p in parts
    ]
    if plan_explain["votes"]["adds"] > 0:
        names.append(catalog.text("ui.votes", lang))
        values.append(plan_explain["votes"]["adds"])
        hover.append(catalog.text("ui.votes", lang))
    names.append(catalog.text("col.value", lang))
    fig = go.Figure(
        go.Waterfall(
            x=names,
            y=[*values, 0],
            measure=["relative"] * len(values) + ["total"],
            text=[f"{v:.3f}" for v in values] + [f"{plan_explain['value']:.3f}"],
            textposition="outside",
            hovertext=[*hover, ""],
            hovertemplate="<b>%{x}</b> %{y:.3f}<br>%{hovertext}<extra></extra>",
            connector={"line": {"color": GREY}},
            increasing={"marker": {"color": NAVY}},
            totals={"marker": {"color": GREEN}},
        )
    )
    title = question_text(question, lang)
    return _layout(fig, lang, _wrap(title, 90), height=420)


def index_trend(points: list[tuple[str, float]], catalog: Catalog, lang: str = "en") -> go.Figure:
    """The customer-knowledge index across snapshots (label, index), ending with today."""
    fig = go.Figure(
        go.Scatter(
            x=[p[0] for p in points],
            y=[p[1] for p in points],
            mode="lines+markers+text",
            text=[f"{p[1]:.1f}" for p in points],
            textposition="top center",
            line={"color": NAVY},
            hovertemplate="%{x}: %{y:.1f}<extra></extra>",
        )
    )
    fig.update_yaxes(title=catalog.text("summary.index_axis", lang), range=[0, 100])
    return _layout(fig, lang, catalog.text("ui.index_trend", lang), height=340)


def _question_name(catalog: Catalog, question_id: str, lang: str) -> str:
    bank = catalog.questions
    text = question_text(bank.loc[question_id], lang) if question_id in bank.index else ""
    return text or str(question_id)


def information_curve(value, catalog: Catalog, lang: str = "en") -> go.Figure:
    """CV log-loss against the number of questions: greedy order beside the baselines."""
    names = {
        "greedy": catalog.text("ui.curve_greedy", lang),
        "random": catalog.text("ui.curve_random", lang),
        "mutual_information": catalog.text("ui.curve_mi", lang),
        "mrmr": "mRMR",
    }
    fig = go.Figure()
    greedy = [value.base, *value.after]
    fig.add_trace(
        go.Scatter(
            x=list(range(len(greedy))),
            y=greedy,
            mode="lines+markers",
            name=names["greedy"],
            line={"color": NAVY, "width": 3},
            # the question each step adds, by its wording (ids mean nothing to the room)
            text=["", *(_wrap(_question_name(catalog, q, lang), 60) for q in value.order)],
            hovertemplate="%{x}: %{y:.4f} %{text}<extra></extra>",
        )
    )
    dashes = {"random": "dot", "mutual_information": "dash", "mrmr": "dashdot"}
    for key, (_, curve) in value.baselines.items():
        ys = [value.base, *curve]
        fig.add_trace(
            go.Scatter(
                x=list(range(len(ys))),
                y=ys,
                mode="lines",
                name=names[key],
                line={"dash": dashes[key]},
                hovertemplate="%{x}: %{y:.4f}<extra></extra>",
            )
        )
    fig.update_xaxes(title=catalog.text("ui.n_questions", lang))
    fig.update_yaxes(title=catalog.text("ui.cv_logloss", lang))
    return _layout(fig, lang, catalog.text("ui.information_curve", lang), height=420)


def segment_heatmap(gaps: pd.DataFrame, catalog: Catalog, lang: str = "en") -> go.Figure:
    """Topics × segments, coloured by the gap (importance × share unknown in the segment)."""
    labels = [catalog.topic_records[t][f"label_{lang}"] for t in gaps.index]
    fig = go.Figure(
        go.Heatmap(
            z=gaps.to_numpy(),
            x=list(gaps.columns),
            y=labels,
            colorscale="Reds",
            zmin=0,
            zmax=1,
            hovertemplate="%{y} · %{x}: %{z:.2f}<extra></extra>",
        )
    )
    return _layout(fig, lang, catalog.text("ui.segment_heatmap", lang), height=760)
