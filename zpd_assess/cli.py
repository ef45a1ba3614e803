"""``zpd-assess``: the command line over the same functions the app uses.

Exit status: 0 on success, 2 on input the user must fix (the message says what and where).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import serve
from .catalog import Catalog, CatalogError, load_catalog
from .lint import GlossaryError

if TYPE_CHECKING:
    from .decisions import Decisions
    from .intake import IntakeResult

EXIT_OK = 0
EXIT_FINDINGS = 1  # ``catalog lint`` found something to fix
EXIT_INVALID = 2


class UsageError(ValueError):
    """A command-line value the user must fix."""


def _out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def _catalog(args: argparse.Namespace):
    overrides = {}
    if getattr(args, "bank", None):
        overrides["questions.csv"] = args.bank
    return load_catalog(getattr(args, "catalog", None), overrides=overrides)


# --- template ----------------------------------------------------------------------------------


def cmd_template(args: argparse.Namespace) -> int:
    from .template_workbook import inventory_template

    data = inventory_template(_catalog(args), args.lang)
    Path(args.out).write_bytes(data)
    _out(f"Wrote {args.out} ({len(data):,} bytes, {args.lang})")
    return EXIT_OK


# --- validate ----------------------------------------------------------------------------------


def _mapping_choices(args: argparse.Namespace, catalog: Catalog) -> tuple[dict, dict]:
    """``--columns`` and ``--default`` as (column choices, defaults); UsageError when wrong."""
    from .columns import read_choices
    from .intake import DEFAULTABLE

    try:
        choices = read_choices(args.columns or "", catalog)
    except ValueError as exc:
        raise UsageError(f"--columns: {exc}") from exc
    defaults: dict[str, str] = {}
    for given in args.default or []:
        column, sep, value = given.partition("=")
        if not sep or column.strip() not in DEFAULTABLE or not value.strip():
            raise UsageError(f"--default {given!r}: write column=value, e.g. party=first; "
                             f"columns: {', '.join(DEFAULTABLE)}")  # fmt: skip
        defaults[column.strip()] = value.strip()
    return choices, defaults


def _columns_report(mapping: Any, catalog: Catalog, lang: str) -> list[str]:
    """How the file's columns were read, one line each (the mapping step, in text)."""
    from .columns import mapping_table

    lines = [catalog.text("cli.columns_read", lang, row=mapping.header_row)]
    note = catalog.text("ui.columns_as_note", lang)
    for row in mapping_table(mapping, catalog, lang):
        target = row["column_id"] or note
        conf = f"{row['confidence']:.0%}" if row["column_id"] else "  — "
        lines.append(f"  {row['header'][:32]:32} → {target:14} {conf:>4}  {row['reason']}")
    return lines


def cmd_validate(args: argparse.Namespace) -> int:
    from .columns import mapping_table
    from .intake import InventoryError, file_columns, load_inventory

    catalog = _catalog(args)
    choices, defaults = _mapping_choices(args, catalog)
    try:
        result = load_inventory(args.inventory, catalog, columns=choices, defaults=defaults)
    except InventoryError as exc:
        try:
            mapping = file_columns(args.inventory, catalog, columns=choices)
        except InventoryError:
            mapping = None  # the file does not open: the errors say why
        if args.json:
            columns = mapping_table(mapping, catalog, args.lang) if mapping else []
            _out(json.dumps({"valid": False, "errors": [i.as_dict() for i in exc.errors],
                             "warnings": [i.as_dict() for i in exc.warnings],
                             "columns": columns},
                            ensure_ascii=False, indent=2))  # fmt: skip
        else:
            _out(f"{args.inventory}: INVALID — {len(exc.errors)} error(s)")
            for line in _columns_report(mapping, catalog, args.lang) if mapping else []:
                _out(line)
            for issue in exc.errors:
                _out(f"  error   {issue.message(args.lang)}")
            for issue in exc.warnings:
                _out(f"  warning {issue.message(args.lang)}")
        return EXIT_INVALID
    if args.json:
        _out(json.dumps({"valid": True, "rows": len(result.inventory), "errors": [],
                         "warnings": [i.as_dict() for i in result.warnings],
                         "columns": mapping_table(result.columns, catalog, args.lang)
                         if result.columns else []},
                        ensure_ascii=False, indent=2))  # fmt: skip
    else:
        _out(f"{args.inventory}: valid — {len(result.inventory)} attribute(s), "
             f"{len(result.warnings)} warning(s)")  # fmt: skip
        for line in _columns_report(result.columns, catalog, args.lang) if result.columns else []:
            _out(line)
        for issue in result.warnings:
            _out(f"  warning {issue.message(args.lang)}")
    return EXIT_OK


