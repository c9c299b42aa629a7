"""The public, read-only HTTP API (v1). Only published catalogs; nothing personal."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from gongkai.catalog import selectors
from gongkai.organizations.models import Jurisdiction

API_VERSION = "v1"


def _item(item) -> dict:
    return {
        "key": str(item.key), "domain": item.domain.slug, "topic": item.topic, "name": item.name,
        "elements": item.elements, "basis": item.basis, "time_limit": item.time_limit,
        "time_limit_rule": item.time_limit_rule, "subject": item.subject,
        "responsible_unit": item.responsible_unit.name if item.responsible_unit_id else None,
        "channels": item.channels, "audience": item.audience, "manner": item.manner, "tiers": item.tiers,
        "local": item.is_local,
    }


@require_GET
def root(request):
    return JsonResponse({"version": API_VERSION, "openapi": request.build_absolute_uri("openapi.json")})


@require_GET
def domains(request):
    data = [
        {"domain": g.domain.slug, "name": g.domain.name, "guideline": g.name, "issuer": g.issuer,
         "document_number": g.document_number, "year": g.year, "completeness": g.completeness,
         "topics": g.topic_count, "items": g.item_count}
        for g in selectors.guidelines_overview()
    ]
    return JsonResponse(data, safe=False, json_dumps_params={"ensure_ascii": False})


@require_GET
def jurisdiction_catalog(request, code: str):
    jurisdiction = get_object_or_404(Jurisdiction, code=code)
    version = selectors.published_version(jurisdiction)
    if version is None:
        raise Http404("该行政区划尚未发布公开事项目录")
    sections = selectors.version_sections(version, applicable_only=True)
    data = {
        "jurisdiction": {"code": jurisdiction.code, "name": jurisdiction.name},
        "catalog": version.catalog.title, "version": version.label,
        "published_at": version.published_at.isoformat() if version.published_at else None,
        "domains": [
            {"domain": s.domain.slug, "name": s.domain.name, "applies": s.applies,
             "reason": s.entry.reason if s.entry and not s.applies else "",
             "items": [_item(i) for i in s.items]}
            for s in sections
        ],
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


@require_GET
def openapi(request):
    item_schema = {
        "type": "object",
        "properties": {k: {"type": "string"} for k in ("key", "domain", "topic", "name", "time_limit", "subject")}
        | {k: {"type": "array", "items": {"type": "string"}}
           for k in ("elements", "basis", "channels", "audience", "manner", "tiers")},
    }
    spec = {
        "openapi": "3.1.0",
        "info": {"title": "Gongkai 公开 API", "version": API_VERSION,
                 "description": "基层政务公开平台的公开只读接口：只含已发布的目录，不含任何个人信息。"},
        "paths": {
            "/api/v1/domains": {"get": {"summary": "各领域现行国家标准指引", "responses": {"200": {"description": "领域列表"}}}},
            "/api/v1/jurisdictions/{code}/catalog": {"get": {
                "summary": "某行政区划已发布的公开事项目录",
                "parameters": [{"name": "code", "in": "path", "required": True,
                                "schema": {"type": "string", "pattern": "^[0-9]{12}$"}}],
                "responses": {"200": {"description": "目录", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {"domains": {"type": "array", "items": {
                        "type": "object", "properties": {"items": {"type": "array", "items": item_schema}}}}}}}}},
                    "404": {"description": "未发布"}},
            }},
        },
    }
    return JsonResponse(spec, json_dumps_params={"ensure_ascii": False})
