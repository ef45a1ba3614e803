"""Workshop (facilitator): open a live vote, show the join code, reveal and use the results."""

from __future__ import annotations

import io

import pandas as pd
import segno
import streamlit as st

from ui import frame, state, widgets
from zpd_assess.agreement import agreement_word, room_agreement
from zpd_assess.decisions import next_question_id
from zpd_assess.ideas import idea_wording, room_question, room_use_case, suggest_for_ideas
from zpd_assess.store import POINTS_BUDGET, Idea, Workshop
from zpd_assess.weights import SPLIT_LOG_SPREAD, group_judgment
from zpd_assess.wording import question_text

#: The ballot a facilitator opens: questions from the top of the plan (fewest, most, usual),
#: dots per participant (fewest, most, usual), goals compared in pairs (usual, most: 6 goals are
#: 15 pairs, about what a phone screen holds).
BALLOT_QUESTIONS = (3, 20, 10)
BALLOT_DOTS = (1, 10, 5)
PAIR_GOALS = (4, 6)

t = state.t


def render(current: state.Current) -> None:
    lang = current.lang
    a, cat, ws = current.assessment, current.catalog, current.workspace
    store = state.store()
    goal_label = cat.goals[f"label_{lang}"].to_dict()
    q = a.plan.questions
    planned = list(q.index[q["in_plan"]])

    shops = store.workshops_of(ws.engagement_id) if ws.engagement_id else []
    with st.expander(t("ui.open_workshop"), expanded=not shops), st.form("workshop.new"):
        fewest, most, usual = BALLOT_QUESTIONS
        n_questions = st.slider(
            t("ui.ballot_size"),
            fewest,
            min(most, max(fewest, len(planned))),
            min(usual, max(fewest, len(planned))),
        )
        methods = {m: t(f"ui.vote_method_{m}") for m in ("dots", "points")}
        method = st.radio(t("ui.vote_method"), list(methods), horizontal=True,
                          format_func=methods.__getitem__)  # fmt: skip
        dots = st.slider(t("ui.dots"), *BALLOT_DOTS)
        if method == "points":
            dots = POINTS_BUDGET
        by_weight = sorted(cat.goals.index, key=lambda g: -ws.weights.get(g, 0))
        goals = st.multiselect(
            t("ui.pair_goals"),
            list(cat.goals.index),
            default=by_weight[: PAIR_GOALS[0]],
            format_func=goal_label.get,
            max_selections=PAIR_GOALS[1],
            placeholder=t("ui.choose"),
        )
        hide = st.checkbox(t("ui.hide_authors"), value=True, help=t("ui.hide_authors_help"))
        if st.form_submit_button(t("ui.open"), type="primary"):
            engagement_id = state.ensure_saved()  # a workshop belongs to a saved engagement
            opened = store.open_workshop(engagement_id, planned[:n_questions], goals, dots=dots)
            store.set_anonymous(opened.code, hide)
            st.rerun()

    if not shops:
        st.info(t("ui.no_workshop"))
        st.stop()
    workshop = shops[0]
    base, reachable = frame.public_url()
    link = f"{base}/?w={workshop.code}&lang={lang}"
    if not reachable:
        st.warning(t("ui.link_unreachable"), icon=":material/wifi_off:")

    left, right = st.columns([2, 1])
    with left:
        st.markdown(f"### {t('ui.join_code')}: `{workshop.code}`")
        st.code(link, language=None)
        st.caption(t("ui.join_help"))
        st.caption(t("ui.join_by_code", url=frame.plain(f"{base}/vote?lang={lang}")))
    with right:
        qr = io.BytesIO()
        segno.make(link, error="m").save(qr, kind="png", scale=6, border=2)
        st.image(qr.getvalue(), caption=t("ui.scan_to_join"), width=220)

    @st.fragment(run_every=2)
    def live_count() -> None:
        results = store.results(workshop.code)
        c1, c2, c3 = st.columns(3)
        c1.metric(t("ui.joined"), results.participants)
        c2.metric(t("ui.voted"), results.voted)
        c3.metric(t("ui.status"), t(f"ui.status_{store.get_workshop(workshop.code).status}"))

    live_count()

    b1, b2, b3 = st.columns(3)
    if workshop.status == "open" and b1.button(
        t("ui.reveal"), type="primary", key="workshop.reveal"
    ):
        store.set_status(workshop.code, "revealed")
        st.rerun()
    if workshop.status != "open" and b1.button(t("ui.reopen"), key="workshop.reopen"):
        store.set_status(workshop.code, "open")
        st.rerun()
    if workshop.status != "closed" and b2.button(t("ui.close_workshop"), key="workshop.close"):
        store.set_status(workshop.code, "closed")
        st.rerun()
    with b3.popover(t("ui.participants"), icon=":material/group:"):
        people = store.participants_of(workshop.code)
        if not people:
            st.caption(t("ui.no_participants"))
        for person in people:
            c1, c2 = st.columns([4, 1])
            c1.text(
                f"{person.display_name} — "
                + (t("ui.has_voted") if person.voted else t("ui.not_voted"))
            )
            if c2.button(
                t("ui.remove"), key=f"workshop.remove.{person.id}", icon=":material/person_remove:"
            ):
                store.remove_participant(workshop.code, person.id)
                st.rerun()

    ideas_panel(current, workshop)

    if workshop.status == "open":
        st.caption(t("ui.blind_until_reveal"))
        st.stop()

    results = store.results(workshop.code)
    st.subheader(t("ui.results"))
    rows = []
    for v in sorted(results.questions, key=lambda v: -v.total):
        text = question_text(q.loc[v.question_id], lang) if v.question_id in q.index else ""
        rows.append(
            {
                t("ui.question"): text or v.question_id,
                t("ui.total_dots"): v.total,
                t("ui.voters_share"): v.share,
                t("ui.spread"): round(v.spread, 2),
                t("ui.disagreement"): t("ui.split") if v.split else "",
            }
        )
    results_table = pd.DataFrame(
        rows,
        columns=[t(k) for k in ("ui.question", "ui.total_dots", "ui.voters_share", "ui.spread",
                                "ui.disagreement")],
    )  # fmt: skip
    st.dataframe(
        results_table,
        hide_index=True,
        width="stretch",
        column_order=widgets.reading_order(results_table.columns, lang),
        column_config={
            t("ui.voters_share"): st.column_config.ProgressColumn(
                format="percent", min_value=0.0, max_value=1.0
            )
        },
    )
    least = int(cat.assumptions.number("agreement.min_ballots"))
    w = room_agreement(results.ballots, least)
    if w is not None:
        words = t(agreement_word(w))
        st.markdown(t("ui.room_agreement", words=words, w=w, voters=len(results.ballots)))
    elif results.ballots:
        st.caption(t("ui.agreement_too_few", n=len(results.ballots), least=least))
    disputed = [v for v in sorted(results.questions, key=lambda v: -v.spread) if v.split][:3]
    if disputed:
        names = [question_text(q.loc[v.question_id], lang) if v.question_id in q.index
                 else v.question_id for v in disputed]  # fmt: skip
        opening, closing = ("«", "»") if lang == "he" else ("“", "”")
        quoted = "; ".join(f"{opening}{frame.plain(n)}{closing}" for n in names)
        st.caption(t("ui.most_disputed", questions=quoted))
    if st.button(t("ui.use_votes"), key="workshop.use_votes"):
        ws.votes = {v.question_id: v.total for v in results.questions if v.total}
        ws.vote_weight = ws.vote_weight or cat.assumptions.number("votes.default_weight")
        st.success(t("ui.votes_used"), icon=":material/check_circle:")

    if results.comparisons and len(workshop.goals) >= 3:
        st.subheader(t("ui.room_weights"))
        group, spreads = group_judgment(list(workshop.goals), results.comparisons)
        widgets.weights_table(st, group.weights)
        st.caption(t("ui.group_cr", cr=group.consistency_ratio))
        most = max(spreads, key=spreads.get) if spreads else None
        if most and spreads[most] > SPLIT_LOG_SPREAD:
            st.warning(
                t("ui.room_split", a=goal_label[most[0]], b=goal_label[most[1]]),
                icon=":material/forum:",
            )
        widgets.use_weights_button(
            st, group.weights, t("ui.use_room_weights"), t("ui.weights_used"),
            "workshop.use_weights",
        )  # fmt: skip