# --- map ---------------------------------------------------------------------------------------


def _read_attribute_csv(path: str) -> list[dict[str, str]]:
    data = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "cp1255"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise UsageError(f"{path}: not UTF-8 or Windows-1255 text")
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "attribute" not in (rows[0].keys() if rows else []):
        raise UsageError(f"{path}: needs a header row with an 'attribute' column "
                         "(and optionally 'description')")  # fmt: skip
    return rows


def cmd_map(args: argparse.Namespace) -> int:
    from .filesafety import neutralise_text
    from .mapping import TopicMapper

    catalog = _catalog(args)
    rows = _read_attribute_csv(args.attributes)
    mapper = TopicMapper(catalog)
    names = [r.get("attribute") or "" for r in rows]
    descriptions = [r.get("description") or "" for r in rows]
    suggestions = mapper.suggest(names, descriptions)
    extra = [c for c in rows[0] if c not in ("attribute", "description")]
    fields = ["attribute", "description", *extra, "topic", "confidence", "alternatives",
              "needs_review", "matched"]  # fmt: skip
    buffer = io.StringIO()
    # CRLF rows (as Excel writes them): a CR inside a cell is then quoted, never a row break.
    writer = csv.DictWriter(buffer, fieldnames=fields, lineterminator="\r\n")
    writer.writeheader()
    for row, s in zip(rows, suggestions, strict=True):
        record = {
            **{k: row.get(k) or "" for k in ("attribute", "description", *extra)},
            "topic": s.topic_id,
            "confidence": f"{s.confidence:.3f}",
            "alternatives": ";".join(t for t, _ in s.alternatives),
            "needs_review": "yes" if s.needs_review else "no",
            "matched": s.matched,
        }
        # The file is meant to be opened in Excel: client text must never start a formula.
        writer.writerow({k: neutralise_text(str(v)) for k, v in record.items()})
    if args.out:
        Path(args.out).write_text(buffer.getvalue(), encoding="utf-8")
        review = sum(s.needs_review for s in suggestions)
        _out(f"Wrote {args.out}: {len(rows)} attribute(s), {review} to review")
    else:
        sys.stdout.write(buffer.getvalue())
    return EXIT_OK


# --- assess ------------------------------------------------------------------------------------


def _parse_weights(text: str) -> dict[str, float]:
    weights = {}
    for part in text.split(","):
        if not part.strip():
            continue
        goal, sep, value = part.partition("=")
        if not sep:
            raise UsageError(f"--weights: {part!r} should be goal=weight, e.g. retention=0.5")
        try:
            weights[goal.strip()] = float(value)
        except ValueError as exc:
            raise UsageError(f"--weights: {value!r} for {goal.strip()} is not a number") from exc
    return weights


def _read_goal_weights(path: str) -> dict[str, float]:
    text = Path(path).read_text(encoding="utf-8-sig")
    if path.endswith((".yaml", ".yml")):
        import yaml

        data = yaml.safe_load(text) or {}
        data = data.get("goal_weights", data)
        return {str(k): float(v) for k, v in data.items()}
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows or "goal_id" not in rows[0]:
        raise UsageError(f"{path}: needs columns goal_id and weight (or default_weight)")
    key = "weight" if "weight" in rows[0] else "default_weight"
    if key not in rows[0]:
        raise UsageError(f"{path}: needs a 'weight' column")
    return {r["goal_id"].strip(): float(r[key] or 0) for r in rows}


