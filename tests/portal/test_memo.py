"""{% memo %} (portal templatetags): a portal page's header and footer rendered once per process for each set of the
values they show, then reused (issue 13). What a memo renders must be a function of its key: its body sees the named
values and nothing else."""

import pytest
from django.core.cache import cache
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.urls import reverse

from gongkai.organizations.models import Unit
from gongkai.portal.templatetags import portal as tags

COUNTY = "430503000000"


def render(source: str, **context) -> str:
    return Template("{% load portal %}" + source).render(Context(context))


@pytest.fixture(autouse=True)
def empty_memo():
    tags._memo.clear()
    yield
    tags._memo.clear()


def test_the_body_sees_the_named_values_only():
    request = RequestFactory().get("/private/path/")
    source = ('{% memo "t" a=x %}[{{ a }}|{{ x }}|{{ secret }}|{{ request.path }}|{{ user }}]{% endmemo %}')
    assert render(source, x="一", secret="不该出现", request=request, user="某人") == "[一||||]"


def engine(**templates):
    from django.template import Engine

    return Engine(loaders=[("django.template.loaders.locmem.Loader", templates)],
                  libraries={"portal": "gongkai.portal.templatetags.portal", "peek": "tests.portal.test_memo"})


# A tag reading `context.request` (as csrf_token or a third-party tag may), for the test below.
register = tags.template.Library()
seen: list = []


@register.simple_tag(takes_context=True)
def peek(context):
    seen.append(getattr(context, "request", None))
    return "·"


def test_a_tag_in_the_body_cannot_read_the_request_of_a_request_context():
    """In a page rendered with its request (a RequestContext, as every view's is), a tag reading `context.request`
    inside the body finds none: the body is rendered in a plain context of its values."""
    from django.template import RequestContext

    request = RequestFactory().get("/private/path/?token=秘密")
    seen.clear()
    page = engine().from_string('{% load portal peek %}{% peek %}{% memo "t" a=x %}{{ a }}{% peek %}{% endmemo %}')
    assert page.render(RequestContext(request, {"x": "一"})) == "·一·"
    assert seen == [request, None]


def test_an_include_in_the_body_renders_with_the_named_values_only():
    page = engine(probe="{{ a }}|{{ secret }}").from_string(
        '{% load portal %}{% memo "t" a=x %}<{% include "probe" %}>{% endmemo %}')
    assert page.render(Context({"x": "一", "secret": "不该出现"})) == "<一|>"


def test_one_rendering_per_set_of_values_and_each_set_its_own():
    source = '{% memo "t" a=x b=y %}{{ a }}-{{ b }}{% endmemo %}'
    assert render(source, x="甲", y=1) == "甲-1"
    assert render(source, x="甲", y=1) == "甲-1"
    assert len(tags._memo) == 1
    assert render(source, x="乙", y=1) == "乙-1"
    assert render(source, x="甲", y=2) == "甲-2"
    assert render(source, x="甲", y=None) == "甲-None"
    assert render(source, x="甲", y=True) == "甲-True"  # True == 1 in Python: not the same rendering
    assert len(tags._memo) == 5
    # Another memo with the same values is another rendering.
    assert render('{% memo "u" a=x b=y %}<{{ a }}>{% endmemo %}', x="甲", y=1) == "<甲>"
    assert len(tags._memo) == 6


def test_values_are_escaped_as_in_the_page():
    assert render('{% memo "t" a=x %}{{ a }}{% endmemo %}', x="<b>") == "&lt;b&gt;"


def test_the_table_keeps_the_most_recently_used_renderings_only(monkeypatch):
    monkeypatch.setattr(tags, "MEMO_SIZE", 3)
    source = '{% memo "t" a=x %}{{ a }}{% endmemo %}'
    for value in ("1", "2", "3"):
        render(source, x=value)
    render(source, x="1")  # used again: kept
    render(source, x="4")  # the least recently used ("2") goes
    kept = {key[-1][-1] for key in tags._memo}
    assert kept == {"1", "3", "4"}


def test_only_plain_values_are_accepted():
    with pytest.raises(TemplateSyntaxError, match="必须是字符串、数字、真假值或空值"):
        render('{% memo "t" a=x %}{{ a }}{% endmemo %}', x=object())
    with pytest.raises(TemplateSyntaxError, match="带引号的名称"):
        Template('{% load portal %}{% memo t a=x %}{% endmemo %}')
    with pytest.raises(TemplateSyntaxError, match="名称=值"):
        Template('{% load portal %}{% memo "t" x %}{% endmemo %}')


def test_a_changed_office_shows_in_the_footer_and_each_jurisdiction_has_its_own_header(client, portal):
    """The footer is keyed by the office's name, address, phone, hours and e-mail: a change shows on the next
    rendering (the unit's save renews the frame's generation). Two jurisdictions never share a header."""
    path = reverse("portal:catalog", kwargs={"code": COUNTY}) + "?q=1"  # a query string: never the page cache
    assert "联系电话：0739-5555555" in client.get(path).content.decode()
    office = Unit.objects.get(pk=portal["office"].pk)
    office.phone = "0739-5000000"
    office.save()
    cache.clear()
    text = client.get(path).content.decode()
    assert "联系电话：0739-5000000" in text and "0739-5555555" not in text
    town = portal["town"]
    county_header = text[text.index('<header class="portal-header">'):text.index("</header>")]
    town_text = client.get(reverse("portal:jurisdiction", kwargs={"code": town.code}) + "?q=1").content.decode()
    town_header = town_text[town_text.index('<header class="portal-header">'):town_text.index("</header>")]
    assert town.name in town_header and f"/j/{town.code}/" in town_header
    assert town.name not in county_header and f"/j/{town.code}/" not in county_header
    # The page's own column is the current one; the 长者模式 switch names the page it was asked on.
    assert 'href="/j/430503000000/catalog/" aria-current="page"' in county_header
    assert "/elder-mode/?next=/j/430503000000/catalog/" in county_header
    assert f"/elder-mode/?next=/j/{town.code}/" in town_header


def test_a_block_inside_a_memo_is_refused_in_chinese():
    """A child template's override of a block inside the body would never reach the kept rendering: refused when the
    template is read, with the way out."""
    with pytest.raises(TemplateSyntaxError, match="不能包含"):
        engine().from_string('{% load portal %}{% memo "t" a=x %}{% block b %}{{ a }}{% endblock %}{% endmemo %}')
    page = engine().from_string('{% load portal %}{% block b %}{% memo "t" a=x %}{{ a }}{% endmemo %}{% endblock %}')
    assert page.render(Context({"x": "一"})) == "一"
