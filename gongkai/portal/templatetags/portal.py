"""Small display filters of the public portal, and the tags that spare its frame's rendering (frame_url, memo)."""

import functools
import threading
from collections import OrderedDict

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from gongkai.core import preferences

register = template.Library()


@register.filter
def grouped_code(code: str) -> str:
    """A tracking code as people copy it: KMVJER38JBJZ → KMVJ-ER38-JBJZ (tracking accepts either form)."""
    code = (code or "").replace("-", "").strip()
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


@register.filter
def kiosk(request) -> dict | None:
    """The kiosk mode of a service hall's terminal ({"home", "idle"}), see portal.views_services.kiosk_start."""
    return preferences.kiosk_of(request)


@register.filter
def elder_mode(request) -> bool:
    """The visitor reads the portal in 长者模式 (its cookie; see portal.views.elder_mode)."""
    return preferences.is_on(request, preferences.ELDER_MODE_COOKIE)


@register.simple_tag
def frame_url(name: str, *args) -> str:
    """`{% url name args %}` for the addresses every portal page repeats in its header, crumbs and footer (about 20 a
    page): each reversed once per process and kept (they depend only on the URLconf, the script prefix and the
    arguments), instead of again on every page: about 0.5 ms a page."""
    return _reversed(get_urlconf(), get_script_prefix(), name, tuple(str(a) for a in args))


@functools.lru_cache(maxsize=16384)
def _reversed(urlconf, prefix: str, name: str, args: tuple[str, ...]) -> str:
    return reverse(name, urlconf=urlconf, args=args)


# --- memo: a part of the frame rendered once per process for each set of values it shows --------------------------

MEMO_SIZE = 2048  # renderings kept per process (a header or footer: about 3 kB each)
_memo: OrderedDict[tuple, str] = OrderedDict()
_memo_lock = threading.Lock()
# What a memo's values may be: they make its key, and they are all its body sees.
PLAIN = (str, int, float, bool, type(None))


class MemoNode(template.Node):
    def __init__(self, name: str, values: dict, nodelist) -> None:
        self.name, self.values, self.nodelist = name, values, nodelist

    def render(self, context) -> str:
        values = {name: value.resolve(context) for name, value in self.values.items()}
        for name, value in values.items():
            if not isinstance(value, PLAIN):
                raise template.TemplateSyntaxError(
                    f"memo “{self.name}”：{name} 必须是字符串、数字、真假值或空值（得到 {type(value).__name__}）")
        # Each value with its type (True == 1 in Python, but they print differently), and what else the body's
        # rendering depends on: the URLconf and script prefix (addresses), autoescaping and the active language.
        key = (self.origin.name if self.origin else "", self.name, get_urlconf(), get_script_prefix(),
               context.autoescape, get_language(),
               *sorted((name, type(value).__name__, value) for name, value in values.items()))
        with _memo_lock:
            found = _memo.get(key)
            if found is not None:
                _memo.move_to_end(key)
                return found
        # A plain context holding only the named values (no context processor's, and not the request, which
        # `context.new` would keep on a RequestContext for a tag to read): the body cannot show anything its key
        # leaves out. The page's template stays bound, for an {% include %} in the body.
        plain = template.Context(values, autoescape=context.autoescape, use_l10n=context.use_l10n,
                                 use_tz=context.use_tz)
        plain.template = context.template
        rendered = self.nodelist.render(plain)
        with _memo_lock:
            _memo[key] = rendered
            if len(_memo) > MEMO_SIZE:
                _memo.popitem(last=False)
        return rendered


@register.tag
def memo(parser, token):
    """`{% memo "name" a=x b=y %}…{% endmemo %}`: the body (a header, a footer) rendered once per process for each set
    of values and then reused: rendering a page's frame node by node costs about 0.5 ms a page, the same on every page
    of a jurisdiction. The body sees only the named values — plain strings, numbers, true/false or nothing, read from
    the page's context — so that what it renders is a function of its key: it cannot show the visitor's request, a
    context processor's value or anything else not named. Kept in a bounded least-recently-used table
    (MEMO_SIZE)."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError("memo 需要一个带引号的名称：{% memo \"header\" a=x %}")
    values = template.base.token_kwargs(bits[2:], parser, support_legacy=False)
    if len(values) != len(bits) - 2:
        raise template.TemplateSyntaxError(f"memo “{bits[1][1:-1]}”：参数只能写成 名称=值")
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        # A child template's override of the block would not reach the kept rendering (nor its plain context).
        raise template.TemplateSyntaxError(f"memo “{bits[1][1:-1]}”：不能包含 {{% block %}}，请把 memo 放在 block 里面")
    return MemoNode(bits[1][1:-1], values, nodelist)


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    """A changed setting (tests) may change what a kept rendering or address would be: forget them."""
    with _memo_lock:
        _memo.clear()
    _reversed.cache_clear()