def _engagement_inputs(
    args: argparse.Namespace, catalog: Catalog
) -> tuple[Decisions, IntakeResult] | None:
    """The decisions and the read inventory of ``assess`` and ``deck``: the engagement file (or
    the one beside the inventory), ``--goals``, ``--weights``, ``--channels``, ``--columns`` and
    ``--default``. None when the inventory is invalid (its errors are printed)."""
    from .decisions import DecisionsError, default_decisions
    from .engagement import engagement_decisions, engagement_for_inventory
    from .intake import InventoryError, load_inventory

    carried: bytes | None = None
    if args.engagement:
        try:
            decisions, carried = engagement_decisions(args.engagement, catalog)
        except DecisionsError as exc:
            raise UsageError(f"--engagement {args.engagement}: {exc}") from exc
    else:
        decisions = default_decisions(catalog, engagement_for_inventory(args.inventory))
    if getattr(args, "goals", None):
        decisions.weights = _read_goal_weights(args.goals)
    if getattr(args, "weights", None):
        decisions.weights.update(_parse_weights(args.weights))
    if getattr(args, "channels", None):
        channels = [c.strip() for c in args.channels.split(",") if c.strip()]
        unknown = [c for c in channels if c not in catalog.channels.index]
        if unknown:
            raise UsageError(f"--channels: unknown channel(s) {', '.join(unknown)}; known: "
                             f"{', '.join(catalog.channels.index)}")  # fmt: skip
        decisions.channels = channels
    source = args.inventory if args.inventory != "-" or carried is None else carried
    choices, defaults = _mapping_choices(args, catalog)
    decisions.columns = {**decisions.columns, **choices}
    decisions.defaults = {**decisions.defaults, **defaults}
    try:
        intake = load_inventory(source, catalog, name=None if isinstance(source, str) else
                                "inventory.xlsx", columns=decisions.columns,
                                defaults=decisions.defaults)  # fmt: skip
    except InventoryError as exc:
        _err(f"{args.inventory}: INVALID — {len(exc.errors)} error(s)")
        for issue in exc.errors:
            _err(f"  {issue.message(args.lang)}")
        _err("Run `zpd-assess validate` for the full report (it shows how each column is read; "
             "--columns and --default change it).")  # fmt: skip
        return None
    if intake.columns is not None:
        for line in _columns_report(intake.columns, catalog, args.lang):
            _out(line)
    return decisions, intake


