"""Every error a visitor or an officer can reach, answered in Chinese: a page for people, and on the API
(`/api/`) JSON in one format — `{"error": {"code": "<code>", "message": "<中文说明>"}}` (`api_error`).

Wired in `gongkai/urls.py` (handler400/403/404/500), `CSRF_FAILURE_VIEW`, and raised as `TooManyRequests`
by the rate limits (`core.throttle`). Nothing here may depend on the database: the 500 page must render
when the database is what failed."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import FileResponse, HttpResponse, JsonResponse
from django.template import loader
from django.urls import Resolver404
from django.utils.functional import Promise

logger = logging.getLogger("gongkai.errors")


class TooManyRequests(Exception):
    """A rate limit was reached; `retry_after` in seconds."""

    def __init__(self, message: str = "", *, retry_after: int = 60):
        super().__init__(message)
        self.message = message
        self.retry_after = retry_after


PAGES = {
    400: ("bad_request", "请求有误", "您提交的内容无法处理。请返回上一页检查后重试。"),
    401: ("unauthorized", "需要身份验证", "请提供有效的访问令牌（Authorization: Bearer …）。"),
    403: ("forbidden", "无权访问", "您没有权限查看此页面。如需办理，请联系本级政务公开办。"),
    404: ("not_found", "页面不存在", "您要找的页面不存在或已被移除。请检查网址，或从首页重新进入。"),
    405: ("method_not_allowed", "不支持该请求方法", "该地址不支持这种请求方法。"),
    413: ("too_large", "提交的内容过大", "您提交的文件或内容超过了允许的大小。请缩小文件或分批提交。"),
    422: ("invalid_parameters", "请求参数有误", "请求参数不符合要求。"),
    429: ("too_many_requests", "操作过于频繁", "您的操作过于频繁，请稍后再试。"),
    500: ("server_error", "系统出错了",
          "服务器处理您的请求时出错，错误已记录。请稍后再试；如一直出现，请联系系统管理员并告知出错的时间和操作。"),
}
CSRF_MESSAGE = ("页面已过期或表单来源无法验证，提交未被接受。请返回上一页，刷新后重新提交；"
                "如果浏览器禁用了 Cookie，请先启用。")


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def error_response(request, status: int, message: str = "", *, code: str = "") -> HttpResponse:
    default_code, title, default_message = PAGES[status]
    message = message or default_message
    if is_api(request):
        response: HttpResponse = api_error(status, message, code=code or default_code)
    else:
        context = {"status": status, "title": title, "message": message,
                   "site_name": settings.GONGKAI_SITE_NAME, "staff": _staff(request)}
        try:
            html: str = loader.render_to_string(f"errors/{status}.html", context)
        except Exception:  # a broken template or static manifest must not hide the error page itself
            logger.exception("error page %s could not be rendered", status)
            html = f"<!doctype html><html lang=\"zh-CN\"><meta charset=\"utf-8\"><title>{title}</title>" \
                   f"<h1>{title}</h1><p>{message}</p><p><a href=\"/\">返回首页</a></p></html>"
        response = HttpResponse(html, status=status)
    response["Cache-Control"] = "no-store"
    return response


def api_error(status: int, message: str = "", *, code: str = "") -> JsonResponse:
    """The API's one error format, for every status: `{"error": {"code": …, "message": <中文>}}`."""
    default_code, _title, default_message = PAGES[status]
    response = JsonResponse({"error": {"code": code or default_code, "message": message or default_message}},
                            status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def _staff(request) -> bool:
    user = getattr(request, "user", None)
    try:
        return bool(user is not None and user.is_authenticated)
    except Exception:
        return False


def _exception_message(exception) -> str:
    """The Chinese message of an Http404/PermissionDenied raised by our own code; Django's English ones
    (e.g. "No Record matches the given query.") are replaced by the page's default. Only a message that is a
    string is shown: the URL resolver's Resolver404 carries a dict of the patterns it tried (module paths
    included) and the path as typed, which names Chinese characters when the address has them."""
    if isinstance(exception, Resolver404):
        return ""
    first = exception.args[0] if exception is not None and getattr(exception, "args", None) else ""
    text = str(first) if isinstance(first, str | Promise) else ""
    if text and any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    return ""


def bad_request(request, exception=None):
    if isinstance(exception, RequestDataTooBig):
        return error_response(request, 413)
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return error_response(request, 413, "一次提交的字段或文件过多。")
    # Our own BadRequests (e.g. core.keyset.BadCursor) carry a Chinese message and a code worth showing.
    return error_response(request, 400, _exception_message(exception), code=str(getattr(exception, "code", "")))


def permission_denied(request, exception=None):
    return error_response(request, 403, _exception_message(exception))


def page_not_found(request, exception=None):
    return error_response(request, 404, _exception_message(exception))


def server_error(request):
    return error_response(request, 500)


def csrf_failure(request, reason=""):
    return error_response(request, 403, CSRF_MESSAGE, code="csrf_failed")


def too_many_requests(request, exception: TooManyRequests):
    response = error_response(request, 429, exception.message)
    response["Retry-After"] = str(exception.retry_after)
    return response


def favicon(request):
    """Browsers ask /favicon.ico whatever the page says; answer it instead of a 404 in every log."""
    path = settings.BASE_DIR / "gongkai" / "static" / "gongkai" / "favicon.ico"
    response = FileResponse(path.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
