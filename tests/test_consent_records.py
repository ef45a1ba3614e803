"""Consent records per planned question (issue 19): W3C DPV JSON-LD, validated against the JSON
Schema below (Draft 2020-12), a self-contained @context, and the rule that blocks a question of
special sensitivity planned in a channel that cannot capture explicit consent.

pyld is not installed in .venv, so the JSON-LD check is structural: the context is inline (no
remote context), and every key and every @id / @type value is a keyword, a term of the context,
a compact IRI whose prefix the context defines, or an absolute IRI.
"""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
from jsonschema import Draft202012Validator
from test_surveys import ALL_ORGS, sample

from zpd_assess import consent_records as cr
from zpd_assess.cli import main
from zpd_assess.planning.model import Plan

HEBREW = re.compile(r"[\u0590-\u05FF]")
LANG_MAP = {
    "type": "object",
    "properties": {"en": {"type": "string", "minLength": 1}, "he": {"type": "string"}},
    "required": ["en", "he"],
    "additionalProperties": False,
}
ID_REF = {"type": "object", "properties": {"@id": {"type": "string"}}, "required": ["@id"]}
RECORD_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "urn:zpd:schema:consent-record",
    "$defs": {"lang": LANG_MAP, "ref": ID_REF},
    "type": "object",
    "required": [
        "@id",
        "@type",
        "identifier",
        "dpv:hasDataController",
        "dpv:hasPurpose",
        "dpv:hasLegalBasis",
        "dpv:hasJurisdiction",
        "dpv:hasApplicableLaw",
        "dpv:hasPersonalData",
        "specialSensitivity",
        "dpv:hasStorageCondition",
        "dpv:hasContext",
        "dpv:hasNotice",
        "dpv:hasConsentStatus",
        "dpv:hasEntityInvolvement",
    ],
    "properties": {
        "@id": {"type": "string", "pattern": "^zpd:consent-record/[a-z0-9-]+/[A-Za-z0-9_]+$"},
        "@type": {"const": "dpv:ConsentRecord"},
        "identifier": {"type": "string", "pattern": "^[a-z0-9-]+:[A-Za-z0-9_]+$"},
        "conformsTo": {"const": "ISO/IEC TS 27560:2023"},
        "dpv:hasDataController": {
            "type": "object",
            "required": ["@id", "@type", "label"],
            "properties": {
                "@type": {"const": "dpv:DataController"},
                "label": {"$ref": "#/$defs/lang"},
            },
        },
        "dpv:hasPurpose": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@id", "@type", "label", "description"],
                "properties": {
                    "@type": {"const": "dpv:Purpose"},
                    "label": {"$ref": "#/$defs/lang"},
                    "description": {"$ref": "#/$defs/lang"},
                },
            },
        },
        "dpv:hasLegalBasis": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@id"],
                "properties": {"@id": {"pattern": "^(dpv|eu-gdpr):[A-Za-z0-9-]+$"}},
            },
        },
        "dpv:hasJurisdiction": {
            "type": "array",
            "minItems": 1,
            "prefixItems": [{"properties": {"@id": {"const": "loc:IL"}}}],
            "items": {"$ref": "#/$defs/ref"},
        },
        "dpv:hasApplicableLaw": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@id", "label"],
                "properties": {"label": {"$ref": "#/$defs/lang"}},
            },
        },
        "dpv:hasPersonalData": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@id", "@type", "label"],
                "properties": {
                    "@type": {
                        "type": "array",
                        "minItems": 1,
                        "items": {"pattern": "^(pd|dpv):[A-Za-z]+$"},
                    },
                    "label": {"$ref": "#/$defs/lang"},
                    "answerCodes": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
        "specialSensitivity": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["@id", "label", "citation"],
                "properties": {
                    "label": {"$ref": "#/$defs/lang"},
                    "citation": {"$ref": "#/$defs/lang"},
                },
            },
        },
        "dpv:hasStorageCondition": {
            "type": "object",
            "required": ["@type", "duration", "description"],
            "properties": {
                "@type": {"const": "dpv:StorageDuration"},
                "duration": {"type": "string", "pattern": "^P[1-9][0-9]*D$"},
                "description": {"$ref": "#/$defs/lang"},
            },
        },
        "dpv:hasContext": {
            "type": "object",
            "required": ["@id", "@type", "label", "capturesExplicitConsent"],
            "properties": {
                "@id": {"pattern": "^zpd:channel/[a-z_]+$"},
                "@type": {"const": "zpd:CollectionPoint"},
                "label": {"$ref": "#/$defs/lang"},
                "capturesExplicitConsent": {"type": "boolean"},
            },
        },
        "dpv:hasNotice": {
            "type": "object",
            "required": ["@type", "description"],
            "properties": {
                "@type": {"const": "dpv:ConsentNotice"},
                "description": {"$ref": "#/$defs/lang"},
            },
        },
        "dpv:hasConsentStatus": {"properties": {"@id": {"const": "dpv:ConsentRequested"}}},
        "dpv:hasEntityInvolvement": {
            "type": "object",
            "required": ["@type", "description"],
            "properties": {
                "@type": {"const": "dpv:WithdrawingFromProcess"},
                "description": {"$ref": "#/$defs/lang"},
            },
        },
    },
}
DOCUMENT_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "@graph"],
    "properties": {"@context": {"type": "object"}, "@graph": {"type": "array",
                                                              "items": RECORD_SCHEMA}},
}  # fmt: skip


