"""How a jurisdiction counts the answer clock where the national text leaves it open (rules.md §3.4 edge rule 3)."""

from __future__ import annotations

from django.db import transaction

from gongkai.accounts.policies import Action, Actor, require
from gongkai.core.audit import record_event
from gongkai.disclosure_requests.models import ClockSetting
from gongkai.disclosure_requests.selectors import fee_pause_for
from gongkai.disclosure_requests.services._common import _actor_name, _user
from gongkai.organizations.models import Jurisdiction


def clock_setting_save(*, actor: Actor, jurisdiction: Jurisdiction, fee_pause: bool | None) -> ClockSetting | None:
    """Set whether waiting for a fee's payment is left out of the answer period in `jurisdiction` and below
    (True: not counted, the default; False: counted); None: take the nearest ancestor's setting again. The
    jurisdiction's disclosure office (or an office above it) only. Applies to fee notices sent from now on."""
    require(actor, Action.SET_REQUEST_CLOCK, jurisdiction)
    before = fee_pause_for(jurisdiction)
    with transaction.atomic():
        if fee_pause is None:
            ClockSetting.objects.filter(jurisdiction=jurisdiction).delete()
            setting = None
        else:
            setting, _ = ClockSetting.objects.update_or_create(
                jurisdiction=jurisdiction, defaults={"fee_pause": bool(fee_pause), "updated_by": _user(actor)})
        after = fee_pause_for(jurisdiction)
        record_event(actor=_user(actor), actor_name=None if _user(actor) else _actor_name(actor),
                     action="request.clock_setting_saved", target=jurisdiction,
                     data={"fee_pause_before": before.pause, "fee_pause_after": after.pause,
                           "own_before": before.own, "own_after": after.own})
    return setting
