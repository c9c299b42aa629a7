"""Reply-letter templates run in a sandbox: an engine that loads no other template (no include, extends or
load can reach a file), a short list of allowed tags, and a context of plain values — the applicant's name,
dates, the decision and its articles — never a model object, so that no template edit can print an
applicant's ID number or walk from the request to anything else."""

from __future__ import annotations

import re

from django.template import Context, Engine, TemplateSyntaxError

ALLOWED_TAGS = frozenset({"if", "elif", "else", "endif", "for", "empty", "endfor", "with", "endwith",
                          "comment", "endcomment", "spaceless", "endspaceless"})
_TAG = re.compile(r"{%-?\s*(\w+)")

_ENGINE = Engine(loaders=[("django.template.loaders.locmem.Loader", {})], debug=False)


def check(body: str) -> None:
    """Raise TemplateSyntaxError (Chinese message) for a tag outside the sandbox or bad syntax."""
    for name in _TAG.findall(body or ""):
        if name not in ALLOWED_TAGS:
            raise TemplateSyntaxError(f"模板中不能使用 {{% {name} %}}（只可使用 if、for、with 和 comment）")
    _ENGINE.from_string(body or "")


def render(body: str, context: dict) -> str:
    check(body)
    return _ENGINE.from_string(body).render(Context(context, autoescape=False))
