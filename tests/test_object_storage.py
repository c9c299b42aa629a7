"""Attachments, masked copies and rendered documents in an S3-compatible bucket (issue 13, 对象存储): a real S3
server on loopback (moto's server mode, fixture `s3_storage` in tests/worlds.py), the storages built from the
environment a deployment sets. The files go through the services and views a person uses; the bucket is looked
into with boto3."""

import pytest
from django.urls import reverse

from gongkai.core.storage import is_local, private_storage
from gongkai.publishing import services
from gongkai.publishing.models import Attachment
from tests.factories import blank_pdf

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("commit_hooks_as_in_production")]
CODE = "430503000000"


def _keys(s3) -> set[str]:
    return {o["Key"] for o in s3.client.list_objects_v2(Bucket=s3.bucket).get("Contents", [])}


def test_attachment_original_and_masked_copy_live_in_the_bucket_and_keep_their_permissions(
        s3_storage, publishing_world, client):
    """The original stays private (《条例》第十五条); the public copy is served by the portal's view only, streamed
    through Django after its checks — no bucket URL reaches the public."""
    world = publishing_world
    assert not is_local(private_storage)
    record = world.record()
    original = blank_pdf()
    attachment = services.attachment_add(actor=world.officer, record=record, name="名单.pdf", data=original)
    masked = blank_pdf() + b"\n% masked copy\n"
    attachment = services.attachment_replace_public_copy(actor=world.officer, attachment=attachment, data=masked,
                                                         note="遮盖身份证号中间8位")
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    services.record_publish(actor=world.reviewer, record=record)
    record.refresh_from_db()

    keys = _keys(s3_storage)
    attachment = Attachment.objects.get(pk=attachment.pk)
    assert f"private/{attachment.original.name}" in keys
    assert f"private/{attachment.public_file.name}" in keys
    body = s3_storage.client.get_object(Bucket=s3_storage.bucket, Key=f"private/{attachment.original.name}")
    assert body["Body"].read() == original
    # nothing in the bucket is readable without credentials (the bucket keeps its private default ACL)
    acl = s3_storage.client.get_object_acl(Bucket=s3_storage.bucket, Key=f"private/{attachment.original.name}")
    assert not [g for g in acl["Grants"] if g["Grantee"].get("URI", "").endswith("AllUsers")]

    url = reverse("portal:record_attachment", kwargs={"code": CODE, "ref": record.index_number,
                                                      "attachment_id": attachment.pk})
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == masked
    assert s3_storage.endpoint not in response.get("Location", "")

    # the private original: refused to the public (sent to log in) and to another unit's officer, served to the
    # unit's own staff through Django
    original_url = reverse("backoffice:record_attachment", args=[record.pk, attachment.pk])
    assert client.get(original_url).status_code == 302
    client.force_login(world.other_officer)
    assert client.get(original_url).status_code in (403, 404)
    client.force_login(world.officer)
    served = client.get(original_url)
    assert served.status_code == 200 and b"".join(served.streaming_content) == original

def test_withdrawn_record_public_copy_is_refused_while_the_object_stays(s3_storage, publishing_world, client):
    world = publishing_world
    record = world.record()
    attachment = services.attachment_add(actor=world.officer, record=record, name="通知.pdf", data=blank_pdf())
    services.record_submit(actor=world.officer, record=record)
    services.record_review(actor=world.reviewer, record=record)
    services.record_approve(actor=world.reviewer, record=record)
    services.record_publish(actor=world.reviewer, record=record)
    record.refresh_from_db()
    url = reverse("portal:record_attachment", kwargs={"code": CODE, "ref": record.index_number,
                                                      "attachment_id": attachment.pk})
    assert client.get(url).status_code == 200
    services.record_withdraw(actor=world.reviewer, record=record, reason="内容有误")
    assert client.get(url).status_code == 404
    assert f"private/{attachment.public_file.name}" in _keys(s3_storage)


def test_rendered_catalog_document_is_kept_in_the_bucket(s3_storage, portal, client):
    first = client.get(f"/j/{CODE}/catalog.docx")
    assert first.status_code == 200
    keys = [k for k in _keys(s3_storage) if k.startswith("media/rendered/catalog/")]
    assert len(keys) == 1 and keys[0].endswith(".docx")
    assert client.get(f"/j/{CODE}/catalog.docx").content == first.content
