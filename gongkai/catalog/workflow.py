"""The catalog version workflow as data: (status, move) → new status. Pure; services enforce it, screens ask
`TABLE.moves_for`.

draft → submitted → approved by the level above, or returned with comments → published → superseded."""

from __future__ import annotations

from gongkai.core.workflow import MoveRefused, Workflow

__all__ = ["TABLE", "MoveRefused"]

DRAFT, SUBMITTED, RETURNED, APPROVED, PUBLISHED, SUPERSEDED = (
    "draft", "submitted", "returned", "approved", "published", "superseded",
)

SUBMIT, APPROVE, RETURN, PUBLISH, SUPERSEDE = "submit", "approve", "return", "publish", "supersede"

TABLE = Workflow(
    subject="目录版本",
    transitions={
        (DRAFT, SUBMIT): SUBMITTED,
        (RETURNED, SUBMIT): SUBMITTED,
        (SUBMITTED, APPROVE): APPROVED,
        (SUBMITTED, RETURN): RETURNED,
        (APPROVED, PUBLISH): PUBLISHED,
        (PUBLISHED, SUPERSEDE): SUPERSEDED,
    },
    move_labels={SUBMIT: "报送审批", APPROVE: "审批通过", RETURN: "退回修改", PUBLISH: "发布",
                 SUPERSEDE: "被新版本替代"},
    status_labels={
        DRAFT: "草稿", SUBMITTED: "已报送待审批", RETURNED: "已退回修改", APPROVED: "已审批",
        PUBLISHED: "已发布", SUPERSEDED: "已被新版本替代",
    },
    editable=frozenset({DRAFT, RETURNED}),
    button_labels={SUBMIT: "报送上级审批"},
)
