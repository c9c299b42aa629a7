"""/api/v1/ on django-ninja: one `NinjaAPI` whose OpenAPI schema (/api/v1/openapi.json) is generated from the
typed schemas of `api.schemas`; the documentation page (/api/v1/docs) uses the Swagger UI files shipped
inside django-ninja (served from our own static files: the CSP allows no CDN).

Around every operation (`delivered`): the public rate limit, ETag on every successful GET (304 on a
matching If-None-Match or a Last-Modified not newer than If-Modified-Since), Cache-Control, and the one
JSON error format of `core.error_pages.api_error` for every status — ninja's own errors (422 of a bad
parameter, 405) included. Addresses under /api/ that match no route get the same format from
`core.error_pages.page_not_found`."""

from __future__ import annotations

import logging
from functools import wraps

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver
from django.utils.cache import get_conditional_response, patch_vary_headers, set_response_etag
from django.utils.http import parse_http_date_safe
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from gongkai.core import clients, throttle
from gongkai.core.error_pages import PAGES, TooManyRequests, _exception_message, api_error
from gongkai.core.errors import PermissionRefused, ValidationFailed

logger = logging.getLogger("gongkai.errors")

API_VERSION = "1"


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Gongkai 公开 API",
    version=API_VERSION,
    description=(
        "基层政务公开平台的接口。公开部分只读，只含已发布的目录和主动公开的政府信息，不含任何个人信息；"
        "工作人员部分（/staff/）凭访问令牌（Authorization: Bearer …）读取本账号有权查看的内容。"
        "列表统一按游标分页：?cursor=&limit=（limit 最大 100），返回 {\"items\": [...], \"next\": 游标或 null}。"
        "出错时统一返回 {\"error\": {\"code\": 代码, \"message\": 中文说明}}。"),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=ChineseJSONRenderer(),
)


def _message(exc: Exception) -> str:
    return _exception_message(exc)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = sorted({".".join(str(part) for part in error.get("loc", [])[1:]) for error in exc.errors})
    named = "、".join(f for f in fields if f)
    return api_error(422, f"请求参数有误：{named}。" if named else "")


@api.exception_handler(ValidationFailed)
def _invalid_request(request: HttpRequest, exc: ValidationFailed) -> HttpResponse:
    """core.keyset.BadCursor among others: a 400 with its own Chinese message and code (bad_cursor)."""
    return api_error(400, _message(exc), code=str(getattr(exc, "code", "") or "bad_request"))


@api.exception_handler(PermissionRefused)
def _refused(request: HttpRequest, exc: PermissionRefused) -> HttpResponse:
    return api_error(403, _message(exc))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api_error(404, _message(exc))


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api_error(403, _message(exc))


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = api_error(401, getattr(request, "_api_auth_refusal", ""))
    response["WWW-Authenticate"] = 'Bearer realm="gongkai"'
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status = exc.status_code if exc.status_code in PAGES else 400
    text = str(exc.message) if any("\u4e00" <= ch <= "\u9fff" for ch in str(exc.message)) else ""
    return api_error(status, text)


@api.exception_handler(TooManyRequests)
def _too_many(request: HttpRequest, exc: TooManyRequests) -> HttpResponse:
    response = api_error(429, exc.message)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Exception)
def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.path, exc_info=exc)
    if settings.DEBUG_PROPAGATE_EXCEPTIONS:
        raise exc
    return api_error(500)


def public_limit() -> throttle.Limit:
    """Requests per client address and minute on the public API (GONGKAI_API_RATE_PER_IP)."""
    return throttle.Limit("api", settings.GONGKAI_API_RATE_PER_IP, 60, "请求过于频繁，请稍后再试。")


def delivered(view):
    """Wrap one of ninja's URL views: rate limit, conditional GET, cache headers, JSON 405."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        staff = request.path.startswith("/api/v1/staff/")
        try:
            throttle.enforce(public_limit(), clients.client_address(request))
        except TooManyRequests as exc:
            return _too_many(request, exc)
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allowed = response.get("Allow", "")
            response = api_error(405)
            if allowed:
                response["Allow"] = allowed
            return response
        if request.method not in ("GET", "HEAD") or response.status_code != 200 or response.streaming:
            return response
        if staff:
            response["Cache-Control"] = "private, no-cache"
            patch_vary_headers(response, ["Authorization"])
        elif not response.has_header("Cache-Control"):
            response["Cache-Control"] = "public, max-age=60"
        if not response.has_header("ETag"):
            set_response_etag(response)
        last_modified = parse_http_date_safe(response["Last-Modified"]) if response.has_header("Last-Modified") else None
        return get_conditional_response(request, etag=response["ETag"], last_modified=last_modified,
                                        response=response) or response

    return answering_head(wrapper)


def answering_head(view):
    """HEAD: the GET's status and headers (ETag, Content-Length of its body, Cache-Control), no body. The operations
    declare GET only; HEAD runs them as a GET (RFC 9110 §9.3.2)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "HEAD":
            return view(request, *args, **kwargs)
        request.method = "GET"
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            length = len(response.content)
            response.content = b""
            if response.status_code == 200:  # a 304 or an error keeps what it had (RFC 9110 §8.6)
                response["Content-Length"] = str(length)
        return response

    return wrapper


def wrapped(patterns: list) -> list:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            wrapped(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            pattern.callback = delivered(pattern.callback)
    return patterns
