"""收到申请之日 (the receipt day) of a 依申请公开 request, derived by intake channel (pure, no Django).

《条例》第三十一条 (rules.md §3.2):
- in person (当面提交): the day it is submitted;
- post requiring signature (邮寄，需签收): the day the agency signs for it;
- post without signature (平常信函): the 公开工作机构 confirms with the applicant on the day it arrives;
  the confirmation day is the receipt day;
- internet channel (online form, e-mail …) or fax: the day both sides confirm (双方确认之日).
国办公开办函〔2015〕207号 supplements, where not in conflict:
- a signed letter addressed to someone other than the 公开工作机构 is treated like unsigned post;
- an applicant who gave no phone number or cannot be reached: register the request and start the clock
  on the day contact is made (contact_made);
- another published channel: the receipt time the agency published; if none, the mutual confirmation day.
(207号's rule that e-mail counts from the day the mail system receives it is superseded by 第三十一条(三).)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class IntakeChannel(StrEnum):
    ONLINE = "online"
    REGISTERED_POST = "registered_post"
    ORDINARY_POST = "ordinary_post"
    IN_PERSON = "in_person"
    FAX = "fax"
    EMAIL = "email"
    OTHER = "other"


INTAKE_CHANNEL_LABELS = {
    IntakeChannel.ONLINE: "网上申请",
    IntakeChannel.REGISTERED_POST: "信函（需签收）",
    IntakeChannel.ORDINARY_POST: "平常信函",
    IntakeChannel.IN_PERSON: "当面提交",
    IntakeChannel.FAX: "传真",
    IntakeChannel.EMAIL: "电子邮件",
    IntakeChannel.OTHER: "其他公布的渠道",
}

# Channels whose receipt day is a confirmation day (第三十一条(二)(三)).
CONFIRMATION_CHANNELS = {IntakeChannel.ONLINE, IntakeChannel.ORDINARY_POST, IntakeChannel.FAX, IntakeChannel.EMAIL, IntakeChannel.OTHER}


@dataclass(frozen=True)
class Receipt:
    received_on: date | None  # None while the receipt day is not yet known (waiting for confirmation)
    explanation: str
    article: str


def needs_confirmation(intake_channel: str, *, addressed_to_office: bool = True) -> bool:
    intake_channel = IntakeChannel(intake_channel)
    if intake_channel == IntakeChannel.REGISTERED_POST and not addressed_to_office:
        return True
    return intake_channel in CONFIRMATION_CHANNELS


def received_on(
    intake_channel: str,
    *,
    submitted: date | None = None,
    arrived: date | None = None,
    confirmed: date | None = None,
    contact_made: date | None = None,
    addressed_to_office: bool = True,
    published_receipt_day: date | None = None,
) -> Receipt:
    """The receipt day for a request that came in through `intake_channel`, given the days it was submitted,
    arrived (signed for), confirmed with the applicant, and — for an applicant who could not be
    reached — the day contact was made."""
    intake_channel = IntakeChannel(intake_channel)
    label = INTAKE_CHANNEL_LABELS[intake_channel]

    if intake_channel == IntakeChannel.IN_PERSON:
        day = submitted or arrived
        if day is None:
            return Receipt(None, "当面提交的申请：尚未录入提交日期。", "第三十一条第（一）项")
        return Receipt(day, f"当面提交的申请，以提交之日（{day.isoformat()}）为收到申请之日。", "第三十一条第（一）项")

    if intake_channel == IntakeChannel.REGISTERED_POST and addressed_to_office:
        if arrived is None:
            return Receipt(None, "需签收的邮寄申请：尚未录入签收日期。", "第三十一条第（二）项")
        return Receipt(
            arrived, f"以邮寄方式提交并需签收的申请，以签收之日（{arrived.isoformat()}）为收到申请之日。",
            "第三十一条第（二）项",
        )

    if intake_channel == IntakeChannel.OTHER and published_receipt_day is not None:
        return Receipt(
            published_receipt_day,
            f"通过本机关公布的其他渠道提交，按公布的收到时间（{published_receipt_day.isoformat()}）确定收到申请之日。",
            "国办公开办函〔2015〕207号",
        )

    # Every other case: the day both sides confirmed.
    if intake_channel in (IntakeChannel.ORDINARY_POST, IntakeChannel.REGISTERED_POST):
        article = "第三十一条第（二）项" + ("；国办公开办函〔2015〕207号" if intake_channel == IntakeChannel.REGISTERED_POST else "")
        rule = "平常信函（或未寄给公开工作机构的信函）应于收到当日与申请人确认，以确认之日为收到申请之日"
    elif intake_channel == IntakeChannel.OTHER:
        article = "国办公开办函〔2015〕207号；第三十一条第（三）项"
        rule = "通过其他渠道提交且未公布收到时间的，以双方确认之日为收到申请之日"
    else:
        article = "第三十一条第（三）项"
        rule = f"通过{label}提交的申请，以双方确认之日为收到申请之日"
    if confirmed is not None:
        return Receipt(confirmed, f"{rule}（{confirmed.isoformat()}）。", article)
    if contact_made is not None:
        return Receipt(
            contact_made,
            f"{rule}；申请人未留联系电话或无法联系，自取得联系之日（{contact_made.isoformat()}）起办理并计算期限"
            "（国办公开办函〔2015〕207号）。",
            article + "；国办公开办函〔2015〕207号",
        )
    return Receipt(None, f"{rule}；尚未与申请人确认，答复期限尚未起算。", article)


LATE_CONFIRMATION_CHANNELS = {IntakeChannel.ONLINE, IntakeChannel.ORDINARY_POST, IntakeChannel.FAX}


def late_confirmation(intake_channel: str, *, arrived: date | None, confirmed: date | None,
                      contact_made: date | None = None) -> str | None:
    """第三十一条: an ordinary letter, an online request or a fax is received on the day both sides confirm. A
    confirmation later than the arrival, with no failed attempt to reach the applicant on record (a later
    contact made), moves the receipt day and so the whole clock: flagged, in Chinese, for the office and oversight."""
    if IntakeChannel(intake_channel) not in LATE_CONFIRMATION_CHANNELS or arrived is None or confirmed is None:
        return None
    if confirmed <= arrived or contact_made is not None:
        return None
    return (f"{INTAKE_CHANNEL_LABELS[IntakeChannel(intake_channel)]}于{arrived.year}年{arrived.month}月{arrived.day}日到达，"
            f"{confirmed.year}年{confirmed.month}月{confirmed.day}日才确认，且未记录联系申请人未果的情况："
            "收到申请之日随确认推迟，请在案卷中说明原因（第三十一条）。")