def test_the_schemas_are_valid_draft_2020_12():
    Draft202012Validator.check_schema(RECORD_SCHEMA)
    Draft202012Validator.check_schema(DOCUMENT_SCHEMA)


_ABSOLUTE = re.compile(r"^(https?|urn):")


def jsonld_problems(document: dict) -> list[str]:
    """What keeps the document from being expanded with its own inline context alone."""
    context = document.get("@context")
    if not isinstance(context, dict):
        return [f"@context is {type(context).__name__}, not an inline object"]
    problems = [f"context entry {k} is a remote context" for k, v in context.items()
                if k == "@import"]  # fmt: skip
    prefixes = {k for k, v in context.items() if isinstance(v, str) and _ABSOLUTE.match(v)}
    terms = set(context)

    def iri_ok(value: str) -> bool:
        if _ABSOLUTE.match(value):
            return True
        prefix, sep, _ = value.partition(":")
        return bool(sep) and prefix in prefixes

    def walk(node, where: str) -> None:
        if isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{where}[{i}]")
            return
        if not isinstance(node, dict):
            return
        container = context.get(where.rsplit(".", 1)[-1].split("[")[0])
        if isinstance(container, dict) and container.get("@container") == "@language":
            return  # a language map: its keys are language tags
        for key, value in node.items():
            if key in ("@id", "@type"):
                for v in value if isinstance(value, list) else [value]:
                    if not iri_ok(v):
                        problems.append(f"{where}.{key}: {v!r} does not expand")
            elif key.startswith("@"):
                continue
            elif key not in terms and not iri_ok(key):
                problems.append(f"{where}: key {key!r} is neither a term nor a compact IRI")
            walk(value, f"{where}.{key}")

    walk(document.get("@graph"), "@graph")
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("org", ALL_ORGS)
def test_every_planned_question_has_a_valid_consent_record(org, catalog):
    result, names = sample(org)
    document = cr.consent_records(result, catalog, names)
    Draft202012Validator(DOCUMENT_SCHEMA).validate(document)
    assert jsonld_problems(document) == []
    planned = result.plan.questions[result.plan.questions["in_plan"]].sort_values("rank")
    records = document["@graph"]
    assert [r["identifier"].split(":")[1] for r in records] == list(planned["question_id"])
    org_slug = cr.slug(names["en"])
    for record, (_, row) in zip(records, planned.iterrows(), strict=True):
        assert record["identifier"] == f"{org_slug}:{row['question_id']}"
        assert record["dpv:hasContext"]["@id"] == f"zpd:channel/{row['channel']}"
        captures = bool(catalog.channels.at[row["channel"], "consent_capture"])
        assert record["dpv:hasContext"]["capturesExplicitConsent"] is captures
        assert captures or not record["specialSensitivity"]  # ivr_survey: never a special one
        assert record["dpv:hasContext"]["label"]["he"] == catalog.channels.at[
            row["channel"], "label_he"]  # fmt: skip
        assert record["dpv:hasJurisdiction"] == [{"@id": "loc:IL"}]  # no GDPR unless asked
        assert record["dpv:hasApplicableLaw"] == [cr.ISRAEL_LAW]
        assert record["dpv:hasDataController"]["label"] == names
        assert [p["@id"] for p in record["dpv:hasPurpose"]] == [
            f"zpd:purpose/{u}" for u in row["use_cases"]]  # fmt: skip
        assert record["dpv:hasPurpose"][0]["description"]["en"] == row["purpose_en"].strip()
        assert HEBREW.search(record["dpv:hasNotice"]["description"]["he"])
        assert names["he"] in record["dpv:hasEntityInvolvement"]["description"]["he"]
        bases = [b["@id"] for b in record["dpv:hasLegalBasis"]]
        if row["lawful_basis"] == "explicit_consent":
            assert bases[:2] == ["dpv:Consent", "dpv:ExplicitlyExpressedConsent"]
        special = record["specialSensitivity"]
        types = record["dpv:hasPersonalData"][0]["@type"]
        # a care message asked by SMS under its documented exception is still health data
        excepted = "sensitivityException" in record
        assert ("dpv:SpecialCategoryPersonalData" in types) == (
            bool(special) or excepted or row["sensitivity"] == "special")  # fmt: skip
        if special:
            assert "dpv:ExplicitlyExpressedConsent" in bases
            assert all(cr.SPECIAL_PERSONAL_DATA[s["@id"].rsplit("/", 1)[1]] in types
                       for s in special)  # fmt: skip
            assert all("s. 7" in s["citation"]["en"] for s in special
                       if not s["@id"].endswith("trade_union"))  # fmt: skip
        days = int(record["dpv:hasStorageCondition"]["duration"][1:-1])
        topic = row["primary_topic"]
        assert days == int(catalog.topics.at[topic, "half_life_days"])
        assert f"{days} days" in record["dpv:hasStorageCondition"]["description"]["en"]
    assert cr.consent_findings(result, catalog) == []