def cmd_assess(args: argparse.Namespace) -> int:
    from .assess import Steps, assess_engagement, assessment_json
    from .decisions import apply_plan_edits
    from .intake import InventoryError

    catalog = _catalog(args)
    loaded = _engagement_inputs(args, catalog)
    if loaded is None:
        return EXIT_INVALID
    decisions, intake = loaded
    organisation = decisions.identity.name(args.lang) or Path(args.inventory).stem
    steps = Steps()
    changes: list = []
    if args.plan:
        # The team's edited workbook: the plan it came from is the one these inputs give.
        from .plan_edits import read_plan_edits

        before = assess_engagement(intake, catalog, decisions, organisation=organisation,
                                   steps=steps)  # fmt: skip
        try:
            edits = read_plan_edits(Path(args.plan).read_bytes(), catalog, before.plan,
                                    team_before=decisions.team)  # fmt: skip
        except InventoryError as exc:
            for issue in exc.errors:
                _err(f"{args.plan}: {issue.message(args.lang)}")
            return EXIT_INVALID
        decisions = apply_plan_edits(decisions, edits, catalog)
        changes = list(edits.changes)
    result = assess_engagement(intake, catalog, decisions, organisation=organisation, steps=steps)
    team = decisions.team
    document = assessment_json(result, args.lang, catalog)
    if intake.columns is not None:
        from .columns import mapping_table

        document["columns"] = mapping_table(intake.columns, catalog, args.lang)
    if args.plan:
        document["changes"] = [c.as_dict() for c in changes]
        document["team"] = {q: {k: str(v) for k, v in f.items()} for q, f in team.items()}
        _out(catalog.text("cli.changes_taken", args.lang, file=args.plan))
        for change in changes:
            _out(f"  {change.message(args.lang)}")
    if args.xlsx:
        from .workbook import plan_workbook

        Path(args.xlsx).write_bytes(plan_workbook(result, catalog, args.lang, team=team))
    if args.json:
        Path(args.json).write_text(
            json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    _print_summary(result, catalog, args.lang)
    if args.json:
        _out(f"Wrote {args.json}")
    if args.xlsx:
        _out(f"Wrote {args.xlsx}")
    return EXIT_OK


# --- deck --------------------------------------------------------------------------------------


def cmd_deck(args: argparse.Namespace) -> int:
    from .assess import assess_engagement
    from .deck import DeckError, board_deck, deck_pdf

    if not args.out.lower().endswith(".pptx"):
        raise UsageError(f"--out {args.out}: the deck is a PowerPoint file; name it FILE.pptx")
    catalog = _catalog(args)
    loaded = _engagement_inputs(args, catalog)
    if loaded is None:
        return EXIT_INVALID
    decisions, intake = loaded
    organisation = decisions.identity.name(args.lang) or Path(args.inventory).stem
    result = assess_engagement(intake, catalog, decisions, organisation=organisation)
    data = board_deck(result, catalog, args.lang, organisation=organisation, team=decisions.team)
    Path(args.out).write_bytes(data)
    _out(f"Wrote {args.out} ({len(data):,} bytes, {args.lang})")
    if args.pdf:
        try:
            pdf = deck_pdf(data)
        except DeckError as exc:
            _err(f"zpd-assess: {exc}")
            return EXIT_INVALID
        Path(args.pdf).write_bytes(pdf)
        _out(f"Wrote {args.pdf} ({len(pdf):,} bytes)")
    return EXIT_OK


# --- export ------------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    """``export``: the plan as surveys that run, one file per channel and format under DIR."""
    from .assess import assess_engagement
    from .surveys import SurveyExportError, survey_files, unlinked_follow_ups

    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {args.out}: a file is there; name a folder (it is created)")
    catalog = _catalog(args)
    loaded = _engagement_inputs(args, catalog)
    if loaded is None:
        return EXIT_INVALID
    decisions, intake = loaded
    stem = Path(args.inventory).stem if args.inventory != "-" else ""
    names = {lang: decisions.identity.name(lang) or stem for lang in ("en", "he")}
    result = assess_engagement(intake, catalog, decisions, organisation=names[args.lang])
    formats = tuple(dict.fromkeys(args.format))
    from .consent_records import ConsentExportError, consent_files
    from .tracking_plan import TrackingPlanError, tracking_plan_files

    survey_formats = tuple(f for f in formats if f not in ("consent", "tracking-plan", "scripts"))
    try:
        files = (
            survey_files(result, catalog, survey_formats, organisation=names)
            if survey_formats
            else {}
        )
        if "consent" in formats:  # refused, with what to move, when a finding blocks it
            gdpr = bool(args.gdpr or decisions.identity.gdpr)
            files.update(consent_files(result, catalog, organisation=names, gdpr=gdpr))
        if "tracking-plan" in formats:
            files.update(tracking_plan_files(result, catalog, organisation=names))
        if "scripts" in formats:
            from .scripts import ScriptError, script_files

            try:
                files.update(script_files(result, catalog, organisation=names))
            except ScriptError as exc:
                raise UsageError(str(exc)) from exc
    except (SurveyExportError, ConsentExportError, TrackingPlanError) as exc:
        raise UsageError(str(exc)) from exc
    for name, data in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        _out(f"Wrote {path} ({len(data):,} bytes)")
    for qid, screener, channel in unlinked_follow_ups(result):
        _err(f"warning: {qid} follows {screener}, which is not asked before it in {channel}: "
             "it is asked of everyone there")  # fmt: skip
    return EXIT_OK


def _print_summary(result: Any, catalog: Catalog, lang: str) -> None:
    from .wording import question_text

    def say(key: str, indent: str = "", **values: Any) -> None:
        _out(indent + catalog.text(key, lang, **values))

    label = f"label_{lang}"
    inv = result.inventory
    say("cli.index", organisation=result.organisation, index=result.knowledge_index)
    auto, review = int((inv["topic_source"] == "auto").sum()), int(inv["needs_review"].sum())
    say("cli.inventory", attributes=len(inv), auto=auto, review=review)
    say("cli.gaps")
    for _, row in result.largest_gaps(10).iterrows():
        say("cli.gap_line", "  ", gap=row["gap"], topic=row[label],
            importance=row["importance"], knowledge=row["knowledge"])  # fmt: skip
    plan = result.plan
    in_plan = plan.questions[plan.questions["in_plan"]]
    channels = int((plan.channels["questions"] > 0).sum())
    say("cli.plan", questions=len(in_plan), channels=channels, value=plan.value)
    channel_label = catalog.channels[label]
    for _, q in in_plan.head(10).iterrows():
        _out(
            f"  {q['rank']:>3}. {q['value']:.2f}  [{channel_label[q['channel']]}] "
            f"{question_text(q, lang)}"
        )
    proj = plan.projection.set_index("month")
    months = " · ".join(
        f"{m}: {r['index_with_plan']:.1f} ({r['index_nothing_done']:.1f})"
        for m, r in proj.iterrows()
    )
    say("cli.months", months=months)


# --- evidence ----------------------------------------------------------------------------------


def cmd_evidence(args: argparse.Namespace) -> int:
    from .evidence import EvidenceError, evidence_json, read_table, run_evidence, to_frame

    try:
        customers = to_frame(read_table(args.customers))
        answers = to_frame(read_table(args.answers))

        def progress(share: float, message: str) -> None:
            sys.stderr.write(f"\r{share:5.0%} {message:<30}")
            sys.stderr.flush()

        evidence = run_evidence(
            customers, answers, args.target, args.id, progress=progress, catalog=_catalog(args)
        )
        sys.stderr.write("\n")
    except EvidenceError as exc:
        raise UsageError(str(exc)) from exc
    document = evidence_json(evidence)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if args.json:
        Path(args.json).write_text(text, encoding="utf-8")
        _out(f"Wrote {args.json}")
    else:
        _out(text)
    qv = evidence.question_value
    if qv is not None:
        from .evidence import order_line, question_names

        catalog = _catalog(args)
        after = qv.after[min(4, len(qv.after) - 1)]
        _out(catalog.text("cli.evidence_loss", args.lang, target=args.target, base=qv.base,
                          after=after))  # fmt: skip
        _out(catalog.text("cli.evidence_order", args.lang))
        for i, name in enumerate(question_names(catalog, qv.order[:10], args.lang), start=1):
            _out(f"{i:>3}. {name}")
        order = order_line(qv, args.target, catalog, args.lang)
        if order:
            _out(order)
    return EXIT_OK


# --- queue -------------------------------------------------------------------------------------


def cmd_queue(args: argparse.Namespace) -> int:
    """``queue``: each customer's next planned questions per channel (CSV or JSON)."""
    import datetime as dt

    from .assess import Steps, assess_engagement
    from .customer_queue import (
        QueueError,
        QueueSettings,
        customer_queue,
        queue_csv,
        queue_json,
        skipped_csv,
    )
    from .evidence import EvidenceError, read_table, to_frame
    from .mapping import TopicMapper

    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError as exc:
        raise UsageError(f"--today {args.today!r}: write the date as YYYY-MM-DD") from exc
    try:
        settings = QueueSettings(
            recontact_days=args.recontact_days, display_limit=args.display_limit,
            per_channel=args.per_channel, today=today,
            infer_threshold=None if args.no_inference else args.infer_threshold,
            id_column=args.id,
        )  # fmt: skip
        customers = to_frame(read_table(args.customers))
        history = to_frame(read_table(args.history)) if args.history else None
    except (QueueError, EvidenceError) as exc:
        raise UsageError(str(exc)) from exc
    catalog = _catalog(args)
    loaded = _engagement_inputs(args, catalog)
    if loaded is None:
        return EXIT_INVALID
    decisions, intake = loaded
    mapper = TopicMapper(catalog)
    result = assess_engagement(intake, catalog, decisions, steps=Steps(mapper))
    try:
        queued = customer_queue(result, catalog, customers, settings, history,
                                normalise=mapper.prepare, lang=args.lang)  # fmt: skip
    except QueueError as exc:
        raise UsageError(str(exc)) from exc
    data = queue_json(queued) if args.format == "json" else queue_csv(queued)
    Path(args.out).write_bytes(data)
    found = {q: c for q, c in queued.columns.items() if c}
    _out(f"Read the answers of {len(found)} of {len(queued.columns)} planned question(s) from "
         f"{args.customers}: " + ("; ".join(f"{q} <- {', '.join(c)}" for q, c in found.items())
                                  or "none (every planned question is unknown)"))  # fmt: skip
    for check in queued.inference.values():
        if check.used:
            _out(f"Inferred {check.question_id} for {check.inferred:,} customer(s) (held out: "
                 f"{check.precision:.0%} right of {check.confident} predicted at "
                 f"{settings.infer_threshold:.0%} or more)")  # fmt: skip
    customers_queued = queued.queue["customer_id"].nunique()
    _out(f"Wrote {args.out} ({len(queued.queue):,} question(s) queued for {customers_queued:,} "
         f"of {len(customers):,} customer(s), {len(data):,} bytes)")  # fmt: skip
    if args.skipped:
        skipped = skipped_csv(queued)
        Path(args.skipped).write_bytes(skipped)
        counts = queued.skipped["reason"].value_counts()
        _out(f"Wrote {args.skipped} (" + ", ".join(f"{r}: {n:,}" for r, n in counts.items()
                                                   if n) + ")")  # fmt: skip
    return EXIT_OK


# --- catalog -----------------------------------------------------------------------------------

_CATALOG_TABLES = {
    "topics": ("topics", "topic_id", ("synonym_list",)),
    "channels": ("channels", "channel_id", ("answer_type_list",)),
    "goals": ("goals", "goal_id", ()),
    "questions": ("questions", "question_id",
                  ("topic_list", "channel_list", "options_en_list", "options_he_list")),
}  # fmt: skip


def catalog_records(catalog: Any, which: str) -> list[dict[str, Any]]:
    """The catalog rows as loaded, one object each, for ``catalog --json``."""
    from .assess import plain

    attr, _, derived = _CATALOG_TABLES[which]
    frame = getattr(catalog, attr)
    records = []
    for _, row in frame.iterrows():
        rec = {k: plain(v) for k, v in row.items() if k not in derived}
        if which == "topics":
            rec["synonyms"] = list(row["synonym_list"])
        elif which == "channels":
            rec["answer_types"] = list(row["answer_type_list"])
        elif which == "questions":
            rec["topics"] = list(row["topic_list"])
            rec["topic_strengths"] = dict(row["topic_strengths"])
            rec["channels"] = list(row["channel_list"])
            rec["options_en"] = list(row["options_en_list"])
            rec["options_he"] = list(row["options_he_list"])
        elif which == "goals":
            rec["relevance"] = {
                t: int(v) for t, v in catalog.relevance_matrix.loc[row["goal_id"]].items() if v
            }
        records.append(rec)
    return records


def cmd_catalog_lint(args: argparse.Namespace) -> int:
    """``catalog lint``: the content linter's findings, grouped by rule; exit 1 if any."""
    from .lint import RULES, lint_catalog, load_glossary, load_option_terms, rule_description

    catalog = _catalog(args)
    directory = getattr(args, "catalog", None)
    findings = lint_catalog(catalog, load_glossary(directory), args.rule or None,
                            load_option_terms(directory))  # fmt: skip
    if args.csv:
        text = findings.to_csv(index=False, lineterminator="\n")
        if args.csv == "-":
            sys.stdout.write(text)
        else:
            Path(args.csv).write_text(text, encoding="utf-8")
    elif args.json:
        _out(json.dumps(findings.to_dict("records"), ensure_ascii=False, indent=2))
    else:
        for rule in RULES:
            group = findings[findings["rule"] == rule]
            if group.empty:
                continue
            _out(f"{rule} ({len(group)}): {rule_description(catalog, rule, args.lang)}")
            for f in group.itertuples():
                _out(f"  {f.file} {f.row_id} [{f.column}] {f.excerpt}  -> {f.fix}")
        counts = ", ".join(f"{r} {n}" for r, n in findings["rule"].value_counts().items())
        _out(f"({len(findings)} findings{': ' + counts if counts else ''})")
    return EXIT_FINDINGS if len(findings) else EXIT_OK


def cmd_catalog(args: argparse.Namespace) -> int:
    if args.which == "lint":
        return cmd_catalog_lint(args)
    if args.rule or args.csv:
        raise UsageError("--rule and --csv go with `catalog lint` only")
    catalog = _catalog(args)
    records = catalog_records(catalog, args.which)
    if args.json:
        _out(json.dumps(records, ensure_ascii=False, indent=2))
        return EXIT_OK
    id_col = _CATALOG_TABLES[args.which][1]
    text_col = "text" if args.which == "questions" else "label"
    for rec in records:
        _out(f"{rec[id_col]:<32} {rec[f'{text_col}_{args.lang}']}")
    _out(f"({len(records)} {args.which})")
    return EXIT_OK


def _lint_rules() -> tuple[str, ...]:
    from .lint import RULES

    return RULES


# --- entry point -------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zpd-assess",
        description="Zero-party-data strategy workbench: customer-knowledge gaps from an "
        "organisation's data inventory.",
    )
    parser.add_argument(
        "--catalog",
        metavar="DIR",
        help="folder with customised catalog files (the rest are the defaults)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def lang(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lang", choices=("en", "he"), default="en", help="output language")

    p = sub.add_parser("template", help="write the client inventory template workbook")
    p.add_argument("kind", choices=("inventory",))
    p.add_argument("--out", required=True, metavar="FILE.xlsx")
    lang(p)
    p.set_defaults(func=cmd_template)

    def mapping(p: argparse.ArgumentParser) -> None:
        p.add_argument("--columns", metavar="'client=ours,...'",
                       help="read a client column as one of ours ('Data type=' keeps it as a "
                       "note), e.g. --columns 'Origin=party,Fill=coverage'")  # fmt: skip
        p.add_argument("--default", action="append", metavar="column=value",
                       help="a value for every row the file leaves blank or lacks, e.g. "
                       "--default party=first --default refresh_days=monthly")  # fmt: skip

    p = sub.add_parser("validate", help="check an inventory file; exit 0 valid, 2 invalid")
    p.add_argument("inventory")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    mapping(p)
    lang(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("map", help="suggest a topic for each attribute of a CSV")
    p.add_argument("attributes", metavar="ATTRIBUTES.csv")
    p.add_argument("--out", metavar="FILE.csv")
    p.set_defaults(func=cmd_map)

    p = sub.add_parser("assess", help="score knowledge gaps per topic for an inventory")
    p.add_argument("inventory")
    p.add_argument("--goals", metavar="FILE", help="goal weights: CSV goal_id,weight or YAML")
    p.add_argument("--weights", metavar="goal=w,...", help="override some goal weights")
    p.add_argument("--channels", metavar="id,...", help="channels the organisation has")
    p.add_argument("--bank", metavar="FILE", help="a question bank CSV to use instead")
    p.add_argument("--json", metavar="OUT.json")
    p.add_argument("--xlsx", metavar="OUT.xlsx", help="write the plan workbook")
    p.add_argument("--plan", metavar="EDITED.xlsx",
                   help="a plan workbook the team edited: take its changes")  # fmt: skip
    p.add_argument("--engagement", metavar="FILE",
                   help="an engagement.yaml or the engagement file the app exports (.json): "
                   "its decisions (and, with INVENTORY '-', the inventory inside it)")  # fmt: skip
    mapping(p)
    lang(p)
    p.set_defaults(func=cmd_assess)

    p = sub.add_parser("deck", help="write the board deck (.pptx, and a PDF with LibreOffice)")
    p.add_argument("inventory")
    p.add_argument("--engagement", metavar="FILE",
                   help="an engagement.yaml or the engagement file the app exports (.json): "
                   "its decisions (and, with INVENTORY '-', the inventory inside it)")  # fmt: skip
    p.add_argument("--out", required=True, metavar="FILE.pptx")
    p.add_argument("--pdf", metavar="FILE.pdf", help="also write the deck as PDF (LibreOffice)")
    mapping(p)
    lang(p)
    p.set_defaults(func=cmd_deck)

    p = sub.add_parser("export", help="write the plan as surveys that run, per channel "
                       "(SurveyJS JSON, XLSForm, Formbricks, Typeform), consent records and "
                       "tracking plans")  # fmt: skip
    p.add_argument("inventory")
    p.add_argument("--engagement", metavar="FILE",
                   help="an engagement.yaml or the engagement file the app exports (.json): "
                   "its decisions (and, with INVENTORY '-', the inventory inside it)")  # fmt: skip
    p.add_argument("--format", required=True, action="append",
                   choices=("surveyjs", "xlsform", "formbricks", "typeform", "scripts",
                            "consent", "tracking-plan"),
                   help="surveyjs: a SurveyJS survey (.json) per channel; xlsform: an ODK "
                   "XLSForm (.xlsx) per channel; formbricks: a Formbricks survey (Management API "
                   "body, .json) per channel; typeform: a Typeform Create API body (.json) per "
                   "channel and language (<channel>_en, <channel>_he); scripts: what the customer "
                   "reads or hears in SMS, WhatsApp, the IVR and the agent's question, per "
                   "language, with the codes recorded (.txt; WhatsApp also as Cloud API "
                   "messages, .json); consent: a consent "
                   "record per planned question (W3C DPV JSON-LD); tracking-plan: the traits "
                   "the plan creates (Segment and RudderStack); repeat --format for "
                   "several")  # fmt: skip
    p.add_argument("--gdpr", action="store_true",
                   help="the consent records name the GDPR as well as Israel's law (customers "
                   "in the EU); also set by 'gdpr: true' in the engagement")  # fmt: skip
    p.add_argument("--out", required=True, metavar="DIR",
                   help="folder to write DIR/<format>/<channel>.<ext> "
                   "(DIR/typeform/<channel>_<lang>.json, DIR/scripts/<channel>_<lang>.txt), "
                   "DIR/consent/records.jsonld and DIR/tracking-plan/{segment,rudderstack}.json "
                   "in (created)")  # fmt: skip
    mapping(p)
    lang(p)
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("evidence", help="measure knowledge from customer-level data")
    p.add_argument("--customers", required=True)
    p.add_argument("--answers", required=True)
    p.add_argument("--target", required=True)
    p.add_argument("--id", default="customer_id")
    p.add_argument("--json", metavar="OUT")
    lang(p)
    p.set_defaults(func=cmd_evidence)

    p = sub.add_parser("queue", help="each customer's next planned questions per channel, "
                       "skipping what is known or inferable (CSV or JSON)")  # fmt: skip
    p.add_argument("inventory")
    p.add_argument("--engagement", metavar="FILE",
                   help="an engagement.yaml or the engagement file the app exports (.json): "
                   "its decisions (and, with INVENTORY '-', the inventory inside it)")  # fmt: skip
    p.add_argument("--customers", required=True, metavar="FILE",
                   help="the customer extract (CSV, Parquet or .xlsx): one row per customer, "
                   "columns named as question ids or the data items they answer")  # fmt: skip
    p.add_argument("--history", metavar="FILE",
                   help="contact history: customer_id, question_id, channel, asked_on "
                   "(YYYY-MM-DD), outcome (answered or declined)")  # fmt: skip
    p.add_argument("--id", default="customer_id", help="the customer id column")
    p.add_argument("--recontact-days", type=int, default=30,
                   help="do not ask a question again within this many days "
                   "(recontactDays)")  # fmt: skip
    p.add_argument("--display-limit", type=int, default=3,
                   help="the most asks per customer in all, the history's included "
                   "(displayLimit)")  # fmt: skip
    p.add_argument("--per-channel", type=int, default=1,
                   help="the most questions queued per customer in one channel")  # fmt: skip
    p.add_argument("--infer-threshold", type=float, default=0.9,
                   help="skip a question whose answer is predicted with this "
                   "probability or more")  # fmt: skip
    p.add_argument("--no-inference", action="store_true", help="infer nothing")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="the date the queue is for")
    p.add_argument("--format", choices=("csv", "json"), default="csv")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--skipped", metavar="FILE.csv",
                   help="also write why each planned question waits for each customer")  # fmt: skip
    mapping(p)
    lang(p)
    p.set_defaults(func=cmd_queue)

    p = sub.add_parser(
        "catalog",
        help="print a catalog as loaded, or `catalog lint`: check the catalogs' texts "
        "(exit 1 when there are findings)",
    )
    p.add_argument("which", choices=(*_CATALOG_TABLES, "lint"))
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--rule",
        action="append",
        choices=_lint_rules(),
        metavar="RULE",
        help="lint: only this rule (repeatable): " + ", ".join(_lint_rules()),
    )
    p.add_argument("--csv", nargs="?", const="-", metavar="FILE",
                   help="lint: write the findings as CSV (to FILE, or to stdout)")  # fmt: skip
    lang(p)
    p.set_defaults(func=cmd_catalog)

    p = sub.add_parser(
        "serve", help="start the app: this machine only, or --network for a room (HTTPS, passcode)"
    )
    serve.add_arguments(p)
    p.set_defaults(func=serve.main_from_args)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except (UsageError, CatalogError, GlossaryError) as exc:
        _err(f"zpd-assess: {exc}")
        return EXIT_INVALID
    except FileNotFoundError as exc:
        _err(f"zpd-assess: file not found: {exc.filename}")
        return EXIT_INVALID
    except Exception as exc:  # a last resort: a message, never a stack trace
        from .engagement import EngagementError
        from .scoring import WeightsError

        if isinstance(exc, EngagementError | WeightsError):
            _err(f"zpd-assess: {exc}")
            return EXIT_INVALID
        raise


if __name__ == "__main__":
    sys.exit(main())
