"""Errors that stop a run. Each carries a Vietnamese message saying what to do next."""

from __future__ import annotations

from thidua.core import labels


class ThiduaError(Exception):
    """Base of every error the toolkit raises on purpose; exit code 2 in the CLI."""

    code = "unexpected"

    def __init__(self, **params: object) -> None:
        self.params = {k: str(v) for k, v in params.items()}
        super().__init__(labels.STOP_MESSAGES[self.code].format(**self.params))

    @property
    def message(self) -> str:
        return str(self)


class FileMissing(ThiduaError):
    code = "file-not-found"


class NotAFile(ThiduaError):
    code = "not-a-file"


class NotReadable(ThiduaError):
    code = "not-readable"


class NotAWorkbook(ThiduaError):
    code = "not-a-workbook"


class PasswordProtected(ThiduaError):
    code = "password"


class CorruptWorkbook(ThiduaError):
    code = "corrupt"


class UnsupportedFormat(ThiduaError):
    code = "unsupported"


class TooLarge(ThiduaError):
    code = "too-large"


class SheetTooLarge(ThiduaError):
    """A sheet lays out a range no plan or return has (refused before it is read)."""

    code = "sheet-too-large"


class UnsupportedCompression(ThiduaError):
    code = "unsupported-compression"


class FolderNotEmpty(ThiduaError):
    code = "not-empty"


class CannotWrite(ThiduaError):
    code = "cannot-write"


class NoPlanHere(ThiduaError):
    """`thidua excel DIR` on a folder without a canonical workbook."""

    code = "no-plan-here"


class UnknownSample(ThiduaError):
    """`init --sample N` names a seed plan without a bundled sample."""

    code = "unknown-sample"


class UnknownUnitOption(ThiduaError):
    code = "unknown-unit-option"



class UnknownPhaseOption(ThiduaError):
    """report --dot names no phase of the plan."""

    code = "unknown-phase-option"


class PhaseNotFrozen(ThiduaError):
    """report --dot --chot: a frozen round is the whole plan's."""

    code = "dot-with-chot"

class PlanNotReady(ThiduaError):
    """The plan has errors, so a batch cannot be judged against it."""

    code = "plan-not-ready"


class PlanNotReadyForReport(ThiduaError):
    code = "plan-not-ready-report"


class ProtectedOutput(ThiduaError):
    """--out names the canonical workbook, the command's input, or a file in the inbox
    or the archive: we never write over those."""

    code = "out-is-protected"


class OutputIsFolder(ThiduaError):
    code = "out-is-folder"


class LedgerUnusable(ThiduaError):
    """The ledger file cannot be used (empty, not a database, damaged, a table missing).
    Raised by the store, which does not know the workbook; the command that opened the
    ledger turns it into LedgerDamaged, which says which command repairs it."""

    code = "ledger-unusable"


class LedgerDamaged(ThiduaError):
    """The ledger cannot be used and the archive can rebuild it."""

    code = "ledger-damaged"


class LedgerDamagedNoArchive(ThiduaError):
    """The ledger cannot be used and there is no archive to rebuild it from."""

    code = "ledger-damaged-no-archive"


class LedgerMissing(ThiduaError):
    """The ledger is gone while the archive still holds received files."""

    code = "ledger-missing"


class ArchiveIncomplete(ThiduaError):
    """rebuild found archive copies missing or altered and kept the old ledger."""

    code = "archive-incomplete"


class OutputExists(ThiduaError):
    """The file to write is already there: a user's file is never written over."""

    code = "output-exists"


class PlanDocumentFormat(ThiduaError):
    code = "plan-document-format"


class NoTextLayer(ThiduaError):
    """A scanned PDF: no text to read (OCR is out of scope)."""

    code = "no-text-layer"


class EmptyPlanDocument(ThiduaError):
    code = "empty-plan-document"
