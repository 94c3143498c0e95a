"""Every Vietnamese word lives in labels; every issue code has one message and is used."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from thidua.core import labels

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted([*ROOT.joinpath("toolkit").rglob("*.py"),
                  *ROOT.joinpath("validators").rglob("*.py")])
# Letters that only Vietnamese uses among the scripts we meet (ă â đ ê ô ơ ư and toned vowels).
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u1ea0-\u1ef9]")
# legacy.py holds the TCVN3/VNI conversion tables; sample_returns.py what sample units type;
# plan_text.py the Vietnamese patterns that read a plan document.
ALLOWED = {"labels.py", "legacy.py", "sample_returns.py", "plan_text.py"}


def _strings(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str)
                and id(node) not in docstrings):
            yield node.lineno, node.value


def test_no_vietnamese_string_outside_labels():
    offenders = [f"{p.relative_to(ROOT)}:{line}: {text!r}"
                 for p in SOURCES if p.name not in ALLOWED
                 for line, text in _strings(p)
                 if len(text) > 1 and VIETNAMESE.search(text)]  # one letter is not a word
    assert offenders == []


def test_every_code_used_has_a_message_and_every_message_is_used():
    text = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES if p.name != "labels.py")
    used = set(re.findall(r"""(?:add|reject|make_issue|_bad)\(\s*["']([a-z0-9-]+)["']""", text))
    used |= set(re.findall(r"""name=["']([a-z]+-[a-z0-9-]+)["']""", text))
    used |= set(re.findall(r"""\(\s*"([a-z]+-[a-z0-9-]+)",\s*\{""", text))  # (code, params)
    used |= set(re.findall(r'"(duplicate-[a-z]+|missing-optional-column|missing-column|'
                           r'required|bad-weight|unknown-kind)"', text))
    assert used - set(labels.MESSAGES) == set()
    assert set(labels.MESSAGES) - used == set()


def test_every_code_has_a_catalogue_entry_and_every_entry_a_message():
    from thidua.core.issue_codes import CODES, ERROR, WARNING

    assert set(CODES) == set(labels.MESSAGES)
    assert {entry.severity for entry in CODES.values()} <= {ERROR, WARNING}
    assert all(entry.severity == WARNING for entry in CODES.values() if entry.review)


def test_messages_format_with_their_placeholders():
    from thidua.core.issues import make_issue

    for code in labels.MESSAGES:
        issue = make_issue(code, sheet="S", cell="A1", column="C", value="v", expected="e",
                           other="B2", kind="k", count=2, encoding="TCVN3", row=3,
                           length=5, limit=4, suggestion="gần đúng")
        assert "{" not in issue.message and issue.message.endswith("“gần đúng”?")
