"""Who must be refused on the consultation screens: another unit, another county, anonymous visitors."""

import pytest
from django.urls import reverse

from gongkai.consultations.models import Comment, Consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(consultations_world):
    return consultations_world


@pytest.mark.parametrize("who", ["civil_reviewer", "other_office", "auditor", "admin"])
def test_others_are_refused_a_consultation(client, world, who):
    client.force_login(getattr(world.users, who))
    url = reverse("backoffice:consultation", args=[world.consultation.pk])
    assert client.get(url).status_code == 403
    response = client.post(url, {"form": "move", "move": "close"})
    assert response.status_code == 403
    assert Consultation.objects.get(pk=world.consultation.pk).status == "open"


def test_the_officer_may_not_moderate(client, world):
    client.force_login(world.users.officer)
    url = reverse("backoffice:consultation", args=[world.consultation.pk])
    assert "不予显示</button>" not in client.get(url).content.decode()
    response = client.post(url, {"form": "moderate", "comment": world.comment.pk, "decision": "approve"})
    assert response.status_code == 403
    assert Comment.objects.get(pk=world.comment.pk).status == "pending"


@pytest.mark.parametrize("who", ["officer", "reviewer", "other_office"])
def test_only_the_office_over_the_county_keeps_the_decision_list(client, world, who):
    client.force_login(getattr(world.users, who))
    assert client.get(reverse("backoffice:decision_lists")).status_code == (403 if who != "other_office" else 200)
    response = client.post(reverse("backoffice:decision_lists"), {"jurisdiction": world.county.pk, "year": "2026"})
    assert response.status_code in (400, 403)


@pytest.mark.parametrize("name", ["consultations", "consultation_new", "decision_lists"])
def test_anonymous_visitors_go_to_the_login_page(client, world, name):
    response = client.get(reverse(f"backoffice:{name}"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_other_auditor_sees_no_nav_entry(client, world):
    client.force_login(world.users.auditor)
    assert "征求意见" not in client.get(reverse("backoffice:dashboard")).content.decode()
