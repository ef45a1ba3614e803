"""Checks of the Formbricks and Typeform surveys against what their makers publish.

- ``typecheck``: TypeScript (``tsc --noEmit``, strict) assigns each survey, as an object literal,
  to the published type: Typeform's ``Typeform.Form`` (``@typeform/api-client``, the type of
  ``forms.create({data})``), with ``settings.language`` widened to ``"he"`` (Typeform supports
  Hebrew, https://www.typeform.com/developers/create/translations/, but the client's ``Language``
  union predates it); Formbricks' ``TSurvey`` (``@formbricks/react-native``, the survey its SDK
  renders: questions, choices, endings, welcome card; its ``logic`` is ``unknown[]`` there, and
  it lacks the consent question's checkbox ``label``, ZSurveyConsentQuestion in Formbricks'
  types.ts, which is added).
  Literal assignment checks every key (excess properties), every enum and every value type.
- ``formbricks_schema_errors``: the JSON Schema in tests/schemas (written from Formbricks' zod
  schema, which is not on npm) and the cross-field rules of its ``validateLogic``: operators per
  question type, choice ids in conditions, jumps only forward to a question or ending.
- ``typeform_logic_errors``: fields and choices a jump names exist; jumps go forward.

The tools come from npm into build/survey-tools (``make test`` fetches them); a missing one
fails with the command.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MODULES = ROOT / "build" / "survey-tools" / "node_modules"
PINS = {
    "typescript": "5.9.3",
    "@typeform/api-client": "2.10.4",
    "@formbricks/react-native": "3.2.0",
}
FETCH = (
    "make build/survey-tools/node_modules/.zpd-survey-tools-1 (or make test): "
    "npm install --prefix build/survey-tools --no-save --no-package-lock --legacy-peer-deps "
    + " ".join(f"{p}@{v}" for p, v in PINS.items())
)
SCHEMA = Path(__file__).resolve().parent / "schemas" / "formbricks-survey.schema.json"

PRELUDE = """import type { Typeform } from "@typeform/api-client";
import type { TSurvey } from "@formbricks/react-native/dist/types/survey";

