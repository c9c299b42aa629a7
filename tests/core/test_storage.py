"""Where files live (gongkai.core.storage, gongkai.settings.env.storages_from_env): the filesystem by default,
an S3-compatible bucket when the environment says so."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile

from gongkai.core.storage import PrivateFileSystemStorage, is_local, private_storage
from gongkai.settings.env import S3_BACKEND, storages_from_env

S3_VARIABLES = ("STORAGE_BACKEND", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY",
                "S3_REGION", "S3_ADDRESSING_STYLE", "S3_PRIVATE_BUCKET", "S3_URL_EXPIRE")


@pytest.fixture
def environment(monkeypatch):
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_the_filesystem_is_the_default(environment):
    configured = storages_from_env()
    assert configured["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert configured["private"]["BACKEND"] == "gongkai.core.storage.PrivateFileSystemStorage"


def test_a_storage_class_named_by_storage_backend_is_still_the_default_store(environment):
    environment.setenv("STORAGE_BACKEND", "django.core.files.storage.InMemoryStorage")
    assert storages_from_env()["default"]["BACKEND"] == "django.core.files.storage.InMemoryStorage"


@pytest.mark.parametrize("switch", [{"S3_BUCKET": "gk"}, {"STORAGE_BACKEND": "s3", "S3_BUCKET": "gk"}])
def test_s3_bucket_with_media_and_private_prefixes_never_public(environment, switch):
    for name, value in {**switch, "S3_ENDPOINT_URL": "https://oss-cn-hangzhou.aliyuncs.com", "S3_REGION": "cn-hangzhou",
                        "S3_ADDRESSING_STYLE": "virtual", "S3_ACCESS_KEY_ID": "k", "S3_SECRET_ACCESS_KEY": "s"}.items():
        environment.setenv(name, value)
    configured = storages_from_env()
    default, private = configured["default"], configured["private"]
    assert default["BACKEND"] == private["BACKEND"] == S3_BACKEND
    assert (default["OPTIONS"]["location"], private["OPTIONS"]["location"]) == ("media", "private")
    assert private["OPTIONS"]["bucket_name"] == "gk"
    assert private["OPTIONS"]["default_acl"] is None and private["OPTIONS"]["querystring_auth"] is True
    assert private["OPTIONS"]["querystring_expire"] == 300
    assert private["OPTIONS"]["addressing_style"] == "virtual"
    assert private["OPTIONS"]["endpoint_url"] == "https://oss-cn-hangzhou.aliyuncs.com"


def test_private_files_may_go_to_their_own_bucket(environment):
    environment.setenv("S3_BUCKET", "gk-media")
    environment.setenv("S3_PRIVATE_BUCKET", "gk-private")
    configured = storages_from_env()
    assert configured["default"]["OPTIONS"]["bucket_name"] == "gk-media"
    assert configured["private"]["OPTIONS"]["bucket_name"] == "gk-private"


@pytest.mark.parametrize(("variables", "message"), [
    ({"STORAGE_BACKEND": "s3"}, "S3_BUCKET"),
    ({"S3_BUCKET": "gk", "S3_ADDRESSING_STYLE": "sideways"}, "S3_ADDRESSING_STYLE"),
])
def test_a_bad_s3_configuration_is_refused_in_chinese(environment, variables, message):
    for name, value in variables.items():
        environment.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        storages_from_env()


def test_private_storage_follows_the_settings(settings, tmp_path):
    settings.GONGKAI_PRIVATE_ROOT = str(tmp_path / "private")
    assert is_local(private_storage)
    name = private_storage.save("records/1/名单.txt", ContentFile(b"abc"))
    assert (tmp_path / "private" / name).read_bytes() == b"abc"
    assert isinstance(private_storage._wrapped, PrivateFileSystemStorage)
