"""A finding's life as data (pure): found → the unit says it is fixed → the next inspection confirms it or reopens it;
a finding whose cause is gone resolves itself; the office may waive one with a reason."""

from __future__ import annotations

from gongkai.core.workflow import Workflow

OPEN, FIXED, CONFIRMED, REOPENED, RESOLVED, WAIVED = "open", "fixed", "confirmed", "reopened", "resolved", "waived"
REPORT_FIXED, CONFIRM, REOPEN, RESOLVE, RECUR, WAIVE = "report_fixed", "confirm", "reopen", "resolve", "recur", "waive"

TABLE = Workflow(
    subject="该问题",
    transitions={
        (OPEN, REPORT_FIXED): FIXED,
        (REOPENED, REPORT_FIXED): FIXED,
        (FIXED, CONFIRM): CONFIRMED,
        (FIXED, REOPEN): REOPENED,
        (OPEN, RESOLVE): RESOLVED,
        (REOPENED, RESOLVE): RESOLVED,
        (RESOLVED, RECUR): OPEN,
        (CONFIRMED, RECUR): OPEN,
        (OPEN, WAIVE): WAIVED,
        (FIXED, WAIVE): WAIVED,
        (REOPENED, WAIVE): WAIVED,
    },
    move_labels={REPORT_FIXED: "报告已整改", CONFIRM: "确认整改", REOPEN: "复查未整改", RESOLVE: "问题已消除",
                 RECUR: "再次发现", WAIVE: "核销"},
    status_labels={OPEN: "待整改", FIXED: "单位已整改待确认", CONFIRMED: "已确认整改", REOPENED: "复查未整改",
                   RESOLVED: "问题已消除", WAIVED: "已核销"},
    closed_hint="已办结。",
)


NOTICE_DRAFT, NOTICE_PUBLISHED = "draft", "published"
PUBLISH_NOTICE = "publish"

NOTICE_TABLE = Workflow(
    subject="该通报",
    transitions={(NOTICE_DRAFT, PUBLISH_NOTICE): NOTICE_PUBLISHED},
    move_labels={PUBLISH_NOTICE: "发布"},
    status_labels={NOTICE_DRAFT: "草稿", NOTICE_PUBLISHED: "已发布"},
    editable=frozenset({NOTICE_DRAFT}),
    closed_hint="已发布，不能再修改。",
)


TASK_OPEN, TASK_REPORTED, TASK_CONFIRMED = "open", "reported", "confirmed"
REPORT_DONE, CONFIRM_DONE, RETURN_TASK = "report_done", "confirm", "return"

TASK_TABLE = Workflow(
    subject="该工作任务",
    transitions={
        (TASK_OPEN, REPORT_DONE): TASK_REPORTED,
        (TASK_REPORTED, CONFIRM_DONE): TASK_CONFIRMED,
        (TASK_REPORTED, RETURN_TASK): TASK_OPEN,
    },
    move_labels={REPORT_DONE: "报告已完成", CONFIRM_DONE: "确认完成", RETURN_TASK: "退回继续办理"},
    status_labels={TASK_OPEN: "办理中", TASK_REPORTED: "已报告完成待确认", TASK_CONFIRMED: "已确认完成"},
    editable=frozenset({TASK_OPEN, TASK_REPORTED}),
    closed_hint="已确认完成，不能再修改。",
)
