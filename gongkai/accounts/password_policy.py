"""The password policy: besides Django's length and common-password validators, a password must mix
character classes (lower case, upper case, digits, other symbols)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def character_classes(password: str) -> int:
    patterns = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]"]
    return sum(1 for p in patterns if re.search(p, password))


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含小写字母、大写字母、数字、符号中的 %(n)d 类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须至少包含小写字母、大写字母、数字、符号中的 %(n)d 类。") % {"n": self.min_classes}
