"""Querysets compiled once per process: the public pages' few hot queries without Django building and compiling
their SQL on every request.

Django builds a queryset (filters, joins, `only`, ordering) and compiles it to SQL each time it is evaluated. For
a public page's queries that costs 1–1.5 ms each, more than the database takes to answer them. A `Shape` is a
function of plain values (ints, strings, UUIDs, dates and datetimes; a list of them counts as its length's worth
of values) returning a queryset, defined where the queryset is (the selectors stay the one place that says what a
list holds). The first call on a database alias compiles it with two sets of probe values and learns where each
value lands among the statement's parameters, and how it is adapted there (as is, as the backend's datetime or
date, as a UUID's hex); every later call binds the new values into the same SQL and builds the rows exactly as
Django's own iterables do (`ModelIterable`, `ValuesListIterable`).

It is checked, not assumed: the first call also compiles the queryset of the real values the ordinary way and
uses the shape only if the SQL is the same and the parameters are the ones it would bind. A shape that cannot be
learnt (a value inlined in the SQL, a value that changes the SQL's form, prefetches, an unknown adaptation) is
evaluated the ordinary way on every call, and says so once in the log; tests/core/test_compiled.py holds every
shape of the code base to compiling, on SQLite and on PostgreSQL. `fixed` values are part of the SQL's form
(a slice's bounds, which Django writes into the SQL): one compiled statement per distinct `fixed`, at most
MAX_FORMS per shape.
"""

from __future__ import annotations

import datetime
import logging
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import EmptyResultSet, FullResultSet
from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, ValuesListIterable, get_related_populators

logger = logging.getLogger(__name__)

# Distinct `fixed` values kept per shape and alias (a slice per page number, say); past it, the oldest goes.
MAX_FORMS = 64

_UNLEARNT = object()

# Every shape defined, by name (the tests hold each to being learnt on every database).
SHAPES: dict[str, Shape] = {}

# Set by `ordinary()` (tests comparing both ways): every shape evaluated the ordinary way.
_state = threading.local()


@contextmanager
def ordinary() -> Iterator[None]:
    """Within it, shapes are evaluated the ordinary way (Django building and compiling the queryset)."""
    before = getattr(_state, "ordinary", False)
    _state.ordinary = True
    try:
        yield
    finally:
        _state.ordinary = before


def _probe(value: Any, n: int, which: int) -> Any:
    """A value of `value`'s kind that no real value, constant or other probe equals (`which` 0 or 1: two sets)."""
    if isinstance(value, bool) or value is None:
        raise _Unfit(f"{type(value).__name__} 不能作为可变参数")
    if isinstance(value, int):
        return 8_100_000_000_000 + n * 2 + which
    if isinstance(value, str):
        return f"\x1fprobe-{which}-{n}"
    if isinstance(value, uuid.UUID):
        return uuid.UUID(int=(0xC0FFEE << 100) + n * 2 + which)
    if isinstance(value, datetime.datetime):
        return datetime.datetime(2987, 1, 2 + which, 3, 4, 5, n + 1, tzinfo=value.tzinfo)
    if isinstance(value, datetime.date):
        return datetime.date(2987, 1 + n % 12, 2 + which)
    raise _Unfit(f"{type(value).__name__} 不能作为可变参数")


class _Unfit(Exception):
    pass


def _adapters(connection) -> list[Callable[[Any], Any]]:
    ops = connection.ops
    return [lambda v: v, ops.adapt_datetimefield_value, ops.adapt_datefield_value, lambda v: v.hex, str]


def _flat(values: Sequence[Any]) -> tuple[list[Any], tuple]:
    """The values with each list spread out, and the lists' lengths (part of the SQL's form)."""
    flat: list[Any] = []
    lengths = []
    for value in values:
        if value is None:  # IS NULL, not = %s: a form of its own, evaluated the ordinary way
            flat.append(value)
            lengths.append(-2)
        elif isinstance(value, list | tuple):
            flat.extend(value)
            lengths.append(len(value))
        else:
            flat.append(value)
            lengths.append(-1)
    return flat, tuple(lengths)


def _unflat(flat: list[Any], lengths: tuple) -> list[Any]:
    out, at = [], 0
    for length in lengths:
        if length in (-1, -2):
            out.append(flat[at])
            at += 1
        else:
            out.append(list(flat[at:at + length]))
            at += length
    return out


