"""A consultation's life as a table: 草稿 → 征求意见中 → 已截止 → 已公布采纳情况. Pure."""

from __future__ import annotations

from enum import StrEnum

from gongkai.core.workflow import Workflow


class Status(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    CLOSED = "closed"
    SUMMARY_PUBLISHED = "summary_published"


STATUS_LABELS = {Status.DRAFT: "草稿", Status.OPEN: "征求意见中", Status.CLOSED: "已截止",
                 Status.SUMMARY_PUBLISHED: "已公布采纳情况"}

PUBLISH, CLOSE, PUBLISH_SUMMARY = "publish", "close", "publish_summary"

TABLE = Workflow(
    subject="该征求意见",
    transitions={
        (Status.DRAFT, PUBLISH): Status.OPEN,
        (Status.OPEN, CLOSE): Status.CLOSED,
        (Status.CLOSED, PUBLISH_SUMMARY): Status.SUMMARY_PUBLISHED,
    },
    move_labels={PUBLISH: "发布征求意见", CLOSE: "截止征求意见", PUBLISH_SUMMARY: "公布意见采纳情况"},
    status_labels=STATUS_LABELS,
    editable=frozenset({Status.DRAFT}),
    button_labels={PUBLISH: "发布", CLOSE: "截止", PUBLISH_SUMMARY: "公布采纳情况"},
)

PUBLIC_STATUSES = (Status.OPEN, Status.CLOSED, Status.SUMMARY_PUBLISHED)
