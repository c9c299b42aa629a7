"""Reading a catalog row's 公开时限 into a structured rule. Pure: no Django.

`parse_time_limit(text)` always returns a dict that keeps the original `text` verbatim and says
whether it was understood (`parsed`). Kinds:

- ``working_days``  N working days from an event (``event``: formed_or_changed, made_or_obtained,
  approval_document_received, approved, application_received, decision_made, result_determined,
  survey_completed, unspecified), e.g. 信息形成或者变更之日起20个工作日内 (政府信息公开条例第二十六条).
- ``calendar_days`` N days (日/天) from an event, e.g. 本级人民代表大会批准后20日内 (预算法第十四条).
- ``real_time``     实时公开.
- ``timely``        及时公开 / 及时回应, optionally after an event.
- ``on_event``      at the moment of an event (在实地启动…时) or together with another publication
  (随采购公告公开).
- ``in_advance``    a number of days before the event (提前一周发通知).
- ``fixed_date_each_year`` 每年X月X日前 / 每年X月底前 / 每年X月前.
- ``periodic``      published once every period (``every``: month, quarter, half_year, year), the content of a
  period due in the first month of the next one — by ``day`` (每季度首月20日前, 每季度的首个月20日, 每月10日前) or
  by that month's end when no day is written (每季度, 每月, 每半年, 每年公布一次); ``within_period`` when the text
  says the period's own end (每季度末). 《村民委员会组织法》第三十条: 一般事项至少每季度公布一次，集体财务往来较多的，
  财务收支情况应当每月公布一次. `period_of`, `periodic_due`, `period_label` and `periodic_dues_around` compute
  the period of a day and the due date of a period.
- ``period``        how long something stays public or open: 长期公开, 公示期不少于7个工作日,
  征求意见期限不少于30日, 公告期限.
- ``other_law``     the period another law sets (names the law, or 法律、法规 when none is named).
- ``compound``      several clauses, each a rule of its own in ``clauses`` (with ``applies_to`` when a
  clause concerns part of the item, e.g. 处罚决定).
- ``unparsed``      not understood; ``parsed`` is False and ``reason`` says why (empty, not captured,
  no rule recognised).

Annotations of the source (…(截断), (tail truncated), (公示期未采集), (动态调整)) become
``truncated`` and ``remarks``; they are never silently dropped.
"""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date
from typing import Any

KINDS = (
    "working_days",
    "calendar_days",
    "real_time",
    "timely",
    "on_event",
    "in_advance",
    "fixed_date_each_year",
    "periodic",
    "period",
    "other_law",
    "compound",
    "unparsed",
)

EVENT_LABELS = {
    "formed_or_changed": "信息形成或者变更",
    "made_or_obtained": "制定或获取信息",
    "approval_document_received": "收到批准文件",
    "approved": "批准或批复",
    "application_received": "收到申请",
    "decision_made": "作出决定",
    "result_determined": "结果确定",
    "survey_completed": "调查结束",
    "field_work_started": "实地启动工作",
    "progress": "工作进展",
    "publication": "随同发布",
    "meeting": "会议召开",
    "unspecified": "未写明",
}

# Checked in order: the first pattern found in the words before the number names the event.
_EVENTS = [
    ("approval_document_received", r"收到.*批准文件"),
    ("application_received", r"收到.*申请"),
    ("decision_made", r"(作出|做出|形成).{0,6}决定|决定.{0,2}(作出|做出|形成)|决策作出|处罚决定"),
    ("approved", r"批准|批复"),
    ("result_determined", r"结果确定"),
    ("survey_completed", r"调查结束"),
    ("field_work_started", r"实地启动"),
    ("progress", r"进展"),
    ("made_or_obtained", r"制定|制作|获取"),
    ("formed_or_changed", r"形成|变更|产生"),
]

_PERIODS = {"publicity": "公示期", "comment": "征求意见期", "announcement": "公告期", "long_term": "长期公开"}

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

_TRUNCATION = re.compile(r"(…+|\.{3,})?\s*[(（]\s*(截断|tail\s*truncated)\s*[)）]|…+")
_REMARK_WORDS = ("未采集", "动态调整", "未见")
_QUALIFIER_START = ("因", "如", "但", "需", "确需")
_NUMBER = r"(\d+|[一二两三四五六七八九十]+)"


