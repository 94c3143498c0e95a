"""Units: finding them by code, name or alias, exactly or (for returns) approximately;
their lifetimes and successors; targets written by unit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from thidua.core import labels
from thidua.core.parsing.text import closest, match_key, normalize_text, strip_diacritics

if TYPE_CHECKING:
    import pandas as pd


class UnitDirectory:
    """Finds a unit's code from its code, name or any alias, in any spelling. A person
    (Loại Cá nhân) is a unit attached to the unit named in its Đơn vị cấp trên: it is also
    found as "<name> (<unit>)", its caption, and with an honorific before its name
    ("đồng chí Nguyễn Thị Hồng")."""

    def __init__(self, units: pd.DataFrame) -> None:
        self.by_key: dict[str, set[str]] = {}
        self.names: dict[str, str] = {}
        self.groups: set[str] = set()
        #: person code -> the Đơn vị cấp trên as written (resolved below, once all are known)
        self.persons: dict[str, str | None] = {}
        person = match_key(labels.UNIT_KIND_PERSON)
        for row in units.itertuples():
            if row.code is None:
                continue
            self.names[row.code] = row.name or row.code
            if row.is_group:
                self.groups.add(row.code)
            if match_key(getattr(row, "kind", None)) == person:
                self.persons[row.code] = getattr(row, "parent", None) or None
            for spelling in (row.code, row.name, *row.aliases):
                if spelling:
                    self.by_key.setdefault(match_key(spelling), set()).add(row.code)
        #: code -> what forms and reports call the unit: its name; a person attached to a
        #: known unit "<name> (<unit>)"
        self.captions: dict[str, str] = dict(self.names)
        for code, parent in self.persons.items():
            unit = self.resolve(parent) if parent else None
            if unit is not None and unit != code:
                caption = labels.PERSON_CAPTION.format(name=self.names[code],
                                                       unit=self.names[unit])
                self.captions[code] = caption
                self.by_key.setdefault(match_key(caption), set()).add(code)

    def resolve(self, text: str) -> str | None:
        found = self.by_key.get(match_key(text), set())
        if not found:
            bare = without_honorific(text)
            if bare != text:  # "đồng chí Nguyễn Thị Hồng": a person, by its name
                found = {c for c in self.by_key.get(match_key(bare), set())
                         if c in self.persons}
        return next(iter(found)) if len(found) == 1 else None

    def unit_of(self, code: str) -> str | None:
        """The unit a person is attached to (None for a unit, or when it is not known)."""
        parent = self.persons.get(code)
        unit = self.resolve(parent) if parent else None
        return unit if unit != code else None

    def suggest(self, text: str) -> str | None:
        """The caption of the unit nearest to text by any of its spellings (code, name,
        alias, caption): a text near an alias of one unit suggests that unit, never
        another; a spelling several units share suggests none of them."""
        if len(self.by_key.get(match_key(text), ())) > 1:
            return None  # a spelling several units share: which one is for the user to say
        owners: dict[str, str] = {}
        for key, codes in self.by_key.items():
            if len(codes) == 1:
                owners[key] = next(iter(codes))
        spellings = tuple(dict.fromkeys((text, without_honorific(text))))
        # every word typed is in the spellings of one unit only: that unit
        words = {key: set(strip_diacritics(key).split()) for key in owners}
        for spelling in spellings:
            typed = set(strip_diacritics(match_key(spelling)).split())
            having = {owners[k] for k, w in words.items() if typed and typed <= w}
            if len(having) == 1:
                return self.captions[having.pop()]
        for spelling in spellings:
            found = closest(spelling, sorted(owners))
            if found is not None:
                return self.captions[owners[found]]
        return None

    def guess(self, text: str) -> tuple[str | None, float]:
        """The unit whose name or alias is nearest to text, with a 0-100 score."""
        from rapidfuzz import fuzz, process, utils

        if not text or not self.by_key:
            return None, 0.0
        choices = {strip_diacritics(k): codes for k, codes in self.by_key.items()
                   if len(codes) == 1}
        found = process.extractOne(strip_diacritics(text), list(choices), scorer=fuzz.ratio,
                                   processor=utils.default_process)
        if found is None:
            return None, 0.0
        return next(iter(choices[found[0]])), float(found[1])


def without_honorific(text: str) -> str:
    """A name without the honorific before it: "đồng chí Nguyễn Thị Hồng", "đ/c Nguyễn Thị
    Hồng" -> "Nguyễn Thị Hồng"; other text unchanged."""
    words = normalize_text(text).split(" ")
    for honorific in labels.PERSON_HONORIFICS:
        head = honorific.split(" ")
        if len(words) > len(head) and [match_key(w) for w in words[:len(head)]] == [
                match_key(w) for w in head]:
            return " ".join(words[len(head):])
    return text


