"""Texts the report writes about phases: a phase's caption on the Theo đợt sheet and the
note under the title of a report limited to one phase (report --dot)."""

from __future__ import annotations

from thidua.core import labels
from thidua.core.parsing.dates import format_date
from thidua.report import ReportData


def phase_caption(code: str, name: str | None, start, end) -> str:
    """"Đợt CD1 – <name>: từ 19/04/2024 đến 19/05/2024"."""
    return labels.PHASE_SECTION.format(
        code=code, name=labels.PHASE_SECTION_NAME.format(name=name) if name else "",
        start=format_date(start) if start else "…", end=format_date(end) if end else "…")


def report_scope_note(data: ReportData) -> str:
    """What a report limited to one phase says under its title ("" for the whole plan)."""
    if data.phase is None:
        return ""
    found = next((p for p in data.phases if p.code == data.phase), None)
    name = labels.PHASE_SECTION_NAME.format(name=found.name) if found and found.name else ""
    start = format_date(found.start) if found and found.start else "…"
    end = format_date(found.end) if found and found.end else "…"
    return " · " + labels.REPORT_PHASE_ONLY.format(code=data.phase, name=name, start=start,
                                                   end=end)
