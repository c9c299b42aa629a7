"""Requests for tests: a county with its disclosure office and two departments, and applicants' data
that is obviously invented (张某某, a generated checksum-valid ID number)."""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.disclosure_requests import services
from tests.factories import UnitFactory, county_tree, user_with_role


def fake_id(serial: int = 1) -> str:
    body = f"430503199003070{serial:02d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def applicant(**overrides) -> dict:
    data = {
        "applicant_type": "natural_person",
        "applicant_name": "张某某",
        "id_type": "resident_id",
        "id_number": fake_id(1),
        "contact_phone": "13800000000",
        "contact_email": "zhang@example.invalid",
        "contact_address": "邵阳市大祥区某某路1号",
        "postal_code": "422000",
        "description": "2024年大祥区城乡低保资金发放情况",
        "delivery_form": "paper",
        "obtaining_method": "post",
    }
    data.update(overrides)
    return data


def at(day: str, hour: int = 10):
    return timezone.make_aware(datetime.fromisoformat(f"{day}T{hour:02d}:00"))


def setup_county():
    tree = county_tree()
    county = tree["county"]
    office_unit = UnitFactory(jurisdiction=county, name="大祥区政务公开办", is_disclosure_office=True,
                              handle="office@dx")
    education = UnitFactory(jurisdiction=county, name="大祥区教育局", handle="jiaoyu@dx")
    civil = UnitFactory(jurisdiction=county, name="大祥区民政局", handle="minzheng@dx")
    other_unit = UnitFactory(jurisdiction=tree["other_county"], name="双清区民政局", handle="minzheng@sq")
    return {
        **tree,
        "office_unit": office_unit,
        "education": education,
        "civil": civil,
        "other_unit": other_unit,
        "office": user_with_role(Role.DISCLOSURE_OFFICE, office_unit, email="office@example.invalid"),
        "officer": user_with_role(Role.INFORMATION_OFFICER, education, email="jiaoyu.officer@example.invalid"),
        "reviewer": user_with_role(Role.REVIEWER, education, email="jiaoyu.reviewer@example.invalid"),
        "civil_officer": user_with_role(Role.INFORMATION_OFFICER, civil),
        "stranger": user_with_role(Role.DISCLOSURE_OFFICE, other_unit),
    }


def received_request(world, *, day: str = "2025-03-03", assign: bool = True, **data):
    """An in-person request received on `day` (receipt day = submission day), assigned to 教育局."""
    request = services.request_register(
        actor=world["office"], jurisdiction=world["county"], intake_channel="in_person", data=applicant(**data),
        submitted_at=at(day),
    )
    if assign:
        request = services.request_assign(actor=world["office"], request=request, unit=world["education"],
                                           on=date.fromisoformat(day))
    return request
