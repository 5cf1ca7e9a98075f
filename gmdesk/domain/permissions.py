"""Who may do what (domain §8: account operations are logged and held by named people).

Four roles, each with the rights of the ones below it: 信息员 (records the daily work), 审核员 (also rejects,
reopens, withdraws and deletes), 负责人 (also decides: approves an opening, announces a closing), 管理员 (also
sets the rules and manages operators and backups). Personal data is a separate right: an operator marked as
allowed may ask for it unmasked, giving a reason that is recorded.
"""

from __future__ import annotations

from enum import StrEnum

from gmdesk.domain.enums import OperatorRole
from gmdesk.domain.errors import UserError


class Permission(StrEnum):
    RECORD = "登记和办理日常工作"
    REVIEW = "退回、驳回、重新打开或撤销"
    DELETE = "删除记录"
    APPROVE = "审批账号的开设和关停"
    CONFIGURE = "修改规则方案、节假日、考核指标和回复口径"
    MANAGE_OPERATORS = "管理操作员"
    RESTORE = "从备份恢复数据库"


RANK: dict[OperatorRole, int] = {
    OperatorRole.CLERK: 1,
    OperatorRole.REVIEWER: 2,
    OperatorRole.HEAD: 3,
    OperatorRole.ADMIN: 4,
}

MINIMUM: dict[Permission, OperatorRole] = {
    Permission.RECORD: OperatorRole.CLERK,
    Permission.REVIEW: OperatorRole.REVIEWER,
    Permission.DELETE: OperatorRole.REVIEWER,
    Permission.APPROVE: OperatorRole.HEAD,
    Permission.CONFIGURE: OperatorRole.ADMIN,
    Permission.MANAGE_OPERATORS: OperatorRole.ADMIN,
    Permission.RESTORE: OperatorRole.ADMIN,
}


def allowed(role: OperatorRole, permission: Permission) -> bool:
    return RANK[role] >= RANK[MINIMUM[permission]]


def roles_allowed(permission: Permission) -> list[OperatorRole]:
    return [role for role in RANK if allowed(role, permission)]


class NotPermitted(UserError):
    """The operator's role does not allow the action; the message names the role it needs."""

    def __init__(self, operator: str, role: OperatorRole, permission: Permission, known: bool = True) -> None:
        needed = MINIMUM[permission]
        others = "或".join(r.label for r in roles_allowed(permission))
        who = (
            f"“{operator}”（{role.label}）"
            if known
            else f"“{operator}”（不在操作员名单中，按{role.label}对待）"
        )
        super().__init__(
            f"{who}不能{permission.value}：需要{needed.label}或以上的角色（{others}）。"
            "请由有权限的人员操作，或请管理员在“工具 › 本机操作员与操作员”中调整角色。"
        )
        self.permission = permission
        self.needed = needed


class PersonalDataRefused(UserError):
    """Unmasked personal data asked for without the right or without a reason."""
