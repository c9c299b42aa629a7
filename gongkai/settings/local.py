"""`make run`: the embedded SQLite database under var/, the demo banner shown, and — like production —
DEBUG off with the Chinese error pages. A developer who wants Django's debug pages asks for them with
GONGKAI_DEBUG=1 (or DEBUG=1). Static files are served by WhiteNoise straight from the source folders."""

from gongkai.settings.base import *  # noqa: F403
from gongkai.settings.env import env_bool

DEBUG = env_bool("GONGKAI_DEBUG", False) or env_bool("DEBUG", False)
GONGKAI_DEMO_BANNER = env_bool("GONGKAI_DEMO_BANNER", True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Served from the source folders (above); a var/static left by collectstatic is not needed here.
if not STATIC_ROOT.is_dir():  # noqa: F405
    STATIC_ROOT = None
