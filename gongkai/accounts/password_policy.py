"""The password policy: at least 10 characters mixing 3 of the 4 character classes (lower case, upper
case, digits, other symbols), not a common password, not like the account's own name.

Django's Chinese catalog lacks the minimum-length message (it shows English), so that validator is
replaced here by one that speaks Chinese; the other Django validators are translated already."""

import re
import secrets
from functools import lru_cache
from pathlib import Path

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MIN_LENGTH = 10
MIN_CLASSES = 3

_CLASS_PATTERNS = [r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]"]

# Characters for generated passwords: no look-alikes (0/O, 1/l/I), no symbols that are hard to read
# out over the telephone.
_LOWER = "abcdefghijkmnpqrstuvwxyz"
_UPPER = "ABCDEFGHJKLMNPQRSTUVWXYZ"
_DIGITS = "23456789"
_SYMBOLS = "#%+-=@"


def character_classes(password: str) -> int:
    return sum(1 for p in _CLASS_PATTERNS if re.search(p, password))


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def __init__(self, min_length: int = MIN_LENGTH):
        super().__init__(min_length=min_length)

    def get_error_message(self):
        return _("密码太短，至少须 %(n)d 个字符。") % {"n": self.min_length}

    def get_help_text(self):
        return _("密码至少 %(n)d 个字符。") % {"n": self.min_length}


class CharacterClassValidator:
    def __init__(self, min_classes: int = MIN_CLASSES):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if character_classes(password) < self.min_classes:
            raise ValidationError(
                _("密码须至少包含小写字母、大写字母、数字、符号中的 %(n)d 类。") % {"n": self.min_classes},
                code="password_too_simple",
            )

    def get_help_text(self):
        return _("密码须至少包含小写字母、大写字母、数字、符号中的 %(n)d 类。") % {"n": self.min_classes}


_STEMS_FILE = Path(__file__).resolve().parent / "data" / "weak_password_stems.txt"
_LEET = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "l", "!": "i", "3": "e", "$": "s", "5": "s", "7": "t"})
_EDGES = re.compile(r"^[^a-z]+|[^a-z]+$")


@lru_cache(maxsize=1)
def _weak_words() -> frozenset[str]:
    stems = {line.strip().lower() for line in _STEMS_FILE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")}
    return frozenset(stems | set(password_validation.CommonPasswordValidator().passwords))


def weak_core(password: str) -> str | None:
    """What makes `password` guessable, or None: the whole password or its letters between digits and
    symbols (after undoing common letter swaps) is a common password or a listed stem, or fewer than 4
    letters remain (digits and symbols alone)."""
    lowered = password.lower().strip()
    words = _weak_words()
    if lowered in words:
        return lowered
    for candidate in (lowered, lowered.translate(_LEET)):
        core = _EDGES.sub("", candidate)
        if len(core) < 4 or core in words:
            return core or candidate
    return None


class WeakPatternValidator:
    """Refuses common and leaked-pattern passwords ("password123!", "Admin@2024", "woaini1314!") that the
    length and character-class rules let through. List: accounts/data/weak_password_stems.txt plus
    Django's 20,000 common passwords."""

    def validate(self, password, user=None):
        if weak_core(password) is not None:
            raise ValidationError(
                _("密码过于常见，或是常见密码加数字、符号的变形（如 password123!、Admin@2024），容易被猜中，请换一个。"),
                code="password_too_common",
            )

    def get_help_text(self):
        return _("不能使用常见密码，或常见密码加数字、符号的变形。")


def generate_password(length: int = 12) -> str:
    """A random initial password that satisfies the policy (all four classes present)."""
    pools = [_LOWER, _UPPER, _DIGITS, _SYMBOLS]
    chars = [secrets.choice(pool) for pool in pools]
    everything = "".join(pools)
    chars += [secrets.choice(everything) for _position in range(max(length, MIN_LENGTH) - len(chars) - 1)]
    secrets.SystemRandom().shuffle(chars)
    # A leading letter: a spreadsheet would read "=…", "+…", "-…" or "@…" as a formula.
    first = secrets.choice(_LOWER + _UPPER)
    return first + "".join(chars)
