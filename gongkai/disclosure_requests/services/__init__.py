"""Writes of the 依申请公开 lifecycle, by area: intake, clock events, fees, replies, templates, warnings. Each
service checks the policy, asks the workflow table whether the move is allowed, validates everything (Chinese
ValidationFailed, nothing written), then writes in one transaction with an audit event; the clock is computed
once per write and cached on the request.

Services take typed values: dates are `date`, times aware `datetime` (a `date` is taken as that day);
delivery layers (forms, commands) parse what people type."""

from gongkai.disclosure_requests.services._common import (
    AGENCY_CONSULTATION_WORKDAYS,
    DEFAULT_CORRECTION_WORKDAYS,
    FEE_PAYMENT_WORKDAYS,
    THIRD_PARTY_WORKDAYS,
    WARNING_WORKDAYS,
)
from gongkai.disclosure_requests.services.clock_events import (
    CONSULTATION_OUTCOMES,
    CONSULTATION_PARTIES,
    request_consultation_received,
    request_consultation_replied,
    request_consultation_sent,
    request_correction,
    request_correction_period_ended,
    request_correction_received,
    request_extension,
    request_later_deadline,
)
from gongkai.disclosure_requests.services.clock_settings import clock_setting_save
from gongkai.disclosure_requests.services.fees import (
    items_this_month_before,
    request_fee_notice,
    request_fee_notice_received,
    request_fee_paid,
    request_fee_period_ended,
)
from gongkai.disclosure_requests.services.intake import (
    request_assign,
    request_confirm,
    request_contact_made,
    request_register,
    request_submit_online,
    request_transfer,
)
from gongkai.disclosure_requests.services.replies import (
    REPLY_FIELDS,
    request_archive,
    request_deliver,
    request_reply,
)
from gongkai.disclosure_requests.services.templates import (
    reply_template_revert,
    reply_template_save,
)
from gongkai.disclosure_requests.services.warnings import (
    requests_recompute_deadlines,
    requests_send_warnings,
)

__all__ = [
    "clock_setting_save",
    "AGENCY_CONSULTATION_WORKDAYS",
    "CONSULTATION_OUTCOMES",
    "CONSULTATION_PARTIES",
    "DEFAULT_CORRECTION_WORKDAYS",
    "FEE_PAYMENT_WORKDAYS",
    "REPLY_FIELDS",
    "THIRD_PARTY_WORKDAYS",
    "WARNING_WORKDAYS",
    "items_this_month_before",
    "reply_template_revert",
    "reply_template_save",
    "request_archive",
    "request_assign",
    "request_confirm",
    "request_consultation_received",
    "request_consultation_replied",
    "request_consultation_sent",
    "request_contact_made",
    "request_correction",
    "request_correction_period_ended",
    "request_correction_received",
    "request_deliver",
    "request_extension",
    "request_fee_notice",
    "request_fee_notice_received",
    "request_fee_paid",
    "request_fee_period_ended",
    "request_later_deadline",
    "request_register",
    "request_reply",
    "request_submit_online",
    "request_transfer",
    "requests_recompute_deadlines",
    "requests_send_warnings",
]
