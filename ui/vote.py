"""The participant's screens: a box for the workshop code, then the ballot.

Reached through a workshop link (``?w=CODE``) on any path, or through ``/vote``. It shows that
workshop's ballot and nothing of the engagement beyond the questions' wording and the goals'
names. One browser is one participant: joining again from it resumes the same ballot.
"""

from __future__ import annotations

import html
import itertools
from typing import Any

import streamlit as st

from zpd_assess.store import POINTS_BUDGET, StoreError, Workshop
from zpd_assess.weights import (
    SAATY_SLIDER,
    judgments_from_sliders,
    slider_caption,
    slider_from_judgment,
)
from zpd_assess.wording import question_text

from . import frame, state


def _language_button() -> None:
    lang = state.lang()
    other = "en" if lang == "he" else "he"
    if st.button("English" if other == "en" else "עברית", key="vote.lang"):
        st.session_state["zpd.lang"] = other
        st.query_params["lang"] = other
        st.rerun()


def render_code_entry() -> None:
    """``/vote`` without a code: a box to type the code shown on the room's screen."""
    _language_button()
    st.title(state.t("page.vote"))
    with st.form("vote.code_form"):
        code = st.text_input(state.t("ui.workshop_code"), max_chars=12, key="vote.code")
        if st.form_submit_button(state.t("ui.join"), type="primary") and code.strip():
            st.query_params["w"] = code.strip().upper()
            st.rerun()


def question_texts(workshop: Workshop, lang: str) -> dict[str, str]:
    """The ballot's wording: the bank's, the facilitator's rewording, the room's questions."""
    cat = state.catalog()
    rows: dict[str, dict[str, Any]] = {}
    for qid in workshop.questions:
        if qid in cat.questions.index:
            rows[qid] = dict(cat.questions.loc[qid, ["text_en", "text_he"]])
    stored = state.store().get_engagement(workshop.engagement_id)
    saved: dict[str, Any] = stored.state if stored else {}
    for item in saved.get("workshop", []) or []:
        if isinstance(item, dict) and item.get("question_id") in workshop.questions:
            rows[item["question_id"]] = item
    for qid, wording in (saved.get("wording") or {}).items():
        if qid in workshop.questions and isinstance(wording, dict):
            # A rewording replaces the languages it gives; the others keep the bank's text.
            given = {k: v for k, v in wording.items() if k in ("text_en", "text_he") and v}
            rows[qid] = {**rows.get(qid, {}), **given}
    return {qid: question_text(rows.get(qid, {}), lang) or qid for qid in workshop.questions}


def slider_ends(left: str, right: str) -> None:
    """Both ends of a comparison slider named at all times, under the ends they mean.

    The slider's track runs left to right in both languages (its left end is the second goal
    ×9, its right end the first goal ×9), so this row is laid out left to right too.
    """
    st.markdown(
        '<div class="zpd-slider-ends" style="display:flex;justify-content:space-between;'
        'direction:ltr;font-size:0.85em;margin-top:-0.6em">'
        f'<span dir="auto">◀ {html.escape(left)}</span>'
        f'<span dir="auto">{html.escape(right)} ▶</span></div>',
        unsafe_allow_html=True,
    )


def render_ballot() -> None:
    t = state.t
    lang = state.lang()
    store = state.store()
    code = str(st.query_params.get("w", "")).strip().upper()[:12]
    _language_button()
    st.title(t("page.vote"))
    try:
        workshop = store.get_workshop(code)
    except StoreError as exc:
        st.error(frame.describe_error(exc), icon=":material/error:")
        st.stop()
    if workshop is None:
        st.error(t("ui.no_such_workshop"), icon=":material/error:")
        st.stop()
    if workshop.status == "closed":
        _idea_outcome(code)
        st.info(t("ui.workshop_closed"))
        st.stop()

    token = st.session_state.get(f"vote.token.{code}") or st.query_params.get("p")
    if not token:
        with st.form("vote.join"):
            name = st.text_input(t("ui.display_name"), max_chars=40)
            if st.form_submit_button(t("ui.join"), type="primary"):
                try:
                    token = store.join(code, name, device=frame.participant_device())
                except StoreError as exc:
                    st.error(frame.describe_error(exc), icon=":material/error:")
                    st.stop()
                st.session_state[f"vote.token.{code}"] = token
                st.query_params["p"] = token  # a refresh keeps the participant's place
                st.rerun()
        st.stop()

    if workshop.status == "revealed":
        _idea_outcome(code)
        st.success(t("ui.voting_over"), icon=":material/check_circle:")
        st.stop()

    _ideas_form(store, workshop, token)
    _resume_ballot(store, workshop, token)
    texts = question_texts(workshop, lang)
    unit = "_points" if workshop.dots >= POINTS_BUDGET else ""  # a 100-point allocation
    st.write(t(f"ui.ballot_help{unit}", dots=workshop.dots))
    # No form: each dot placed reruns the page, so the count below is always the running one.
    dots = {}
    for qid in workshop.questions:
        dots[qid] = st.number_input(
            frame.plain(texts[qid]),
            min_value=0,
            max_value=workshop.dots,
            step=5 if unit else 1,
            key=f"vote.dots.{qid}",
        )
    clean = {q: _dots(d) for q, d in dots.items()}
    used = sum(clean.values())
    dot_count(used, workshop.dots)
    judgments = {}
    if len(workshop.goals) >= 2:
        st.markdown(f"**{t('ui.compare_goals')}**")
        labels = state.catalog().goals[f"label_{lang}"].to_dict()
        equal = t("ui.equal")
        positions = {}
        for a, b in itertools.combinations(workshop.goals, 2):
            positions[(a, b)] = st.select_slider(
                pair_label(labels.get(a, a), labels.get(b, b), lang),
                options=SAATY_SLIDER,
                key=f"vote.pair.{a}|{b}",
                format_func=lambda v, a=a, b=b: slider_caption(
                    v, labels.get(a, a), labels.get(b, b), equal
                ),
            )
            slider_ends(labels.get(b, b), labels.get(a, a))
        judgments = judgments_from_sliders(positions)
    if not st.button(t("ui.cast_vote"), type="primary", key="vote.cast"):
        return
    if used > workshop.dots:
        st.error(t(f"ui.too_many_dots{unit}", used=used, dots=workshop.dots),
                 icon=":material/error:")  # fmt: skip
        return
    try:
        store.submit_votes(code, token, clean)
        if judgments:
            store.submit_comparisons(code, token, judgments)
    except StoreError as exc:
        st.error(frame.describe_error(exc), icon=":material/error:")
    else:
        st.success(t(f"ui.vote_in{unit}", used=used), icon=":material/check_circle:")