@pytest.mark.slow
def test_tavor_bank_records_name_the_financial_category_and_its_retention(catalog):
    result, names = sample("tavor_bank")
    records = {r["identifier"]: r for r in cr.consent_records(result, catalog, names)["@graph"]}
    other_banks = records["tavor-bank:q_banking_products_other_banks"]
    assert [s["@id"] for s in other_banks["specialSensitivity"]] == [
        "zpd:special-sensitivity/financial"]  # fmt: skip
    assert other_banks["specialSensitivity"][0]["label"]["en"] == "Salary and financial activity"
    assert other_banks["specialSensitivity"][0]["citation"]["en"].endswith("para. (10)")
    assert other_banks["dpv:hasPersonalData"][0]["@type"] == [
        "pd:Financial", "pd:Transactional", "dpv:SpecialCategoryPersonalData"]  # fmt: skip
    assert other_banks["dpv:hasStorageCondition"]["duration"] == "P180D"
    asked_in = result.plan.questions.at[
        "q_banking_products_other_banks", "channel"
    ]  # where the plan asks it
    assert other_banks["dpv:hasContext"]["label"]["en"] == catalog.channels.at[asked_in, "label_en"]
    assert other_banks["dpv:hasDataController"]["@id"] == "zpd:controller/tavor-bank"
    # a job change is medium, not special: no explicit consent is recorded for it
    changes = records["tavor-bank:q_banking_job_change_salary"]
    assert changes["specialSensitivity"] == []
    assert "dpv:SpecialCategoryPersonalData" not in changes["dpv:hasPersonalData"][0]["@type"]
    # the sample's consultant folds "other times to avoid" into the reminder settings; a fund
    # that asks it records the religion-or-belief category (its options stand in for observance)
    from conftest import TODAY

    from zpd_assess.assess import assess_engagement
    from zpd_assess.decisions import default_decisions
    from zpd_assess.engagement import sample_engagements
    from zpd_assess.intake import load_inventory

    (eng,) = [e for e in sample_engagements() if e.org_id == "nofim_health"]
    decisions = default_decisions(catalog, eng)
    decisions.excluded.discard("q_health_reminder_days")
    nofim = assess_engagement(load_inventory(eng.inventory_path, catalog, today=TODAY), catalog,
                              decisions)  # fmt: skip
    nofim_names = {"en": eng.name_en, "he": eng.name_he}
    days = {r["identifier"]: r for r in cr.consent_records(nofim, catalog, nofim_names)["@graph"]}
    reminder = days["nofim-health-fund:q_health_reminder_days"]
    assert [s["@id"] for s in reminder["specialSensitivity"]] == [
        "zpd:special-sensitivity/religion_belief"]  # fmt: skip
    assert "pd:ReligiousBelief" in reminder["dpv:hasPersonalData"][0]["@type"]


