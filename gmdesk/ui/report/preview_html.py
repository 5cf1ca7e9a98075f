"""The report tab's preview: the figures of each §6 section and the draft text as simple HTML for a QTextBrowser."""

from __future__ import annotations

from html import escape

from gmdesk.domain.inspection import Inspection, Narrative, percent

STYLE = """
<style>
body { font-size: 10.5pt; }
h2 { font-size: 14pt; margin: 4px 0 8px 0; }
h3 { font-size: 11pt; margin: 14px 0 4px 0; color: #1f3b57; }
p { margin: 2px 0 4px 0; line-height: 140%; }
table { border-collapse: collapse; margin: 4px 0 6px 0; }
td, th { border: 1px solid #c6ced8; padding: 2px 8px; }
th { background: #e8eef5; }
.num { text-align: right; }
.bad { color: #b3261e; font-weight: bold; }
.muted { color: #6b7785; }
</style>
"""
SHOWN_PROBLEMS = 40


def _table(headers: tuple[str, ...], rows: list[tuple[object, ...]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='num'>{v}</td>" if isinstance(v, int) else f"<td>{escape(str(v))}</td>" for v in row
        )
        + "</tr>"
        for row in rows
    )
    return f"<table cellspacing='0'><tr>{head}</tr>{body}</table>"


def _bad(value: int) -> str:
    return f"<span class='bad'>{value}</span>" if value else "0"


def preview_html(inspection: Inspection, narrative: Narrative, title: str) -> str:
    o, p, r, s = inspection.overview, inspection.posting, inspection.replies, inspection.security
    parts = [STYLE, f"<h2>{escape(title)}</h2>"]
    for note in inspection.notes:
        parts.append(f"<p class='muted'>{escape(note)}</p>")
    parts.append("<h3>一、总体情况</h3>")
    platforms = "、".join(f"{escape(label)} {n}" for label, n in o.by_platform) or "无"
    parts.append(
        f"<p>账号 <b>{o.accounts}</b> 个（{platforms}）；新开设 {o.opened}、变更备案 {o.changed}、关停注销 "
        f"{o.closed}；按《{escape(inspection.indicator_set)}》评议：合格 <b>{o.passed}</b>，不合格 {_bad(o.failed)}。</p>"
    )
    parts.append(
        _table(
            ("事项", "件数", "按期", "逾期办理", "逾期未办", "办理中"),
            [(f.kind, f.total, f.on_time, f.late, f.overdue, f.open) for f in o.filings],
        )
    )
    parts.append(f"<h3>二、账号基本情况</h3><p>账号表 {len(inspection.accounts)} 行（横排页面）。</p>")
    parts.append("<h3>三、信息发布情况</h3>")
    parts.append(
        f"<p>发布 <b>{p.posts:,}</b> 条，原创 {p.originals:,} 条，原创率 {percent(p.original_rate)}；"
        f"连续{p.gap_limit_days}天以上未更新的账号 {_bad(p.accounts_gap_veto)} 个，最长 {p.longest_gap or 0} 天"
        f"{'（' + escape(p.longest_gap_account) + '）' if p.longest_gap_account else ''}；"
        f"转发任务 {p.repost_tasks} 项，应转发 {p.repost_due} 个账号次，未转发 {_bad(p.repost_missed)}。</p>"
    )
    parts.append(_table(tuple(label for label, _ in p.months), [tuple(n for _, n in p.months)]))
    parts.append("<h3>四、互动回应情况</h3>")
    parts.append(
        f"<p>收到留言 <b>{r.received:,}</b> 条，已答复 {r.answered:,}，到期 {r.due:,}，按期答复 {r.on_time:,}，"
        f"按期答复率 <b>{percent(r.on_time_rate)}</b>；超3个月未办结 {_bad(r.open_long)} 条。</p>"
    )
    parts.append(
        _table(
            ("类别", "收到", "已答复", "到期", "按期", "按期答复率"),
            [
                (c.category, c.received, c.answered, c.due, c.on_time, percent(c.on_time_rate))
                for c in r.by_category
            ],
        )
    )
    parts.append("<h3>五、安全管理情况</h3>")
    parts.append(
        f"<p>三审合规率 {percent(s.review_rate)}（{s.reviewed:,}/{s.published:,}）；安全事件 "
        f"{_bad(len(s.incidents))} 起；密码更换 {s.rotations} 次（交接 {s.handovers} 次），"
        f"超期未更换或无保管人 {_bad(s.password_overdue)} 个账号。</p>"
    )
    parts.append(f"<h3>六、存在问题（{len(inspection.findings)} 项）</h3>")
    for finding in inspection.findings[:SHOWN_PROBLEMS]:
        tag = "单项否决" if finding.severity.value == "veto" else "扣分"
        parts.append(
            f"<p><span class='bad'>[{tag}]</span> {escape(finding.account)}：{escape(finding.message)}</p>"
        )
    if len(inspection.findings) > SHOWN_PROBLEMS:
        parts.append(
            f"<p class='muted'>……另有 {len(inspection.findings) - SHOWN_PROBLEMS} 项，见报告和 Excel 明细。</p>"
        )
    if not inspection.findings:
        parts.append("<p>未发现问题。</p>")
    parts.append(f"<h3>七、整改情况（{len(inspection.rectifications)} 项）</h3>")
    if inspection.rectifications:
        parts.append(
            _table(
                ("问题", "措施", "责任人", "时限", "状态"),
                [
                    (x.problem, x.measure, x.responsible, x.due_on.isoformat() if x.due_on else "", x.state)
                    for x in inspection.rectifications
                ],
            )
        )
    parts.append("<h3>八、下一步工作安排</h3>")
    text = narrative.next_steps.strip() or "（未填写，将使用默认文字）"
    parts.extend(f"<p>{escape(line)}</p>" for line in text.splitlines() if line.strip())
    return "".join(parts)
