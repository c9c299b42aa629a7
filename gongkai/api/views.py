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


def _json_response(description: str, schema: dict) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = {"$ref": "#/components/schemas/Error"}
NOT_FOUND = _json_response("不存在或未公开（统一的错误格式）", ERROR)
TEXT = {"type": "string"}
TEXTS = {"type": "array", "items": TEXT}


def _openapi_spec() -> dict:
    """The whole /api/v1/ as OpenAPI 3.1: every path, its parameters, its answers and the one error format
    (core.error_pages). Checked by a bounded schemathesis run (tests/api/test_schema.py)."""
    item = {"type": "object", "required": ["key", "domain", "name"], "properties": {
        **{k: TEXT for k in ("key", "domain", "topic", "name", "time_limit", "subject")},
        **{k: TEXTS for k in ("elements", "basis", "channels", "audience", "manner", "tiers")},
        "responsible_unit": {"type": ["string", "null"]}, "local": {"type": "boolean"},
        "time_limit_rule": {}}}
    record = {"type": "object", "required": ["id", "index_number", "title", "published_at"], "properties": {
        "id": {"type": "integer"}, "index_number": TEXT, "title": TEXT, "document_number": TEXT,
        "formed_on": {"type": "string", "format": "date"}, "unit": TEXT, "jurisdiction": TEXT, "attribute": TEXT,
        "published_at": TEXT, "updated_at": {"type": ["string", "null"]}, "revision": {"type": "integer"},
        "items": TEXTS, "summary": TEXT, "body": TEXT,
        "attachments": {"type": "array", "items": {"type": "object", "properties": {
            "id": {"type": "integer"}, "name": TEXT, "kind": TEXT}}}}}
    code = {"type": "string", "pattern": "^[0-9]{12}$"}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Gongkai 公开 API", "version": API_VERSION,
                 "description": "基层政务公开平台的公开只读接口：只含已发布的目录和主动公开的政府信息，不含任何个人信息。"
                                "出错时统一返回 {\"error\": 中文说明, \"code\": 代码, \"status\": HTTP 状态码}。"},
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error", "code", "status"], "additionalProperties": False,
                      "properties": {"error": TEXT, "code": TEXT, "status": {"type": "integer"}}},
            "Item": item, "Record": record}},
        "paths": {
            "/api/v1/": {"get": {"summary": "接口版本与说明文档地址", "responses": {"200": _json_response("版本", {
                "type": "object", "required": ["version", "openapi"],
                "properties": {"version": TEXT, "openapi": TEXT}})}}},
            "/api/v1/openapi.json": {"get": {"summary": "本说明文档（OpenAPI 3.1）",
                                             "responses": {"200": _json_response("说明文档", {"type": "object"})}}},
            "/api/v1/domains": {"get": {"summary": "各领域现行国家标准指引", "responses": {"200": _json_response(
                "领域列表", {"type": "array", "items": {"type": "object", "required": ["domain", "name"], "properties": {
                    "domain": TEXT, "name": TEXT, "guideline": TEXT, "issuer": TEXT, "document_number": TEXT,
                    "year": {"type": ["integer", "null"]}, "completeness": TEXT,
                    "topics": {"type": "integer"}, "items": {"type": "integer"}}}})}}},
            "/api/v1/jurisdictions/{code}/catalog": {"get": {
                "summary": "某行政区划已发布的公开事项目录",
                "parameters": [{"name": "code", "in": "path", "required": True, "schema": code}],
                "responses": {"200": _json_response("目录", {"type": "object", "required": ["jurisdiction", "domains"],
                                                           "properties": {
                    "jurisdiction": {"type": "object", "properties": {"code": TEXT, "name": TEXT}},
                    "catalog": TEXT, "version": TEXT, "published_at": {"type": ["string", "null"]},
                    "domains": {"type": "array", "items": {"type": "object", "properties": {
                        "domain": TEXT, "name": TEXT, "applies": {"type": "boolean"}, "reason": TEXT,
                        "items": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}}}}}}}),
                    "404": NOT_FOUND},
            }},
            "/api/v1/records": {"get": {
                "summary": "主动公开的政府信息（可按行政区划、领域、关键词筛选，分页，每页 50 条）",
                "parameters": [
                    {"name": "j", "in": "query", "required": False, "schema": code,
                     "description": "行政区划代码（含下级）"},
                    {"name": "d", "in": "query", "required": False, "schema": {"type": "string", "pattern": "^[-a-z0-9]{1,50}$"},
                     "description": "领域标识"},
                    {"name": "q", "in": "query", "required": False, "schema": {"type": "string", "maxLength": 100},
                     "description": "关键词"},
                    {"name": "page", "in": "query", "required": False,
                     "schema": {"type": "integer", "minimum": 1, "maximum": 10000}},
                ],
                "responses": {"200": _json_response("一页政府信息", {
                    "type": "object", "required": ["count", "page", "results"], "properties": {
                        "count": {"type": "integer"}, "page": {"type": "integer"},
                        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Record"}}}}),
                    "404": NOT_FOUND},
            }},
            "/api/v1/records/{id}": {"get": {
                "summary": "一条主动公开的政府信息（含正文和公开附件清单）",
                "parameters": [{"name": "id", "in": "path", "required": True,
                                "schema": {"type": "integer", "minimum": 1}}],
                "responses": {"200": _json_response("政府信息", {"$ref": "#/components/schemas/Record"}),
                              "404": NOT_FOUND},
            }},
        },
    }


@require_GET
def openapi(request):
    return JsonResponse(_openapi_spec(), json_dumps_params={"ensure_ascii": False})
