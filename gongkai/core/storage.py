"""Where files live: Django's storages `default` and `private` (settings.env.storages_from_env), the local
filesystem or an S3-compatible bucket. Code reads and writes files only through a storage (`open`, `save`,
`exists`, `size`, `delete`), never through a path on disk, so that any number of app nodes and workers share one
store (text extraction and masking read bytes; tesseract gets its own temporary image)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, cached_property, empty


class PrivateFileSystemStorage(FileSystemStorage):
    """Private files on the filesystem: never under MEDIA_ROOT, never served directly. GONGKAI_PRIVATE_ROOT, or
    a folder `<MEDIA_ROOT>-private` beside MEDIA_ROOT (read when first used, so tests may change it)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("base_url", None)
        super().__init__(**kwargs)

    @cached_property
    def base_location(self):
        configured = self._location or getattr(settings, "GONGKAI_PRIVATE_ROOT", None)
        if configured:
            return str(configured)
        return str(Path(settings.MEDIA_ROOT).parent / (Path(settings.MEDIA_ROOT).name + "-private"))

    @cached_property
    def location(self):
        return str(Path(self.base_location).resolve())


class PrivateStorage(LazyObject):
    """The `private` storage, looked up when first used (and again after STORAGES changes, as in tests), so a
    FileField built at import time still follows the configuration."""

    def _setup(self):
        self._wrapped = storages["private"] if "private" in settings.STORAGES else PrivateFileSystemStorage()


private_storage = PrivateStorage()


@receiver(setting_changed)
def _storages_changed(*, setting, **kwargs):
    if setting in {"STORAGES", "GONGKAI_PRIVATE_ROOT"}:
        private_storage._wrapped = empty
        if setting == "GONGKAI_PRIVATE_ROOT":  # Django resets its handler on STORAGES itself
            storages._storages.pop("private", None)


def is_local(storage: Storage | LazyObject) -> bool:
    """Whether the storage keeps files on this machine's disk (a FileSystemStorage)."""
    if isinstance(storage, LazyObject):
        if storage._wrapped is empty:
            storage._setup()
        storage = storage._wrapped
    return isinstance(storage, FileSystemStorage)
