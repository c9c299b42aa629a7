"""Staff endpoints for the integrated government service platform: `Authorization: Bearer <token>`
(accounts.tokens). A token acts as its owner: the records the owner may see in the back office
(`publishing.selectors.records_for`) and the counts of the disclosure requests the owner may see
(`disclosure_requests.selectors.requests_for`) — no more. No token, an unknown, revoked or expired one,
or an inactive owner → 401; a record outside the owner's scope → 404, as if it did not exist."""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404, HttpRequest
from ninja import Path, Query
from ninja.security import HttpBearer

from gongkai.accounts import tokens
from gongkai.api import paging as paged
from gongkai.api.api import api
from gongkai.api.errors import STAFF_ERRORS
from gongkai.api.paging import Paging
from gongkai.api.schemas import Page, RequestCounts, StaffRecordOut
from gongkai.disclosure_requests import selectors as request_selectors
from gongkai.publishing import selectors as publishing_selectors
from gongkai.publishing.models import Record


class StaffToken(HttpBearer):
    """The bearer token of an active account (401 otherwise, in the API's error format)."""

    openapi_description = "工作人员的接口访问令牌（在管理后台“接口令牌”页面或用 gongkai api_token create 创建，只显示一次）"

    def __call__(self, request: HttpRequest):
        if not request.headers.get("Authorization", ""):
            request._api_auth_refusal = "需要访问令牌：请在 Authorization 头中提供 Bearer 令牌。"  # type: ignore[attr-defined]
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str):
        owner = tokens.token_owner(token)
        if owner is None:
            request._api_auth_refusal = "访问令牌无效、已过期或已吊销。"  # type: ignore[attr-defined]
            return None
        request.user = owner
        return owner


staff = StaffToken()


def _owner(request: HttpRequest):
    return request.auth  # type: ignore[attr-defined]  # the token's account, set by ninja's auth


def _staff_row(record: Record) -> dict:
    return {"id": record.pk, "index_number": record.index_number, "title": record.title,
            "status": record.get_status_display(), "attribute": record.get_disclosure_attribute_display(),
            "unit": record.unit.name, "jurisdiction": record.unit.jurisdiction.code, "formed_on": record.formed_on,
            "published_at": record.published_at, "updated_at": record.updated_at}


def _scoped(request: HttpRequest):
    # records_for adds DISTINCT and prefetches items: neither is needed for these columns
    return (publishing_selectors.records_for(_owner(request)).prefetch_related(None)
            .only("id", "index_number", "title", "status", "disclosure_attribute", "formed_on", "published_at",
                  "updated_at", "unit__name", "unit__jurisdiction__code"))


@api.get("/staff/records", auth=staff, response={200: Page[StaffRecordOut], **STAFF_ERRORS}, tags=["工作人员"],
         summary="本账号在管理后台可以查看的政府信息（各种状态；最近修改的在前）")
def staff_records(request: HttpRequest, paging: Query[Paging]):
    rows, following = paged.page(_scoped(request), paging, ("-updated_at", "-id"))
    return {"items": [_staff_row(r) for r in rows], "next": following}


@api.get("/staff/records/{id}", auth=staff, response={200: StaffRecordOut, **STAFF_ERRORS}, tags=["工作人员"],
         summary="本账号可以查看的一条政府信息")
def staff_record(request: HttpRequest, id: int = Path(..., ge=1, le=2**63 - 1)):
    found = _scoped(request).filter(pk=id).first()
    if found is None:
        raise Http404("该政府信息不存在，或您没有权限查看。")
    return _staff_row(found)


@api.get("/staff/requests", auth=staff, response={200: RequestCounts, **STAFF_ERRORS}, tags=["工作人员"],
         summary="本账号可以查看的依申请公开申请：按状态的件数")
def staff_requests(request: HttpRequest):
    rows = (request_selectors.requests_for(_owner(request)).order_by().values("status")
            .annotate(n=Count("id", distinct=True)))
    by_status = {str(row["status"]): int(row["n"]) for row in rows}
    return {"total": sum(by_status.values()), "by_status": by_status}
