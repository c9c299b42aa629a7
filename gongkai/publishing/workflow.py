"""The record workflow as data: (status, move) → new status. Pure (no Django); services enforce it, screens
ask `TABLE.moves_for`.

draft → submitted → confidentiality review (in_review) → approved → scheduled or published;
a published record edited → revised (the public keeps the last published revision until the reviewer
approves the new one) → published again; published → withdrawn (with a reason) → archived.
A 本期无此类信息 statement goes from draft straight to published (declare_nothing)."""

from __future__ import annotations

from gongkai.core.workflow import MoveRefused, Workflow

__all__ = ["TABLE", "MoveRefused"]

DRAFT, SUBMITTED, IN_REVIEW, APPROVED, SCHEDULED, PUBLISHED, REVISED, WITHDRAWN, ARCHIVED = (
    "draft", "submitted", "in_review", "approved", "scheduled", "published", "revised", "withdrawn", "archived",
)

SUBMIT = "submit"
START_REVIEW = "start_review"
RETURN = "return"
APPROVE = "approve"
SCHEDULE = "schedule"
UNSCHEDULE = "unschedule"
PUBLISH = "publish"
REVISE = "revise"
APPROVE_REVISION = "approve_revision"
DISCARD_REVISION = "discard_revision"
WITHDRAW = "withdraw"
ARCHIVE = "archive"
DECLARE_NOTHING = "declare_nothing"
# The reviewer applies the scanner's proposed masking during the review: the record stays under review (a move
# of the table, so that only the table and the policy offer it, and every use leaves a history row).
MASK_AS_SUGGESTED = "mask_as_suggested"

TABLE = Workflow(
    subject="该政府信息",
    transitions={
        (DRAFT, SUBMIT): SUBMITTED,
        (SUBMITTED, START_REVIEW): IN_REVIEW,
        (SUBMITTED, RETURN): DRAFT,
        (IN_REVIEW, RETURN): DRAFT,
        (IN_REVIEW, APPROVE): APPROVED,
        (IN_REVIEW, MASK_AS_SUGGESTED): IN_REVIEW,
        (APPROVED, RETURN): DRAFT,
        (APPROVED, SCHEDULE): SCHEDULED,
        (APPROVED, PUBLISH): PUBLISHED,
        (SCHEDULED, PUBLISH): PUBLISHED,
        (SCHEDULED, UNSCHEDULE): APPROVED,
        (PUBLISHED, REVISE): REVISED,
        (REVISED, REVISE): REVISED,
        (REVISED, APPROVE_REVISION): PUBLISHED,
        (REVISED, MASK_AS_SUGGESTED): REVISED,
        (REVISED, DISCARD_REVISION): PUBLISHED,
        (PUBLISHED, WITHDRAW): WITHDRAWN,
        (REVISED, WITHDRAW): WITHDRAWN,
        (SCHEDULED, WITHDRAW): WITHDRAWN,
        (PUBLISHED, ARCHIVE): ARCHIVED,
        (WITHDRAWN, ARCHIVE): ARCHIVED,
        (DRAFT, DECLARE_NOTHING): PUBLISHED,
    },
    move_labels={
        SUBMIT: "提交审查", START_REVIEW: "开始保密审查", RETURN: "退回修改", APPROVE: "审核通过",
        SCHEDULE: "定时发布", UNSCHEDULE: "取消定时发布", PUBLISH: "发布", REVISE: "修订",
        APPROVE_REVISION: "审核通过修订", DISCARD_REVISION: "放弃修订", WITHDRAW: "撤回", ARCHIVE: "归档",
        DECLARE_NOTHING: "发布“本期无此类信息”说明", MASK_AS_SUGGESTED: "按建议遮盖",
    },
    status_labels={
        DRAFT: "草稿", SUBMITTED: "已提交待审查", IN_REVIEW: "保密审查中", APPROVED: "已审核待发布",
        SCHEDULED: "已定时待发布", PUBLISHED: "已发布", REVISED: "已发布（修订待审核）", WITHDRAWN: "已撤回",
        ARCHIVED: "已归档",
    },
    # The officer edits the working copy in place only in a draft.
    editable=frozenset({DRAFT}),
    button_labels={SUBMIT: "提交审核", PUBLISH: "立即发布"},
)

# Statuses in which the record's public revision is on public surfaces (if its attribute allows).
PUBLIC_STATUSES = frozenset({PUBLISHED, REVISED})
# Statuses in which an edit makes a pending revision (the public copy stays).
REVISABLE = frozenset({PUBLISHED, REVISED})
# Statuses in which the reviewer reviews content (and may scan it again).
UNDER_REVIEW = frozenset({IN_REVIEW, REVISED})
# Statuses in which the privacy scan has run (it runs when the review starts).
SCANNED = frozenset({IN_REVIEW, APPROVED, SCHEDULED, PUBLISHED, REVISED, WITHDRAWN, ARCHIVED})
# Statuses in which the officer may change the record at all (in place or as a pending revision).
CHANGEABLE = TABLE.editable | REVISABLE
