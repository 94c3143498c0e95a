"""Generated plans of any size, shaped like real ones (kinds, groups, sub-items)."""

from __future__ import annotations

import datetime as dt
import random

from thidua.core import fields, labels
from thidua.write.canonical import PlanContent

KIND_CYCLE = ("milestone", "count", "rate", "cumulative", "increase", "reduce_fraction",
              "reduce_to", "zero", "qualitative", "maintain")


def large_plan(tasks: int, units: int, seed: int = 7) -> PlanContent:
    """A valid plan with `tasks` rows (every fifth a parent of four items) and `units` units."""
    rng = random.Random(seed)
    start, end = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    unit_rows = [{"code": f"DV{i:03d}", "name": f"Đơn vị số {i}", "kind": "Phòng",
                  "aliases": f"ĐV {i}", "phone": f"0912{i:06d}"} for i in range(units - 1)]
    unit_rows.append({"code": "NHOM", "name": "Nhóm các đơn vị", "kind": labels.UNIT_KIND_GROUP,
                      "members": "; ".join(u["code"] for u in unit_rows[:20])})
    names = [u["name"] for u in unit_rows[:-1]]
    rows: list[dict[str, object]] = []
    n = 0
    while len(rows) < tasks:
        n += 1
        deadline = start + dt.timedelta(days=rng.randrange(30, 360))
        lead = rng.choice(names)
        base = {"leads": lead, "partners": f"{rng.choice(names)}; Nhóm các đơn vị",
                "deadline": deadline.strftime("%d/%m/%Y")}
        if n % 5 == 0 and len(rows) + 5 <= tasks:
            rows.append({"code": str(n), "content": f"Nhiệm vụ nhiều hạng mục {n}",
                         "kind": labels.KINDS["multi"], **base})
            for j in range(1, 5):
                rows.append({"code": f"{n}.{j}", "parent": str(n),
                             "kind": labels.KINDS["milestone"],
                             "content": f"Hạng mục {j} của nhiệm vụ {n}", **base})
            continue
        kind = KIND_CYCLE[n % len(KIND_CYCLE)]
        row = {"code": str(n), "content": f"Nhiệm vụ số {n}", "kind": labels.KINDS[kind],
               "target_text": f"chỉ tiêu {n}", **base}
        if kind in ("count", "increase"):
            row.update(target=str(rng.randrange(5, 500)), baseline=str(rng.randrange(100, 900)))
        elif kind == "rate":
            row.update(target="95", comparison="≥")
        elif kind == "cumulative":
            row.update(target="82", scale="85")
        elif kind == "reduce_fraction":
            row.update(target="1/2", baseline="40")
        elif kind == "reduce_to":
            row.update(target="14", baseline="30")
        elif kind == "zero":
            row.update(target="0")
        rows.append(row)
    info = {**fields.PLAN.defaults(), "number": "99/KH-UBND", "issuer": "UBND tỉnh",
            "issued_on": "01/01/2024", "title": "Kế hoạch thi đua (sinh tự động)",
            "start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")}
    return PlanContent(info=info, units=unit_rows, tasks=rows[:tasks], phases=[])
