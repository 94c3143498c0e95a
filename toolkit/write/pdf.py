"""PDF through LibreOffice headless, when it is installed (there is no Excel to ask)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from thidua.store.files import atomic_path, write_or_beside

CANDIDATES = ("soffice", "libreoffice")
WINDOWS_PATHS = (r"C:\Program Files\LibreOffice\program\soffice.exe",
                 r"C:\Program Files (x86)\LibreOffice\program\soffice.exe")
MAC_PATH = "/Applications/LibreOffice.app/Contents/MacOS/soffice"
#: LibreOffice formats numbers by its locale: Vietnamese gives the decimal comma ("66,7")
#: whatever the computer's own locale is (it needs no system locale installed).
LOCALE = "vi_VN.UTF-8"


def libreoffice() -> str | None:
    """Path of LibreOffice's soffice, or None."""
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    for path in (*WINDOWS_PATHS, MAC_PATH):
        if os.path.exists(path):
            return path
    return None


def to_pdf(workbook: Path, target: Path, timeout: int = 300) -> Path | None:
    """Convert a workbook to target (PDF); None when LibreOffice is missing or fails. When
    target is open in a viewer that locks it, the PDF is written beside it (-2, -3 …)."""
    soffice = libreoffice()
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        profile = Path(tmp) / "profile"
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                 "--norestore", "--convert-to", "pdf", "--outdir", tmp, str(workbook)],
                capture_output=True, timeout=timeout, check=False,
                env={**os.environ, "LC_ALL": LOCALE, "LANG": LOCALE})
        except (OSError, subprocess.TimeoutExpired):
            return None
        made = Path(tmp) / f"{workbook.stem}.pdf"
        if not made.exists():
            return None

        def copy(path: Path) -> Path:
            with atomic_path(path) as staged:
                shutil.copyfile(made, staged)
            return path

        return write_or_beside(target, copy)