type TypeformBody = Omit<Typeform.Form, "settings"> & {
  settings?: Omit<Typeform.Settings, "language"> & { language?: Typeform.Language | "he" };
};
type FormbricksQuestion = TSurvey["questions"][number] & { label?: Record<string, string> };
type FormbricksBody = Pick<TSurvey, "type" | "status" | "displayOption" | "autoClose" | "delay"
  | "recontactDays" | "displayLimit" | "welcomeCard" | "endings" | "hiddenFields"
  | "variables" | "showLanguageSwitch"> & {
  questions: FormbricksQuestion[];
  name: string;
  languages: TSurvey["languages"];
  isBackButtonHidden: boolean;
};
"""


def tools() -> Path:
    """tsc, checked: node on the PATH, the pinned packages installed."""
    assert shutil.which("node"), (
        f"node is needed to check the surveys' types: apt-get install -y nodejs; then {FETCH}"
    )
    for package, version in PINS.items():
        manifest = MODULES / package / "package.json"
        assert manifest.is_file(), f"{package} is missing from build/survey-tools: {FETCH}"
        found = json.loads(manifest.read_text())["version"]
        assert found == version, f"{package} {found} is installed; tests need {version}: {FETCH}"
    return MODULES / "typescript" / "bin" / "tsc"


def typecheck(documents: dict[str, tuple[str, dict[str, Any]]], folder: Path) -> str:
    """tsc's report on ``name -> (kind, document)``, kind ``typeform`` or ``formbricks``; ""
    when every document is of its published type."""
    tsc = tools()
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n, (name, (kind, document)) in enumerate(sorted(documents.items())):
        body = "TypeformBody" if kind == "typeform" else "FormbricksBody"
        path = folder / f"check_{n}.ts"
        path.write_text(
            f"{PRELUDE}\n// {name}\nexport const survey: {body} = "
            f"{json.dumps(document, ensure_ascii=False, indent=1)};\n",
            encoding="utf-8",
        )
        files.append(path.name)
    config = {
        "compilerOptions": {
            "strict": True,
            "noEmit": True,
            "skipLibCheck": True,
            "moduleResolution": "node",
            "module": "commonjs",
            "target": "es2020",
            "types": [],
            "baseUrl": ".",
            "paths": {"*": [f"{MODULES}/*"]},
        },
        "files": files,
    }
    (folder / "tsconfig.json").write_text(json.dumps(config), encoding="utf-8")
    proc = subprocess.run(
        ["node", str(tsc), "-p", str(folder / "tsconfig.json")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return "" if proc.returncode == 0 else (proc.stdout + proc.stderr)


# --- Formbricks: schema and cross-field rules ----------------------------------------------------

#: Formbricks' operators per question type (types.ts, isInvalidOperatorsForQuestionType).
FB_OPERATORS = {
    "multipleChoiceSingle": {"equals", "doesNotEqual", "equalsOneOf", "isSubmitted", "isSkipped"},
    "multipleChoiceMulti": {
        "equals",
        "doesNotEqual",
        "includesAllOf",
        "includesOneOf",
        "doesNotIncludeAllOf",
        "doesNotIncludeOneOf",
        "isSubmitted",
        "isSkipped",
    },
    "consent": {"isAccepted", "isSkipped"},
    "openText": {
        "equals",
        "doesNotEqual",
        "contains",
        "doesNotContain",
        "startsWith",
        "doesNotStartWith",
        "endsWith",
        "doesNotEndWith",
        "isSubmitted",
        "isSkipped",
    },
}


def _singles(group: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for c in group["conditions"]:
        out.extend(_singles(c) if "connector" in c else [c])
    return out


def formbricks_schema_errors(survey: dict[str, Any]) -> list[str]:
    import jsonschema

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    errors = [
        f"{'/'.join(map(str, e.path))}: {e.message}"
        for e in jsonschema.Draft202012Validator(schema).iter_errors(survey)
    ]
    if errors:
        return errors
    questions = survey["questions"]
    index = {q["id"]: i for i, q in enumerate(questions)}
    endings = {e["id"] for e in survey["endings"]}
    if len(index) != len(questions):
        errors.append("question ids are not unique")
    ids: list[str] = []
    for i, q in enumerate(questions):
        if q.get("required") and any(
            s["operator"] == "isSkipped"
            for lg in q.get("logic", [])
            for s in _singles(lg["conditions"])
        ):
            errors.append(f"{q['id']}: isSkipped on a required question")
        targets = [a["target"] for lg in q.get("logic", []) for a in lg["actions"]]
        targets += [q["logicFallback"]] if "logicFallback" in q else []
        for target in targets:
            if target not in endings and index.get(target, -1) <= i:
                errors.append(f"{q['id']}: jump to {target}, not a later question or an ending")
        for lg in q.get("logic", []):
            ids += [lg["id"], lg["conditions"]["id"], *(a["id"] for a in lg["actions"])]
            for s in _singles(lg["conditions"]):
                ids.append(s["id"])
                name = s["leftOperand"]["value"]
                if index.get(name, len(questions)) > i:
                    errors.append(f"{q['id']}: condition on {name}, not this or an earlier one")
                    continue
                left = questions[index[name]]
                if s["operator"] not in FB_OPERATORS[left["type"]]:
                    errors.append(f"{q['id']}: operator {s['operator']} on a {left['type']}")
                value = s.get("rightOperand", {}).get("value")
                if "choices" in left and value is not None:
                    codes = {c["id"] for c in left["choices"]}
                    wrong = set(value if isinstance(value, list) else [value]) - codes
                    if wrong:
                        errors.append(f"{q['id']}: {name} has no choice {sorted(wrong)}")
    if len(ids) != len(set(ids)):
        errors.append("logic ids are not unique")
    return errors


def typeform_logic_errors(form: dict[str, Any]) -> list[str]:
    fields = form["fields"]
    index = {f["ref"]: i for i, f in enumerate(fields)}
    screens = {s["ref"] for s in form.get("thankyou_screens", [])}
    errors = []
    if len(index) != len(fields):
        errors.append("field refs are not unique")

    def conditions(c: dict[str, Any]) -> list[dict[str, Any]]:
        if c["op"] in ("and", "or"):
            return [x for v in c["vars"] for x in conditions(v)]
        return [c]

    for logic in form.get("logic", []):
        source = index.get(logic["ref"])
        if source is None:
            errors.append(f"logic on {logic['ref']}, not a field")
            continue
        for action in logic["actions"]:
            to = action["details"]["to"]
            if to["type"] == "thankyou" and to["value"] not in screens:
                errors.append(f"{logic['ref']}: jump to an unknown screen {to['value']}")
            if to["type"] == "field" and index.get(to["value"], -1) <= source:
                errors.append(f"{logic['ref']}: jump to {to['value']}, not a later field")
            for c in conditions(action["condition"]):
                refs = [v["value"] for v in c["vars"] if v["type"] == "field"]
                choices = [v["value"] for v in c["vars"] if v["type"] == "choice"]
                for ref in refs:
                    if index.get(ref, len(fields)) > source:
                        errors.append(f"{logic['ref']}: condition on {ref}, not an earlier field")
                    elif choices:
                        known = {
                            ch["ref"]
                            for ch in fields[index[ref]].get("properties", {}).get("choices", [])
                        }
                        if set(choices) - known:
                            errors.append(f"{logic['ref']}: {ref} has no choice {choices}")
    return errors
