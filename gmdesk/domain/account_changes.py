"""Which edits of a filed account must be filed again (变更备案, domain §2).

A change of the 账号名称, the 认证主体, the 分管负责人 or the 管理员 makes the 备案登记表 wrong, so it opens a
变更备案 event carrying ``[{"field", "before", "after"}, …]``. When the person changes, the person's phone
changes with them on the form, so that line is recorded too. Several edits before the form is generated
are merged into one event: the first "before" and the last "after" of each field, and a field edited back
to its old value drops out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

NAME = "账号名称"
ENTITY = "认证主体"
DEPUTY = "分管负责人"
ADMIN = "管理员"

TRACKED_FIELDS: tuple[str, ...] = (NAME, ENTITY, DEPUTY, ADMIN)
PHONE_SUFFIX = "电话"
PERSON_FIELDS: tuple[str, ...] = (DEPUTY, ADMIN)


@dataclass(frozen=True)
class Snapshot:
    """The filed facts of an account that a 变更备案 is about."""

    name: str
    verified_entity: str
    deputy: str = ""
    deputy_phone: str = ""
    admin: str = ""
    admin_phone: str = ""

    def values(self) -> dict[str, str]:
        return {
            NAME: self.name.strip(),
            ENTITY: self.verified_entity.strip(),
            DEPUTY: self.deputy.strip(),
            DEPUTY + PHONE_SUFFIX: self.deputy_phone.strip(),
            ADMIN: self.admin.strip(),
            ADMIN + PHONE_SUFFIX: self.admin_phone.strip(),
        }


Change = dict[str, str]


def detect_changes(before: Snapshot, after: Snapshot) -> list[Change]:
    """The lines of a 变更备案 for an edit, in the form's order; empty when nothing filed has changed."""
    old, new = before.values(), after.values()
    changes: list[Change] = []
    for name in TRACKED_FIELDS:
        if old[name] == new[name]:
            continue
        changes.append({"field": name, "before": old[name], "after": new[name]})
        phone = name + PHONE_SUFFIX
        if name in PERSON_FIELDS and old[phone] != new[phone]:
            changes.append({"field": phone, "before": old[phone], "after": new[phone]})
    return changes


def merge_changes(earlier: Sequence[Mapping[str, str]], later: Sequence[Mapping[str, str]]) -> list[Change]:
    """One list for two edits: each field keeps its first "before" and takes the last "after"."""
    merged: dict[str, Change] = {}
    for change in (*earlier, *later):
        field = str(change.get("field", ""))
        if field in merged:
            merged[field]["after"] = str(change.get("after", ""))
        else:
            merged[field] = {
                "field": field,
                "before": str(change.get("before", "")),
                "after": str(change.get("after", "")),
            }
    kept = [c for c in merged.values() if c["before"] != c["after"]]
    # a person's phone line only makes sense while the person's own line is still there
    names = {c["field"] for c in kept}
    kept = [
        c
        for c in kept
        if not (
            c["field"].endswith(PHONE_SUFFIX)
            and c["field"][: -len(PHONE_SUFFIX)] in PERSON_FIELDS
            and c["field"][: -len(PHONE_SUFFIX)] not in names
        )
    ]
    order = {name: index for index, name in enumerate(_ORDER)}
    return sorted(kept, key=lambda c: order.get(c["field"], len(order)))


_ORDER = (NAME, ENTITY, DEPUTY, DEPUTY + PHONE_SUFFIX, ADMIN, ADMIN + PHONE_SUFFIX)


def describe(changes: Sequence[Mapping[str, str]]) -> str:
    """One line per change: "管理员：张三 → 李四"."""
    return "\n".join(
        f"{c.get('field', '')}：{c.get('before') or '（空）'} → {c.get('after') or '（空）'}" for c in changes
    )