@pytest.mark.slow
def test_gdpr_adds_the_eu_jurisdiction_the_regulation_and_its_points(catalog):
    result, names = sample("tavor_bank")
    graph = cr.consent_records(result, catalog, names, gdpr=True)["@graph"]
    records = {r["identifier"]: r for r in graph}
    special = records["tavor-bank:q_banking_products_other_banks"]
    assert special["dpv:hasJurisdiction"] == [{"@id": "loc:IL"}, {"@id": "loc:EU"}]
    assert special["dpv:hasApplicableLaw"][1]["@id"] == "http://data.europa.eu/eli/reg/2016/679/oj"
    assert [b["@id"] for b in special["dpv:hasLegalBasis"]] == [
        "dpv:Consent",
        "dpv:ExplicitlyExpressedConsent",
        "eu-gdpr:A6-1-a",
        "eu-gdpr:A9-2-a",
    ]
    plain = next(r for r in records.values() if not r["specialSensitivity"])
    assert "eu-gdpr:A9-2-a" not in [b["@id"] for b in plain["dpv:hasLegalBasis"]]
    document = cr.consent_records(result, catalog, names, gdpr=True)
    Draft202012Validator(DOCUMENT_SCHEMA).validate(document)
    assert jsonld_problems(document) == []


def test_the_jsonld_check_catches_an_undefined_prefix_and_a_remote_context():
    bad = {
        "@context": dict(cr.CONSENT_CONTEXT),
        "@graph": [{"@id": "zpd:x", "@type": "schema:Thing", "foo:bar": 1, "label": {"en": "a"}}],
    }
    assert jsonld_problems(bad) == [
        "@graph[0].@type: 'schema:Thing' does not expand",
        "@graph[0]: key 'foo:bar' is neither a term nor a compact IRI",
    ]  # fmt: skip
    assert jsonld_problems({"@context": "https://w3id.org/dpv", "@graph": []}) == [
        "@context is str, not an inline object"]  # fmt: skip


def moved(result, qid: str, channel: str) -> Plan:
    """The assessment's plan with one planned question moved to ``channel`` (as a team's edit
    could leave it)."""
    questions = result.plan.questions.copy()
    questions.at[qid, "channel"] = channel
    return dataclasses.replace(result.plan, questions=questions)


@pytest.mark.slow
def test_a_special_question_in_a_channel_without_consent_capture_is_blocking(catalog):
    result, names = sample("tavor_bank")
    ivr = moved(result, "q_banking_products_other_banks", "ivr_survey")
    (finding,) = cr.consent_findings(ivr, catalog)
    assert (finding.question_id, finding.channel, finding.category_id, finding.reason) == (
        "q_banking_products_other_banks", "ivr_survey", "financial", "no_consent_capture",
    )  # fmt: skip
    assert finding.blocking
    ivr_label = catalog.channels.at["ivr_survey", "label_en"]
    assert f"in {ivr_label}, a channel that cannot capture" in finding.message_en
    assert "Salary and financial activity" in finding.message_en
    # the fix names the plan's channels that can take it, in the plan's order
    assert catalog.channels.at["agent_question", "label_en"] in finding.message_en
    assert catalog.channels.at["ivr_survey", "label_he"] in finding.message_he
    assert HEBREW.search(finding.message("he")) and finding.message("en") == finding.message_en
    with pytest.raises(cr.ConsentExportError, match="q_banking_products_other_banks"):
        cr.consent_files(ivr, catalog, names)
    assert set(finding.as_dict()) >= {"question_id", "channel", "message_en", "message_he"}


@pytest.mark.slow
def test_a_special_question_in_a_channel_its_category_rules_out_is_blocking(catalog):
    result, _ = sample("nofim_health")
    sms = moved(result, "q_health_caregiver", "sms")
    (finding,) = cr.consent_findings(sms, catalog)
    assert (finding.channel, finding.category_id, finding.reason) == (
        "sms", "health", "category_not_allowed")  # fmt: skip
    assert "where such information is never collected" in finding.message_en
    assert "Health and medical information" in finding.message_en
    # a question that is not special may go there
    kinor, _ = sample("kinor_telecom")
    first = str(kinor.plan.questions[kinor.plan.questions["in_plan"]].index[0])
    assert cr.consent_findings(moved(kinor, first, "ivr_survey"), catalog) == []