def resolve_names(names: Iterable[str], directory: UnitDirectory) -> list[str]:
    """The codes of the names the directory knows, each once, in the order given."""
    codes: list[str] = []
    for name in names:
        code = directory.resolve(name)
        if code is not None and code not in codes:
            codes.append(code)
    return codes


def with_unit_codes(units: pd.DataFrame, tasks: pd.DataFrame,
                    directory: UnitDirectory | None = None
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Copies of typed units and tasks with the names they list resolved to unit codes:
    units.member_codes (a group's members, unknown names left out) and tasks.lead_codes,
    tasks.partner_codes (each code once; unknown names left out). directory: the units'
    UnitDirectory, when the caller has it already."""
    directory = directory or UnitDirectory(units)
    units, tasks = units.copy(), tasks.copy()
    members = []
    for names in units["members"]:
        resolved = (directory.resolve(name) for name in names)
        members.append([code for code in resolved if code])
    units["member_codes"] = _objects(members, units.index)
    for key, column in (("leads", "lead_codes"), ("partners", "partner_codes")):
        tasks[column] = _objects([resolve_names(names, directory) for names in tasks[key]],
                                 tasks.index)
    return units, tasks


def _objects(values: list[object], index: pd.Index) -> pd.Series:
    import pandas as pd

    return pd.Series(values, index=index, dtype=object)


def lifetimes(units: pd.DataFrame, directory: UnitDirectory
              ) -> dict[str, tuple[dt.date | None, str | None]]:
    """Units that end: code -> (Hiệu lực đến, the successor's code or None when none is
    recorded, its name is unknown or it is a group, which cannot lead). Units without an
    end are left out."""
    ends = {}
    for code, end, successor in zip(units["code"], _column(units, "valid_to"),
                                    _column(units, "successor"), strict=True):
        if code is not None and isinstance(end, dt.date):
            heir = directory.resolve(successor) if successor else None
            ends[code] = (end, None if heir in directory.groups else heir)
    return ends


def hand_over(unit: str, deadline: dt.date | None,
              ends: dict[str, tuple[dt.date | None, str | None]]
              ) -> tuple[str | None, dt.date | None]:
    """(who answers at `deadline` for a task `unit` leads, the day the last unit before it
    ended): (unit, None) while the unit lasts to the deadline; else its successor, followed
    while each ends before the deadline. (None, end) when the chain stops at a unit that
    ends with no successor recorded, or loops."""
    seen, current, last_end = {unit}, unit, None
    while current in ends and deadline is not None:
        end, successor = ends[current]
        if end is None or end >= deadline:
            break
        last_end = end
        if successor is None or successor in seen:
            return None, last_end
        seen.add(successor)
        current = successor
    return current, last_end


def _column(frame: pd.DataFrame, key: str) -> list[object]:
    """A column of typed units, or blanks (frames built by hand may not have it)."""
    return list(frame[key]) if key in frame.columns else [None] * len(frame)


def split_unit_targets(text: str) -> list[tuple[str, str]] | None:
    """A Giá trị mục tiêu that gives targets by unit, as (name, value text) pairs:
    "Vạn Thạch: 300; các thôn khác: 200" -> [("Vạn Thạch", "300"), ("các thôn khác",
    "200")]. None when the text names no unit (no ":"); a part without ":" is (part, "")."""
    separator = labels.UNIT_TARGET_SEPARATOR
    if separator not in text:
        return None
    pairs = []
    for part in re.split(r"[;\n]", text):
        part = normalize_text(part)
        if part:
            name, _, value = part.partition(separator)
            pairs.append((normalize_text(name), normalize_text(value)))
    return pairs


def is_rest_name(name: str) -> bool:
    """Whether a name in a by-unit target means "every other lead": "các thôn khác",
    "các xã còn lại", "còn lại"."""
    key = match_key(name)
    remaining, other = (match_key(w) for w in labels.UNIT_TARGET_REST_WORDS)
    first, last = match_key(labels.UNIT_TARGET_REST_FIRST), match_key(labels.UNIT_TARGET_REST_LAST)
    return (key in (remaining, other) or key.endswith(" " + remaining)
            or (key.startswith(first + " ") and key.endswith(" " + last)))