def _ideas_form(store, workshop: Workshop, token: str) -> None:
    """The ideas round: a question to ask, a use, a worry, one at a time, in either language.

    The idea is stored in the send button's callback, which Streamlit runs before the page's
    script: a second idea sent while the first one's run is still drawing interrupts only the
    drawing, never the storing (in the script body the first idea would be lost unseen)."""
    t = state.t
    kinds = ("question", "use_case", "worry")
    with st.expander(t("ui.ideas_round"), expanded=True):
        st.caption(t("ui.ideas_round_help"))
        with st.form("vote.idea", clear_on_submit=True):
            said = {k: t(f"idea.{k}") for k in kinds}  # in the language of this run
            st.radio(t("ui.idea_kind"), kinds, format_func=said.__getitem__,
                     key="vote.idea_kind")  # fmt: skip
            st.text_area(t("ui.idea_text"), max_chars=400, height=90, key="vote.idea_text")
            st.form_submit_button(
                t("ui.send_idea"), type="primary", on_click=_send_idea,
                args=(store, workshop.code, token),
            )  # fmt: skip
        _idea_outcome(workshop.code)


def _idea_outcome(code: str) -> None:
    """What became of the idea just sent: its count, or why it was not taken and its text to
    copy (also where the page stops early: the round ended while the participant wrote)."""
    outcome = st.session_state.pop(f"vote.idea_outcome.{code}", None)
    if outcome is None:
        return
    if outcome[0] == "error":
        st.error(outcome[1], icon=":material/error:")
        st.code(outcome[2], language=None, wrap_lines=True)
    else:
        st.success(state.t("ui.idea_sent", n=outcome[1]), icon=":material/check_circle:")


def _send_idea(store, code: str, token: str) -> None:
    """Store the idea the form sent (a callback: see `_ideas_form`); an empty one is not sent."""
    text = str(st.session_state.get("vote.idea_text") or "")
    kind = st.session_state.get("vote.idea_kind") or "question"
    if not text.strip():
        return
    try:
        store.submit_idea(code, token, text, kind=kind)
    except StoreError as exc:
        st.session_state[f"vote.idea_outcome.{code}"] = ("error", frame.describe_error(exc), text)
        return
    sent = st.session_state.get(f"vote.ideas_sent.{code}", 0) + 1
    st.session_state[f"vote.ideas_sent.{code}"] = sent
    st.session_state[f"vote.idea_outcome.{code}"] = ("sent", sent)


def pair_label(first: str, second: str, lang: str) -> str:
    """A comparison slider's label, its goals in the order of the track's ends as the reader
    reads them: the track's left end is the second goal, its right end the first, in both
    languages; a Hebrew line starts at the right, an English one at the left."""
    if lang == "he":
        return f"{first}  ⟷  {second}"
    return f"{second}  ⟷  {first}"


def _resume_ballot(store, workshop: Workshop, token: str) -> None:
    """Start the ballot from what this participant has cast (a rejoin, a refresh, another
    phone), once per session: what he changes afterwards is his until he casts it."""
    loaded = f"vote.loaded.{workshop.code}.{token}"
    if st.session_state.get(loaded):
        return
    try:
        dots, judgments = store.ballot_of(workshop.code, token)
    except StoreError:
        dots, judgments = {}, {}
    for qid in workshop.questions:
        st.session_state[f"vote.dots.{qid}"] = min(int(dots.get(qid, 0)), workshop.dots)
    for a, b in itertools.combinations(workshop.goals, 2):
        judgment = judgments.get((a, b))
        position = slider_from_judgment(judgment) if judgment else 1
        st.session_state[f"vote.pair.{a}|{b}"] = position
    st.session_state[loaded] = True


def _dots(value: Any) -> int:
    """A number of dots as the ballot sends it (a tampered value counts as none)."""
    try:
        return max(0, int(value or 0))
    except (TypeError, ValueError, OverflowError):
        return 0


def dot_count(used: int, dots: int) -> None:
    """The running count of the participant's dots (or points), and a warning the moment they
    overspend."""
    unit = "_points" if dots >= POINTS_BUDGET else ""
    st.progress(min(used / dots, 1.0) if dots else 0.0,
                text=state.t(f"ui.dots_used{unit}", used=used, dots=dots))  # fmt: skip
    if used > dots:
        st.warning(state.t(f"ui.dots_over{unit}", over=used - dots, dots=dots),
                   icon=":material/warning:")  # fmt: skip
