"""Every launch file of the plan in one zip: the surveys in each format, the scripts of the
conversational channels, the consent records and the tracking plans.

The consent records are left out, never the rest, when a finding blocks them (a question of
special sensitivity planned in a channel that cannot take it): the bundle says which, in both
languages, so the page shows what to move where.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass

from .assess import Assessment
from .catalog import Catalog
from .consent_records import ConsentExportError, consent_files, consent_findings
from .planning.model import Plan
from .scripts import script_files
from .surveys import FORMATS, survey_files
from .tracking_plan import tracking_plan_files

#: The kinds of file in the bundle, by their folder.
KINDS = (*FORMATS, "scripts", "consent", "tracking-plan")


@dataclass(frozen=True)
class ExportBundle:
    """The files, and why any kind is missing (language -> message, one per finding)."""

    files: dict[str, bytes]
    left_out: tuple[dict[str, str], ...]

    def zip(self) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in self.files.items():
                info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
        return buffer.getvalue()


def consent_problems(source: Assessment | Plan, catalog: Catalog) -> list[dict[str, str]]:
    """What blocks the consent records, in English and Hebrew (empty when nothing does)."""
    return [{"en": f.message_en, "he": f.message_he} for f in consent_findings(source, catalog)]


def export_bundle(
    source: Assessment | Plan,
    catalog: Catalog,
    organisation: str | Mapping[str, str] | None = None,
    gdpr: bool = False,
) -> ExportBundle:
    """The surveys (every format), the consent records (unless blocked; naming the GDPR as well
    as Israel's law when ``gdpr``) and the tracking plans."""
    files = survey_files(source, catalog, FORMATS, organisation)
    files.update(script_files(source, catalog, organisation))
    left_out = consent_problems(source, catalog)
    if not left_out:
        try:
            files.update(consent_files(source, catalog, organisation, gdpr=gdpr))
        except ConsentExportError as exc:  # another reason: said as it is, in both languages
            left_out = [{"en": str(exc), "he": str(exc)}]
    files.update(tracking_plan_files(source, catalog, organisation))
    return ExportBundle(files, tuple(left_out))
