"""Chinese names for the settings of a policy profile, for the rule editor and for explanations."""

from __future__ import annotations

import re

from gmdesk.domain.enums import MessageCategory

_GROUPS = {"update": "发布更新", "replies": "留言回复", "filing": "账号备案", "training": "队伍培训"}

_NAMES = {
    "update.gap": "连续未更新上限（单项否决）",
    "update.gap_warning": "未更新提醒阈值",
    "update.zombie": "僵尸账号认定",
    "update.require_interaction": "要求互动功能可用",
    "update.three_reviews_required": "发布须完成三审",
    "update.leader_signoff_for_important": "重要信息须领导审签",
    "update.preferred_push_times": "推荐推送时间",
    "update.push_caps": "群发上限（覆盖平台默认）",
    "replies.first_response": "首次回应期限",
    "replies.first_response_urgent": "紧急留言首次回应期限",
    "replies.extension_cap": "延期后答复期限上限（自收到起）",
    "replies.transfer": "转办时限",
    "replies.transfer_answer": "承办单位答复期限（默认）",
    "replies.escalate_after": "长期未办结升级提醒",
    "replies.long_unanswered": "长期未答复（互动回应差）",
    "replies.private_window": "微信私信回复窗口",
    "replies.due_soon": "即将到期提醒",
    "filing.open_filing": "开设备案期限",
    "filing.change_filing": "变更备案期限",
    "filing.closure_notice": "停更公告期",
    "filing.cancel_filing": "注销备案期限",
    "filing.annual_review_month": "年审报告截止月份",
    "filing.due_soon": "备案即将到期提醒",
    "filing.password_rotation": "密码更换周期",
    "training.internal_per_year": "每年内部培训次数（下限）",
    "training.external_per_year": "每年外部培训次数（下限）",
    "training.warn_from_month": "培训不足提醒起始月份",
}

_LEAVES = {
    "amount": "数量",
    "unit": "单位",
    "count": "条数",
    "window": "统计周期",
    "severity": "严重程度",
    "originals_only": "仅统计原创",
    "mass_push_only": "仅统计群发",
    "platforms": "适用平台",
    "basis": "依据",
    "rule": "规则",
    "minimum": "下限",
    "maximum": "上限",
}


def setting_label(path: str) -> str:
    """``"replies.answer.complaint.amount"`` → ``"留言回复 · 投诉答复期限 · 数量"``."""
    parts = path.split(".")
    group = _GROUPS.get(parts[0], parts[0])
    for length in range(len(parts), 1, -1):
        head = ".".join(parts[:length])
        if head in _NAMES:
            rest = [_LEAVES.get(p, p) for p in parts[length:]]
            return " · ".join([group, _NAMES[head], *rest])
    if parts[:2] == ["replies", "answer"] and len(parts) >= 3:
        try:
            category = MessageCategory(parts[2]).label
        except ValueError:
            category = parts[2]
        return " · ".join([group, f"{category}答复期限", *(_LEAVES.get(p, p) for p in parts[3:])])
    match = re.match(r"update\.(frequency|recommended)\.(\d+)\.(.+)", path)
    if match:
        kind = "更新频率规则" if match[1] == "frequency" else "建议发布量"
        rest = [_LEAVES.get(p, p) for p in match[3].split(".")]
        return " · ".join([group, f"{kind}{int(match[2]) + 1}", *rest])
    return " · ".join([group, *(_LEAVES.get(p, p) for p in parts[1:])])


RULE_KINDS = {"MIN_FREQUENCY": "最低发布频率", "ORIGINAL_MIN": "最低原创数量"}
"""What a frequency rule's id means, as the rule editor shows it."""


def rule_kind_label(rule: str) -> str:
    return RULE_KINDS.get(rule, rule)