@pytest.mark.slow
def test_export_writes_the_consent_records_and_the_tracking_plan(tmp_path, capsys):
    from conftest import SAMPLES

    inv = str(SAMPLES / "shalom_insurance" / "inventory.xlsx")
    out = tmp_path / "out"
    args = ["export", inv, "--format", "consent", "--format", "tracking-plan", "--out", str(out)]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == [
        "consent/records.jsonld", "tracking-plan/rudderstack.json",
        "tracking-plan/segment.json"]  # fmt: skip
    assert printed.count("Wrote ") == 3
    document = json.loads((out / "consent" / "records.jsonld").read_text(encoding="utf-8"))
    Draft202012Validator(DOCUMENT_SCHEMA).validate(document)
    assert document["@graph"][0]["dpv:hasDataController"]["label"] == {
        "en": "Shalom Insurance", "he": "שלום ביטוחים"}  # fmt: skip
    segment = json.loads((out / "tracking-plan" / "segment.json").read_text(encoding="utf-8"))
    traits = segment["rules"]["identify"]["properties"]["traits"]["properties"]
    ids = [r["identifier"] for r in document["@graph"]]
    assert ids == [f"shalom-insurance:{q}" for q in traits]
    assert len(traits) >= 10
    # Israel's law alone: the engagement does not say the GDPR applies
    assert all(r["dpv:hasJurisdiction"] == [{"@id": "loc:IL"}] for r in document["@graph"])


@pytest.mark.slow
@pytest.mark.parametrize("how", ["flag", "engagement"])
def test_export_names_the_gdpr_when_the_engagement_or_the_flag_says_it_applies(
    tmp_path, capsys, how
):
    import shutil

    from conftest import SAMPLES

    folder = tmp_path / "shalom"
    shutil.copytree(SAMPLES / "shalom_insurance", folder)
    args = ["export", str(folder / "inventory.xlsx"), "--format", "consent",
            "--out", str(tmp_path / "out")]  # fmt: skip
    if how == "flag":
        args.append("--gdpr")
    else:
        yaml_path = folder / "engagement.yaml"
        yaml_path.write_text(yaml_path.read_text(encoding="utf-8") + "\ngdpr: true\n",
                             encoding="utf-8")  # fmt: skip
    assert main(args) == 0
    path = tmp_path / "out" / "consent" / "records.jsonld"
    document = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator(DOCUMENT_SCHEMA).validate(document)
    assert all(
        r["dpv:hasJurisdiction"] == [{"@id": "loc:IL"}, {"@id": "loc:EU"}]
        for r in document["@graph"]
    )


def test_an_engagement_yaml_says_gdpr_as_true_or_false(tmp_path):
    import shutil

    from conftest import SAMPLES

    from zpd_assess.decisions import default_decisions
    from zpd_assess.engagement import EngagementError, load_engagement

    folder = tmp_path / "kinor"
    shutil.copytree(SAMPLES / "kinor_telecom", folder)
    yaml_path = folder / "engagement.yaml"
    original = yaml_path.read_text(encoding="utf-8")
    assert load_engagement(folder).gdpr is False
    yaml_path.write_text(original + "\ngdpr: true\n", encoding="utf-8")
    from zpd_assess.catalog import load_catalog

    decisions = default_decisions(load_catalog(), load_engagement(folder))
    assert decisions.identity.gdpr is True
    yaml_path.write_text(original + "\ngdpr: maybe\n", encoding="utf-8")
    with pytest.raises(EngagementError, match="gdpr: accepted is true or false, found 'maybe'"):
        load_engagement(folder)


def test_a_question_names_its_own_category_then_its_special_topics(catalog):
    """Two categories on one question (no sample plan has one since the bank's life-changes
    question lost its "new child" option): its own first, then its special topics'."""
    row = {"question_id": "q_room_1", "sensitivity": "special", "sensitivity_category": "health",
           "topic_strengths": {"life_stage": 0.9, "financial_stability": 0.2}}  # fmt: skip
    assert cr.question_categories(row, catalog) == ["health", "financial"]
    assert cr.question_categories({**row, "sensitivity": "low", "sensitivity_category": ""},
                                  catalog) == ["financial"]  # fmt: skip
