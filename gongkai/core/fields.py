"""Model fields shared by the apps."""

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """Stores Chinese as Chinese, not as \\uXXXX escapes, so that the database's text search (SQLite LIKE,
    PostgreSQL text casts) finds 低保 inside a list of elements, and the stored rows stay readable."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


class UnicodeJSONField(models.JSONField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("encoder", UnicodeJSONEncoder)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("encoder") is UnicodeJSONEncoder:
            del kwargs["encoder"]
        return name, path, args, kwargs
