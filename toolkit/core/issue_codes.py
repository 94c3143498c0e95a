"""The issue-code catalogue: for every stable code, its severity, whether a person must
look before the numbers are used, and the column it points at where that is fixed.

The Vietnamese message of each code lives in labels.MESSAGES; nothing else about a code
is declared anywhere but here."""

from __future__ import annotations

from dataclasses import dataclass

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True, slots=True)
class IssueCode:
    """What the toolkit knows about one issue code besides its message.

    column: the canonical-workbook column key a frame-wide check points at (None: the
    check's own column). return_column: the return-form column key a row check points at
    (None: Mã NV)."""

    severity: str
    review: bool = False
    column: str | None = None
    return_column: str | None = None


def _error(column: str | None = None, return_column: str | None = None) -> IssueCode:
    return IssueCode(ERROR, column=column, return_column=return_column)


def _warning(column: str | None = None, *, review: bool = False) -> IssueCode:
    return IssueCode(WARNING, review=review, column=column)


CODES: dict[str, IssueCode] = {
    # the workbook as a whole
    "missing-sheet": _error(),
    "renamed-sheet": _warning(),
    "hidden-sheet": _warning(),
    "empty-sheet": _warning(),
    "no-header-row": _error(),
    "missing-column": _error(),
    "misspelt-column": _error(),
    "missing-optional-column": _warning(),
    "unknown-column": _warning(),
    "duplicate-column": _error(),
    "merged-header": _warning(),
    "merged-cells": _warning(),
    "total-row": _warning(),
    "formula-no-value": _error(),
    "excel-error": _error(),
    "legacy-text": _warning(),
    # values
    "required": _error(return_column="code"),
    "bad-date": _error(return_column="completed_on"),
    "ambiguous-date": _error(return_column="completed_on"),
    "bad-number": _error(return_column="result"),
    "bad-integer": _error(),
    "bad-email": _warning(),
    # Kế hoạch
    "unknown-plan-key": _warning(),
    "plan-number-missing": _warning(),
    "plan-number-draft": _warning(),
    "plan-date-missing": _warning(),
    "plan-period": _error("end"),
    # Đợt thi đua
    "duplicate-phase": _error(),
    "phase-order": _error("end"),
    "phase-overlap": _error(),
    "phase-outside-plan": _warning(),
    # Đơn vị
    "duplicate-unit": _error(),
    "ambiguous-unit-name": _error(),
    "unknown-member": _error(),
    "group-no-members": _warning(),
    "members-not-group": _warning(),
    "nested-group": _error(),
    "unknown-parent-unit": _error(),
    "person-without-unit": _error(),
    "person-unit-invalid": _error(),
    "unknown-successor": _error(),
    "successor-cycle": _error(),
    "successor-is-group": _error(),
    "result-after-unit-end": _warning(),
    "unit-lifetime-order": _error("valid_to"),
    "lead-ends-successor": _warning(),
    "lead-ends-no-successor": _warning(),
    "lead-starts-after-deadline": _warning(),
    "two-targets": _warning(),
    # Nhiệm vụ
    "duplicate-task": _error(),
    "unknown-parent-task": _error(),
    "parent-cycle": _error(),
    "unknown-kind": _error("kind_text"),
    "unknown-unit": _error(),
    "group-leads": _error(),
    "lead-is-partner": _warning(),
    "missing-target": _error("target"),
    "unit-target-bad-part": _error(),
    "unit-target-unknown-task": _error(),
    "duplicate-unit-target": _error(),
    "unit-target-not-lead": _warning(),
    "unit-target-missing": _error(),
    "missing-baseline": _warning("baseline"),
    "bad-fraction": _error("target"),
    "rate-target-fraction": _warning("target"),
    "bad-cycle": _error("cycle"),
    "cycle-with-children": _warning("cycle"),
    "period-code-taken": _error("cycle"),
    "scale-below-target": _error("scale"),
    "missing-comparison": _error("comparison"),
    "bad-comparison": _error("comparison_text"),
    "reduce-to-no-baseline": _warning(),
    "baseline-below-target": _error("baseline"),
    "multi-no-children": _error(),
    "parent-not-multi": _warning(),
    "deadline-outside-plan": _warning(),
    "effective-after-deadline": _error("effective_from"),
    "parent-deadline-early": _warning(),
    "unknown-phase": _error(),
    "deadline-outside-phase": _warning(),
    "bad-weight": _error(),
    "no-tasks": _error(),
    "no-units": _error(),
    # received files (thidua collect)
    "empty-file": _error(),
    "unreadable-file": _error(),
    "not-a-form": _error(),
    "form-sheet-renamed": _warning(),
    "several-form-sheets": _warning(review=True),
    "other-plan": _error(),
    "unknown-unit-code": _error(),
    "unit-not-identified": _error(),
    "identified-by-header": _warning(),
    "identified-fuzzy": _warning(review=True),
    "plan-changed": _warning(review=True),
    "missing-data-date": _warning(review=True),
    "future-data-date": _warning(review=True),
    "data-date-before-plan": _warning(review=True),
    "tied-returns": _warning(review=True),
    "unit-mismatch": _error(),
    "bad-submission": _warning(),
    "missing-submission": _warning(),
    "unknown-task": _error(return_column="code"),
    "task-not-assigned": _error(return_column="code"),
    "duplicate-row": _error(return_column="code"),
    "locked-cell-edited": _warning(review=True),
    "bad-status": _error(return_column="status"),
    "macro-file": _warning(),
    "unsafe-path": _error(),
    "archive-too-large": _error(),
    "file-too-large": _error(),
    "bad-archive": _error(),
    "encrypted-archive": _error(),
    "more-issues": _warning(),
    "reader-crashed": _error(),
    "unsupported-archive": _error(),
    "file-not-kept": _error(),
    "nested-archive": _warning(),
    "duplicate-file": _warning(),
    "empty-return": _error(),
    "text-too-long": _warning(),
    "negative-number": _error(return_column="result"),
    "rate-as-fraction": _warning(review=True),
    "percent-for-count": _error(return_column="result"),
    "completion-after-data-date": _warning(review=True),
    "completion-before-plan": _warning(review=True),
    "missing-completion-date": _warning(review=True),
    # the archive itself (collect judging again, rebuild)
    "rejudge-copy-lost": _warning(),
    "archive-file-missing": _error(),
    "archive-file-altered": _error(),
    # the Excel button
    "workbook-name": _warning(),
    "missing-shim": _warning(),
    "excel-outdated": _warning(),
    "excel-legacy": _warning(),
    "excel-damaged": _warning(),
}

# --- the award and criticism criteria sheet (Tiêu chí khen thưởng) ---
CODES.update({
    "unknown-criteria-action": _error(),
    "criteria-no-action": _error(),
    "unknown-condition": _error(),
    "condition-not-for-action": _error(),
    "bad-criteria-flag": _error(),
    "criteria-number-range": _error(),
    "unknown-criteria-phase": _error(),
    "unknown-unit-kind": _error(),
    "criteria-conflict": _error(),
    "duplicate-condition": _error(),
    "criteria-replace-plan": _warning(),
})

#: Warnings that ask a person to look before the numbers are used.
REVIEW_CODES = frozenset(code for code, entry in CODES.items() if entry.review)


def severity(code: str) -> str:
    """"error" or "warning" for a code of the catalogue."""
    return CODES[code].severity


def check_column(code: str) -> str | None:
    """The canonical-workbook column key a frame-wide check of this code points at."""
    entry = CODES.get(code)
    return entry.column if entry else None


def return_column(code: str) -> str:
    """The return-form column key a row issue of this code points at (Mã NV by default)."""
    entry = CODES.get(code)
    return entry.return_column if entry and entry.return_column else "code"