def _number(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + _CN_DIGITS[token[1]]
    if token.endswith("十"):
        return _CN_DIGITS[token[0]] * 10
    if "十" in token:
        tens, ones = token.split("十")
        return _CN_DIGITS[tens] * 10 + _CN_DIGITS[ones]
    return _CN_DIGITS[token]


def _normalise(text: str) -> str:
    table = str.maketrans({"（": "(", "）": ")", "，": ",", "；": ";", "：": ":", "。": ";", "、": "、"})
    return re.sub(r"\s+", "", text.translate(table))


def _event(prefix: str) -> dict[str, Any]:
    for name, pattern in _EVENTS:
        if re.search(pattern, prefix):
            return {"event": name, "event_label": EVENT_LABELS[name], "event_text": prefix}
    return {"event": "unspecified", "event_label": EVENT_LABELS["unspecified"], "event_text": prefix}


def _unit(word: str | None) -> str | None:
    if word is None:
        return None
    return "working_days" if "工作日" in word else "calendar_days"


def _parse_single(clause: str) -> dict[str, Any]:  # noqa: C901 — one branch per wording of a legal time limit
    """One clause, its annotations already removed."""
    rule: dict[str, Any] = {}
    applies = re.match(r"^(?:\d+[.、])?([^:]{1,30}):(.+)$", clause)
    if applies:
        rule["applies_to"], clause = applies.group(1), applies.group(2)
    else:
        among = re.match(r"^其中(.+?)应?(自|在|于)(.+)$", clause)
        if among:
            rule["applies_to"], clause = among.group(1), among.group(2) + among.group(3)
    if not clause:
        return {**rule, "kind": "unparsed", "reason": "empty"}
    if re.search(r"未见|未采集", clause) and not re.search(r"\d", clause):
        subject = re.match(r"^(.+?)(时限)?(未见|未采集)", clause)
        if subject and "applies_to" not in rule and subject.group(1):
            rule["applies_to"] = subject.group(1)
        return {**rule, "kind": "unparsed", "reason": "not_captured"}

    if "实时" in clause:
        return {**rule, "kind": "real_time"}

    law = re.search(r"(《[^》]+》)[^,;]{0,8}(规定|期限|时限)", clause)
    if law and not re.search(r"\d+个?(工作日|日|天)", clause):
        return {**rule, "kind": "other_law", "law": law.group(1)}
    if "另有规定" in clause:
        named = re.search(r"(《[^》]+》)", clause)
        body = re.match(r"^(.+?)对", clause)
        return {**rule, "kind": "other_law", "law": named.group(1) if named else (body.group(1) if body else "法律、法规")}

    if "长期" in clause:
        return {**rule, "kind": "period", "period": "long_term", "period_label": _PERIODS["long_term"]}
    for period, pattern in (
        ("publicity", r"公示(?:期|时间)?(?:限)?(?:为|不少于|不得少于)?" + _NUMBER + r"(个工作日|个?日|天)?"),
        ("comment", r"征求意见(?:期限|期)?(?:一般)?(?:为)?(不少于|不得少于)?" + _NUMBER + r"(个工作日|个?日|天)?"),
        ("announcement", r"公告(?:期限|期)(?:为|不少于)?" + _NUMBER + r"(个工作日|个?日|天)?"),
    ):
        found = re.search(pattern, clause)
        if found and not re.search(r"之日起|日起|后\d|内公开", clause[: found.start()]):
            groups = [g for g in found.groups()]
            if period == "comment":
                minimum_word, number, unit_word = groups
            else:
                number, unit_word = groups
                minimum_word = "不少于" if "不少于" in found.group(0) or "不得少于" in found.group(0) else None
            return {
                **rule,
                "kind": "period",
                "period": period,
                "period_label": _PERIODS[period],
                "days": _number(number),
                "unit": _unit(unit_word),
                "minimum": bool(minimum_word),
            }

    periodic = _periodic(clause)
    if periodic is not None:
        return {**rule, **periodic}

    working = re.search(_NUMBER + r"个?工作日", clause)
    if working:
        prefix = re.sub(r"^(自|在|于)", "", clause[: working.start()])
        return {**rule, "kind": "working_days", "days": _number(working.group(1)), **_event(prefix)}

    advance = re.search(r"提前(一周|" + _NUMBER + r"(?:个)?(日|天|周))", clause)
    if advance:
        if advance.group(1) == "一周":
            days = 7
        else:
            days = _number(advance.group(2)) * (7 if advance.group(3) == "周" else 1)
        event = "meeting" if "会议" in clause or "通知" in clause else "unspecified"
        return {**rule, "kind": "in_advance", "days": days, "unit": "calendar_days",
                "event": event, "event_label": EVENT_LABELS[event]}

    calendar = re.search(_NUMBER + r"个?(日|天)(内|以内)?", clause)
    if calendar and not re.search(r"每年", clause):
        prefix = re.sub(r"^(自|在|于)", "", clause[: calendar.start()])
        return {**rule, "kind": "calendar_days", "days": _number(calendar.group(1)), **_event(prefix)}

    yearly = re.search(r"每年" + _NUMBER + r"月(?:" + _NUMBER + r"日|(底|末))?(?:前|以前|之前)", clause)
    if yearly:
        month = _number(yearly.group(1))
        day = _number(yearly.group(2)) if yearly.group(2) else None
        return {
            **rule,
            "kind": "fixed_date_each_year",
            "month": month,
            "day": day,
            "end_of_month": bool(yearly.group(3)),
            # 每年3月前: before March begins.
            "before_month": not day and not yearly.group(3),
        }

    if "及时" in clause:
        prefix = clause[: clause.index("及时")]
        result = {**rule, "kind": "timely"}
        if prefix:
            result.update(_event(prefix.removeprefix("按")))
        return result

    moment = re.match(r"^在(.+?)时(?:,|$)", clause)
    if moment:
        return {**rule, "kind": "on_event", **_event(moment.group(1))}
    together = re.match(r"^随(.+?)(公开|发布)", clause)
    if together:
        return {**rule, "kind": "on_event", "event": "publication", "event_label": EVENT_LABELS["publication"],
                "event_text": together.group(1)}

    return {**rule, "kind": "unparsed", "reason": "unrecognised"}


# 每月 / 每季度 (每季) / 每半年 / 每年 not followed by a month (每年3月底前 is a fixed date each year).
_EVERY = re.compile(r"每(月|季度?|半年|年(?!\d+月|[一二三四五六七八九十]+月))")
EVERY_MONTHS = {"month": 1, "quarter": 3, "half_year": 6, "year": 12}
EVERY_LABELS = {"month": "每月", "quarter": "每季度", "half_year": "每半年", "year": "每年"}
_EVERY_WORDS = {"月": "month", "季": "quarter", "季度": "quarter", "半年": "half_year", "年": "year"}


def _periodic(clause: str) -> dict[str, Any] | None:
    """每季度首月20日前, 每季度的首个月20日, 每月10日前, 每季度, 每半年, 每季度末 … or None.

    A clause that counts days from an event (每季度结束后10个工作日内) is not a bare period: left to the
    working/calendar-day readings."""
    found = _EVERY.search(clause)
    if found is None or re.search(r"工作日|之日起|后" + _NUMBER, clause[found.end():]):
        return None
    every = _EVERY_WORDS[found.group(1)]
    rest = clause[found.end():]
    result: dict[str, Any] = {"kind": "periodic", "every": every, "every_label": EVERY_LABELS[every], "day": None,
                              "within_period": False}
    day = re.match(r"^(?:的)?(?:首个?月|第一个月)?" + _NUMBER + r"[日号](?!内|以内)", rest)
    if day:
        result["day"] = _number(day.group(1))
        if not 1 <= result["day"] <= 31:
            return None
    elif re.match(r"^(?:度)?(末|结束前|底)", rest):
        result["within_period"] = True
    elif re.match(r"^" + _NUMBER + r"个?(日|天)", rest):
        return None  # 每月5日内…: days, not a day of the month
    prefix = clause[: found.start()].removesuffix("应").removesuffix("须")
    prefix = re.sub(r"^(按|于|在)", "", prefix)
    if prefix and prefix not in ("至少", "原则上"):
        result["applies_to"] = prefix
    return result


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def period_of(rule: dict[str, Any], day: date) -> tuple[date, date]:
    """The period (first day, last day) of a periodic rule that contains `day`: the calendar month, quarter,
    half-year or year."""
    length = EVERY_MONTHS[rule["every"]]
    start = date(day.year, (day.month - 1) // length * length + 1, 1)
    end = _add_months(start, length)
    return start, date.fromordinal(end.toordinal() - 1)


def periodic_due(rule: dict[str, Any], day: date) -> date:
    """The last day on which the content of the period containing `day` may be published: the rule's day of the
    first month after the period (the month's last day when none is written, or when the month is shorter), or the
    period's own last day for 每季度末."""
    start, end = period_of(rule, day)
    if rule.get("within_period"):
        return end
    month = _add_months(start, EVERY_MONTHS[rule["every"]])
    last = _calendar.monthrange(month.year, month.month)[1]
    wanted = rule.get("day")
    return date(month.year, month.month, min(wanted, last) if isinstance(wanted, int) else last)


def periodic_dues_around(rule: dict[str, Any], today: date) -> tuple[date, date, date] | None:
    """(start of the latest period already due, its due date, the due date of the period before it) for `today`:
    the latest due date strictly before today, which the stale check holds an item to. None for a rule that is not
    periodic."""
    if rule.get("kind") != "periodic" or rule.get("every") not in EVERY_MONTHS:
        return None
    length = EVERY_MONTHS[rule["every"]]
    start, _ = period_of(rule, today)
    while periodic_due(rule, start) >= today:
        start = _add_months(start, -length)
    before = _add_months(start, -length)
    return start, periodic_due(rule, start), periodic_due(rule, before)


_QUARTERS = "一二三四"


def period_label(rule: dict[str, Any], day: date) -> str:
    """2021年第三季度, 2021年7月, 2021年上半年, 2021年 — the period of `day` in Chinese."""
    start, _ = period_of(rule, day)
    every = rule.get("every")
    if every == "month":
        return f"{start.year}年{start.month}月"
    if every == "quarter":
        return f"{start.year}年第{_QUARTERS[(start.month - 1) // 3]}季度"
    if every == "half_year":
        return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
    return f"{start.year}年"


def primary_periodic(rule: dict[str, Any] | None) -> dict[str, Any] | None:
    """The periodic rule that governs a whole item: the rule itself, or the first periodic clause of a compound that
    does not concern part of the item only."""
    rule = rule or {}
    if rule.get("kind") == "periodic":
        return None if rule.get("applies_to") else rule
    if rule.get("kind") == "compound":
        for clause in rule.get("clauses") or []:
            if clause.get("kind") == "periodic" and not clause.get("applies_to"):
                return dict(clause)
    return None


def _annotations(clause: str) -> tuple[str, list[str], bool, list[str]]:
    """Remove the source's annotations; return (clause, remarks, truncated, inner clauses)."""
    truncated = bool(_TRUNCATION.search(clause))
    clause = _TRUNCATION.sub("", clause)
    remarks: list[str] = []
    inner: list[str] = []

    def keep(match: re.Match[str]) -> str:
        content = match.group(1)
        if any(word in content for word in _REMARK_WORDS):
            remarks.append(content)
            return ""
        if re.search(r"\d+个?(工作日|日|天)", content):
            inner.append(content)
            return ""
        if _EVERY.search(content):
            # (集体财务往来较多的,财务收支情况应每月公布一次): a rule for part of the item, kept as one clause.
            inner.append(content.replace(",", ""))
            return ""
        return content  # 信息形成(变更) → 信息形成变更

    clause = re.sub(r"\(([^()]*)\)", keep, clause)
    return clause.strip(",;"), remarks, truncated, inner


def _split(text: str) -> list[str]:
    return [part for part in re.split(r";", text) if part.strip(",")]


def _parse_clause_text(raw: str) -> list[dict[str, Any]]:
    """A ';'-separated part: may hold several comma-separated rules."""
    clause, remarks, truncated, inner = _annotations(raw)
    fragments = [f for f in clause.split(",") if f]
    rules: list[dict[str, Any]] = []
    texts: list[str] = []
    for fragment in fragments:
        rule = _parse_single(fragment)
        if rule["kind"] == "unparsed" and rules:
            joined = f"{texts[-1]},{fragment}"
            where = re.match(r"^在(.+?)(公开|公示)$", fragment)
            if where:
                rules[-1]["where"] = where.group(1)
                texts[-1] = joined
                continue
            again = _parse_single(joined)
            if again["kind"] != "unparsed" and again["kind"] == rules[-1]["kind"]:
                rules[-1], texts[-1] = again, joined
                continue
            if fragment.startswith(_QUALIFIER_START) or rule.get("reason") == "unrecognised":
                rules[-1].setdefault("remarks", []).append(fragment)
                texts[-1] = joined
                continue
        rules.append(rule)
        texts.append(fragment)
    if not rules:
        rules, texts = [{"kind": "unparsed", "reason": "empty"}], [clause]
    for rule, text in zip(rules, texts, strict=True):
        rule["text"] = text
    if remarks:
        rules[-1].setdefault("remarks", []).extend(remarks)
    if truncated:
        rules[-1]["truncated"] = True
    for content in inner:
        rules.extend(_parse_clause_text(content))
    return rules


def _finish(rule: dict[str, Any]) -> dict[str, Any]:
    rule["parsed"] = rule["kind"] != "unparsed"
    return rule


def parse_time_limit(text: str | None) -> dict[str, Any]:
    """The structured rule for one 公开时限 cell; `text` is always the original, verbatim."""
    original = text or ""
    normalised = _normalise(original).strip(",;")
    flags: dict[str, Any] = {}
    if normalised.startswith("同上"):
        flags["same_as_previous"] = True
        normalised = normalised.removeprefix("同上").strip(",;")
        if re.fullmatch(r"\(.*\)", normalised):
            normalised = normalised[1:-1]
    if not normalised:
        return {"kind": "unparsed", "parsed": False, "reason": "empty", "text": original, **flags}

    clauses: list[dict[str, Any]] = []
    for part in _split(normalised):
        for clause in _parse_clause_text(part):
            # 因情况紧急…需要缩短期限的: a qualifier of the clause before, not a rule of its own.
            if clause["kind"] == "unparsed" and clauses and clause["text"].startswith(_QUALIFIER_START):
                clauses[-1].setdefault("remarks", []).append(clause["text"])
                clauses[-1]["text"] = f"{clauses[-1]['text']};{clause['text']}"
                continue
            clauses.append(clause)
    clauses = [_finish(clause) for clause in clauses]

    if len(clauses) == 1:
        result = dict(clauses[0])
        result.pop("text", None)
    else:
        result = {"kind": "compound", "clauses": clauses}
        if all(not clause["parsed"] for clause in clauses):
            result = {"kind": "unparsed", "reason": "unrecognised", "clauses": clauses}
        if any(clause.get("truncated") for clause in clauses):
            result["truncated"] = True
    result.update(flags)
    result["text"] = original
    return _finish(result)


def describe(rule: dict[str, Any]) -> str:  # noqa: C901 — one branch per kind of time limit
    """A short Chinese reading of a rule, for screens and checks."""
    kind = rule.get("kind")
    if kind == "working_days":
        if rule.get("event", "unspecified") == "unspecified":
            return f"{rule['days']}个工作日内"
        return f"{rule['event_label']}之日起{rule['days']}个工作日内"
    if kind == "calendar_days":
        if rule.get("event", "unspecified") == "unspecified":
            return f"{rule['days']}日内"
        return f"{rule['event_label']}后{rule['days']}日内"
    if kind == "real_time":
        return "实时公开"
    if kind == "timely":
        return "及时公开"
    if kind == "on_event":
        return f"{rule.get('event_text', '')}时公开"
    if kind == "in_advance":
        return f"提前{rule['days']}日"
    if kind == "fixed_date_each_year":
        if rule.get("day"):
            return f"每年{rule['month']}月{rule['day']}日前"
        return f"每年{rule['month']}月底前" if rule.get("end_of_month") else f"每年{rule['month']}月前"
    if kind == "periodic":
        if rule.get("within_period"):
            when = {"month": "当月", "quarter": "当季度", "half_year": "当半年", "year": "当年"}[rule["every"]] + "末前"
        else:
            following = {"month": "次月", "quarter": "次季度首月", "half_year": "次半年首月", "year": "次年1月"}
            when = following[rule["every"]] + (f"{rule['day']}日前" if rule.get("day") else "底前")
        return f"{rule['every_label']}公开，{when}"
    if kind == "period":
        days = f"{rule['days']}{'个工作日' if rule.get('unit') == 'working_days' else '日'}" if rule.get("days") else ""
        return f"{rule['period_label']}{'不少于' if rule.get('minimum') else ''}{days}"
    if kind == "other_law":
        return f"按{rule['law']}规定的期限"
    if kind == "compound":
        return "；".join(
            (f"{clause['applies_to']}：" if clause.get("applies_to") else "") + describe(clause)
            for clause in rule["clauses"]
        )
    return rule.get("text", "") or "（未写明）"