def _isolated(text: str) -> str:
    """Text set apart for the bidirectional algorithm (Unicode FSI … PDI)."""
    return f"\u2068{text}\u2069"


@st.cache_data(max_entries=64, show_spinner=False)
def _suggestions(
    texts: tuple[str, ...],
    langs: tuple[str, ...],
    industry: str,
    use_case_ids: tuple[str, ...],
    _use_cases,
    _mapper,
) -> list[tuple[str | None, str | None, int]]:
    """(topic, use case, group) per idea: cached (by the ideas, the industry and the use cases'
    ids), so that the live list redraws in time."""
    found = suggest_for_ideas(texts, langs, state.catalog(), _mapper, industry or None, _use_cases)
    return [(s.topic_id, s.use_case_id, s.group) for s in found]


def ideas_panel(current: state.Current, workshop: Workshop) -> None:
    """The room's ideas as they arrive (every second), grouped with their suggested topic and use
    case; the facilitator accepts a group onto the ballot and into the plan, or sets it aside."""
    cat, ws, lang = current.catalog, current.workspace, current.lang
    store = state.store()
    st.subheader(t("ui.room_ideas"))
    topic_label = cat.topics[f"label_{lang}"].to_dict()
    # the engagement's use cases, its own among them: those the plan values
    use_cases = current.assessment.scores.use_cases
    use_case_table = use_cases.table if use_cases is not None else cat.use_cases
    use_case_label = use_case_table[f"label_{lang}"].to_dict()

    @st.fragment(run_every=1)  # an idea is on the screen within about a second of being sent
    def live_ideas() -> None:
        ideas = store.ideas_of(workshop.code)
        if not ideas:
            hide = st.toggle(t("ui.hide_authors"), value=workshop.anonymous,
                             help=t("ui.hide_authors_help"), key="workshop.anonymous")  # fmt: skip
            if hide != workshop.anonymous:
                store.set_anonymous(workshop.code, hide)
            st.caption(t("ui.no_ideas_yet"))
            return
        suggested = _suggestions(
            tuple(i.text for i in ideas), tuple(i.lang for i in ideas), ws.identity.industry,
            tuple(use_case_table.index), use_case_table, state.mapper(),
        )  # fmt: skip
        # an idea decided on (accepted, set aside) stands alone; the new ones of its group, those
        # the facilitator split off, form a group of their own
        groups: dict[str, list[tuple[Idea, str | None, str | None]]] = {}
        for idea, (topic, use_case, group) in zip(ideas, suggested, strict=True):
            if idea.status == "merged":
                continue
            key = f"{group}" if idea.status == "new" else f"{group}-{idea.id}"
            groups.setdefault(key, []).append((idea, topic, use_case))
        st.caption(t("ui.ideas_count", n=len(ideas), groups=len(groups)))
        for group, members in groups.items():
            with st.container(border=True, key=f"workshop.idea_group.{group}"):
                for idea, _, _ in members:
                    # each piece isolated (FSI … PDI): a Hebrew idea in an English line, or the
                    # other way round, keeps its words in order
                    who = f" — {_isolated(frame.plain(idea.author))}" if idea.author else ""
                    status = t(f"ui.idea_status_{idea.status}")
                    st.markdown(f"{_isolated(frame.plain(idea.text))}{who} · "
                                f"*{t(f'idea.{idea.kind}')}* · {status}")  # fmt: skip
                keep, topic, use_case = members[0]
                if keep.kind == "worry":  # a worry is answered, not asked: nothing to suggest
                    topic = use_case = None
                else:
                    st.caption(t(
                        "ui.idea_suggested",
                        topic=topic_label.get(topic, t("ui.idea_none")),
                        use_case=frame.plain(use_case_label.get(use_case, t("ui.idea_none"))),
                    ))  # fmt: skip
                wording_form(workshop, keep)
                if keep.status == "accepted" and keep.kind != "worry":
                    for code in ("he", "en"):  # marked, never filled in by the product
                        if not (keep.text_he if code == "he" else keep.text_en):
                            st.caption(t("ui.idea_missing_language",
                                         language=t(f"language.{code}")))  # fmt: skip
                if keep.status != "new":
                    continue
                chosen_ids = [m[0].id for m in members]
                if len(members) > 1:  # untick an idea to split it off this group
                    text_of = {m[0].id: m[0].text for m in members}
                    chosen_ids = st.multiselect(
                        t("ui.idea_group_members"), list(text_of), default=list(text_of),
                        format_func=lambda i, text_of=text_of: frame.plain(text_of[i])[:80],
                        # a new idea joining the group is a new widget, ticked like the rest
                        key=f"workshop.idea_members.{'-'.join(map(str, text_of))}",
                    )  # fmt: skip
                if keep.kind == "use_case":  # the goals it serves come from the use case chosen
                    fits = list(use_case_table.index)
                    use_case = st.selectbox(
                        t("col.use_case"), fits,
                        index=fits.index(use_case) if use_case in fits else None,
                        format_func=lambda u: frame.plain(use_case_label[u]),
                        key=f"workshop.idea_use_case.{keep.id}", placeholder=t("ui.choose"),
                    )  # fmt: skip
                c1, c2, c3 = st.columns([2, 1, 1], vertical_alignment="bottom")
                topics = list(cat.topics.index)
                chosen = None
                if keep.kind != "worry":
                    chosen = c1.selectbox(
                        t("col.topic"), topics,
                        index=topics.index(topic) if topic in topics else None,
                        format_func=topic_label.get, key=f"workshop.idea_topic.{keep.id}",
                        placeholder=t("ui.choose"),
                    )  # fmt: skip
                if c2.button(t("ui.idea_accept"), key=f"workshop.idea_accept.{keep.id}",
                             type="primary"):  # fmt: skip
                    taken = [m[0] for m in members if m[0].id in chosen_ids]
                    if chosen is None and keep.kind != "worry":
                        st.error(t("ui.idea_needs_topic"), icon=":material/error:")
                    elif not taken:
                        st.error(t("ui.idea_none_chosen"), icon=":material/error:")
                    else:
                        accept_group(workshop, taken, chosen or "", use_case)
                if c3.button(t("ui.idea_set_aside"), key=f"workshop.idea_aside.{keep.id}"):
                    for idea, _, _ in members:
                        if idea.id in chosen_ids:
                            store.curate_idea(workshop.code, idea.id, status="set_aside")
                    st.rerun(scope="fragment")

    def wording_form(workshop: Workshop, idea: Idea) -> None:
        """The idea's wording in both languages, as the facilitator writes it: a language left
        empty stays missing (the plan flags it); an accepted idea's question takes the words."""
        popover = st.popover(t("ui.idea_wording"), icon=":material/translate:")
        with popover, st.form(f"workshop.idea_wording.{idea.id}"):
            typed = {idea.lang: idea.text}
            he = st.text_area(t("col.question_he"), value=idea.text_he or typed.get("he", ""))
            en = st.text_area(t("col.question_en"), value=idea.text_en or typed.get("en", ""))
            if st.form_submit_button(t("ui.save")):
                store.curate_idea(workshop.code, idea.id, text_he=he, text_en=en)
                if idea.question_id:  # new rows, not edited in place: the save sees a change
                    ws.workshop = [
                        {**row, "text_he": he.strip(), "text_en": en.strip()}
                        if row["question_id"] == idea.question_id else row
                        for row in ws.workshop
                    ]  # fmt: skip
                    state.persist()  # the phones read the ballot's wording from the store
                st.rerun(scope="app")

    def accept_group(
        workshop: Workshop, members: list[Idea], topic: str, use_case: str | None
    ) -> None:
        """The group's first idea is taken (the others are merged into it), by its kind: a
        question joins the plan as a room question and the open ballot; a use ("if we knew X
        we would do Y") becomes a use case of the team's, switched on, needing the topic, for
        the goals of the use case suggested for it (else the most weighted goal); a worry is
        kept as accepted, for the Workshop sheet. A language not written stays missing."""
        keep = members[0]
        own = idea_wording(keep)
        qid = None
        if keep.kind == "question":
            qid = next_question_id(
                [*cat.questions.index, *(w["question_id"] for w in ws.workshop)], prefix="idea"
            )
            ws.workshop.append(room_question(keep, qid, topic))
            message = t("ui.idea_accepted", qid=qid)
        elif keep.kind == "use_case":
            taken = {*cat.use_cases.index, *(c.use_case_id for c in ws.custom_use_cases)}
            weights = ws.weights or cat.default_goal_weights()
            ws.custom_use_cases.append(
                room_use_case(
                    keep,
                    next_question_id(taken, "room_use_case"),
                    topic,
                    use_case_table,
                    use_case,
                    weights,
                )
            )
            message = t("ui.idea_accepted_use_case")
        else:
            message = t("ui.idea_accepted_worry")
        state.ensure_saved()
        store.curate_idea(workshop.code, keep.id, status="accepted", text_he=own["text_he"],
                          text_en=own["text_en"], question_id=qid)  # fmt: skip
        if len(members) > 1:
            store.merge_ideas(workshop.code, keep.id, [m.id for m in members[1:]])
        if qid is not None and workshop.status == "open":
            store.add_to_ballot(workshop.code, [qid])
        st.session_state["workshop.idea_accepted"] = message
        st.rerun(scope="app")

    accepted = st.session_state.pop("workshop.idea_accepted", None)
    if accepted:
        st.success(accepted, icon=":material/check_circle:")
    live_ideas()


frame.run_page("workshop", render)