class _Form:
    """One compiled statement: its SQL, where each value goes and how it is adapted, and how rows become results."""

    def __init__(self, queryset: QuerySet, alias: str, slots: list[tuple[int, int, Callable]], params: list) -> None:
        compiler = queryset.query.get_compiler(using=alias)
        self.sql, _ = compiler.as_sql()
        self.params = params
        self.slots = slots  # (parameter position, value index, adapter)
        self.alias = alias
        self.col_count = compiler.col_count
        self.trim = compiler.has_extra_select
        self.compiler = compiler
        self.converters = compiler.get_converters([s[0] for s in compiler.select[0:compiler.col_count]])
        self.values_list = queryset._iterable_class is ValuesListIterable
        if not self.values_list:
            klass_info = compiler.klass_info
            select = compiler.select
            self.model = klass_info["model"]
            fields = klass_info["select_fields"]
            self.start, self.end = fields[0], fields[-1] + 1
            self.init_list = [f[0].target.attname for f in select[self.start:self.end]]
            # Django 5.2's signature (the stubs know a later one, with a fetch mode).
            self.populators = get_related_populators(klass_info, select, alias)  # type: ignore[call-arg]
            self.annotations = dict(compiler.annotation_col_map or {})

    def bound(self, flat: list[Any]) -> list[Any]:
        params = list(self.params)
        for position, index, adapt in self.slots:
            params[position] = adapt(flat[index])
        return params

    def run(self, flat: list[Any]) -> list:
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, self.bound(flat))
            rows = cursor.fetchall()
        if self.trim:
            rows = [row[:self.col_count] for row in rows]
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        if self.values_list:
            return [tuple(row) for row in rows]
        out = []
        for row in rows:
            obj = self.model.from_db(self.alias, self.init_list, row[self.start:self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations.items():
                setattr(obj, name, row[position])
            out.append(obj)
        return out


class Shape:
    """`build(*values, *fixed)` → a queryset; `shape(values, fixed)` → its rows, as a list (model instances, or
    tuples for `values_list`). Once learnt on an alias, a call does not build the queryset at all."""

    def __init__(self, build: Callable[..., QuerySet], name: str) -> None:
        self.build = build
        self.name = name
        self.model: Any = None  # known after the first build: the router's choice of alias needs it
        self._forms: dict[tuple, Any] = {}
        self._lock = threading.Lock()
        if name in SHAPES:
            raise ValueError(f"查询形状重名：{name}")
        SHAPES[name] = self

    def forms(self) -> dict[tuple, bool]:
        """(alias, lengths, fixed) → learnt or not, of the forms met so far in this process."""
        return {key: form is not _UNLEARNT for key, form in self._forms.items()}

    def __call__(self, values: Sequence[Any] = (), fixed: Sequence[Any] = ()) -> list:
        if getattr(_state, "ordinary", False):
            return list(self.build(*values, *fixed))
        if any(isinstance(v, list | tuple) and len(set(v)) < len(v) for v in values):
            # Django drops repeated values from IN (…): the SQL's form then depends on the values themselves.
            return list(self.build(*values, *fixed))
        flat, lengths = _flat(values)
        queryset = None
        if self.model is None:
            queryset = self.build(*values, *fixed)
            self.model = queryset.model
        alias = router.db_for_read(self.model)
        key = (alias, lengths, tuple(fixed))
        form = self._forms.get(key)
        if form is None:
            queryset = queryset if queryset is not None else self.build(*values, *fixed)
            form = self._learn(key, alias, values, fixed, flat, queryset)
        if form is _UNLEARNT:
            return list(queryset if queryset is not None else self.build(*values, *fixed))
        return form.run(flat)

    def _learn(self, key: tuple, alias: str, values: Sequence[Any], fixed: Sequence[Any], flat: list[Any],
               queryset: QuerySet) -> Any:
        form: Any
        try:
            form = self._compiled(alias, values, fixed, flat, queryset)
        except _Unfit as exc:
            logger.warning("查询形状 %s 无法预编译，按常规方式执行：%s", self.name, exc)
            form = _UNLEARNT
        except (EmptyResultSet, FullResultSet):  # (an empty IN list, say): Django answers it without SQL
            form = _UNLEARNT
        with self._lock:
            if len(self._forms) >= MAX_FORMS:
                self._forms.pop(next(iter(self._forms)))
            self._forms[key] = form
        return form

    def _compiled(self, alias: str, values: Sequence[Any], fixed: Sequence[Any], flat: list[Any],
                  queryset: QuerySet) -> _Form:
        if queryset._prefetch_related_lookups or queryset._known_related_objects:  # type: ignore[attr-defined]
            raise _Unfit("预取或已知关联对象")
        if queryset._iterable_class not in (ModelIterable, ValuesListIterable):
            raise _Unfit(f"结果类型 {queryset._iterable_class.__name__}")
        connection = connections[alias]
        _, lengths = _flat(values)
        probes = [[_probe(value, n, which) for n, value in enumerate(flat)] for which in (0, 1)]
        compiled = []
        for probe in probes:
            probe_queryset = self.build(*_unflat(probe, lengths), *fixed)
            compiled.append(probe_queryset.query.get_compiler(using=alias).as_sql())
        (sql_a, params_a), (sql_b, params_b) = compiled
        real_sql, real_params = queryset.query.get_compiler(using=alias).as_sql()
        if not (sql_a == sql_b == real_sql) or not (len(params_a) == len(params_b) == len(real_params)):
            raise _Unfit("参数改变了 SQL 的形式")
        slots = []
        for position, (a, b) in enumerate(zip(params_a, params_b, strict=True)):
            if a == b:
                continue
            slots.append(self._slot(position, a, b, probes, connection))
        if {index for _, index, _ in slots} != set(range(len(flat))):
            raise _Unfit("有的参数没有出现在语句的参数中（写进了 SQL）")
        form = _Form(queryset, alias, slots, list(params_a))
        if form.sql != real_sql or form.bound(flat) != list(real_params):
            raise _Unfit("绑定的参数与常规编译的不同")
        return form

    @staticmethod
    def _slot(position: int, a: Any, b: Any, probes: list[list[Any]], connection) -> tuple[int, int, Callable]:
        found = []
        for index in range(len(probes[0])):
            for adapt in _adapters(connection):
                try:
                    if adapt(probes[0][index]) == a and adapt(probes[1][index]) == b:
                        found.append((position, index, adapt))
                        break
                except (AttributeError, TypeError, ValueError):
                    continue
        if len(found) != 1:
            raise _Unfit(f"第 {position + 1} 个参数对应 {len(found)} 个值")
        return found[0]


def shape(name: str) -> Callable[[Callable[..., QuerySet]], Shape]:
    """Decorator: the function building a queryset from plain values becomes a `Shape` of that name."""
    def wrap(build: Callable[..., QuerySet]) -> Shape:
        return Shape(build, name)
    return wrap


__all__ = ["MAX_FORMS", "SHAPES", "Shape", "ordinary", "shape"]
