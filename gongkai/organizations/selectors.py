"""Reads on jurisdictions and units."""

from __future__ import annotations

from gongkai.core.errors import ValidationFailed
from gongkai.organizations import divisions
from gongkai.organizations.models import Jurisdiction


def jurisdiction_get(code: str) -> Jurisdiction:
    """The jurisdiction with this code (2, 4, 6, 9 or 12 digits), or a Chinese ValidationFailed."""
    try:
        code12 = divisions.pad_code(code)
    except divisions.DivisionDataError as exc:
        raise ValidationFailed(str(exc))
    jurisdiction = Jurisdiction.objects.filter(code=code12).first()
    if jurisdiction is None:
        raise ValidationFailed(f"尚未载入区划代码 {code12}。请先运行 gongkai jurisdictions load {code}。")
    return jurisdiction


def jurisdiction_tree(root: Jurisdiction) -> list[tuple[int, Jurisdiction]]:
    """The subtree of `root`, depth first, each with its depth below the root (root = 0)."""
    nodes = list(root.subtree().select_related("parent").order_by("code"))
    children: dict[int | None, list[Jurisdiction]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    out: list[tuple[int, Jurisdiction]] = []

    def walk(node: Jurisdiction, depth: int) -> None:
        out.append((depth, node))
        for child in children.get(node.id, []):
            walk(child, depth + 1)

    walk(root, 0)
    return out
