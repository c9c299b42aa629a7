"""One pattern for screens with several actions (catalog versions, records).

A screen declares its steps once: what a button posts (`key`), the workflow moves the step makes, the form
that parses it and the service call that makes it. The page offers one button per move in the app's
`moves_for(user, obj)` (label from the workflow table); a POST looks its step up among those moves, parses
that step's form, calls that step's service and, on a domain error, the view re-renders the page with the
Chinese message on the form and what was typed kept. A user the policy refuses gets the policy's Chinese
403 (and an audit event); a move the table refuses now gets the table's message."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404

from gongkai.accounts.policies import Action
from gongkai.backoffice.plumbing import attempt, guard
from gongkai.core.workflow import MoveRefused, Workflow


class NoInput(forms.Form):
    """The form of a step that needs nothing typed (a button alone)."""


@dataclass(frozen=True)
class Step:
    moves: tuple[str, ...]
    make: Callable[..., Any]  # make(actor=, obj=, data=cleaned_data) calls one service and returns its result
    page: str  # the page that shows the step's form; elsewhere the step is a link to it
    form: Callable[[Any], forms.Form] = NoInput  # form(POST data or None)
    done: str | Callable[[Any, Any, dict], str] = ""  # the success message, or done(obj, result, data)


@dataclass
class Button:
    key: str
    move: str
    label: str
    step: Step
    form: forms.Form
    url: str = ""  # where the button leads when its form is on another page


@dataclass(frozen=True)
class Screen:
    table: Workflow
    actions: Mapping[str, Action]  # who makes each move: the app's MOVE_ACTIONS
    steps: Mapping[str, Step]

    def step(self, key: str) -> Step:
        try:
            return self.steps[key]
        except KeyError:
            raise Http404("没有这项操作") from None

    def buttons(self, allowed: list[str], bound: Mapping[str, forms.Form] | None = None) -> list[Button]:
        """One button per allowed move, in the table's order, with its step's form (the bound one if given)."""
        bound = bound or {}
        buttons = []
        for move in allowed:
            key = next((k for k, s in self.steps.items() if move in s.moves), None)
            if key is None:
                continue
            step = self.steps[key]
            buttons.append(Button(key=key, move=move, label=self.table.button(move), step=step,
                                  form=bound.get(key) or step.form(None)))
        return buttons

    def make(self, request, *, obj, key: str, allowed: list[str], target=None) -> tuple[forms.Form, Any, bool]:
        """Make the step `key` posted on `obj`. Returns (its bound form, the service's result, done?)."""
        step = self.step(key)
        form = step.form(request.POST)
        if not any(move in allowed for move in step.moves):
            guard(request, self.actions[step.moves[0]], obj if target is None else target)
            try:  # the policy allows it, so the table refuses it now: the page says why (its form is not shown)
                self.table.next_status(obj.status, step.moves[0])
            except MoveRefused as exc:
                messages.error(request, exc.message)
            return form, None, False
        if not form.is_valid():
            return form, None, False
        result, ok = attempt(form, step.make, actor=request.user, obj=obj, data=form.cleaned_data)
        if ok:
            message = step.done(obj, result, form.cleaned_data) if callable(step.done) else step.done
            if message:
                messages.success(request, message)
            for warning in getattr(result, "warnings", None) or []:
                messages.warning(request, warning)
        return form, result, ok
