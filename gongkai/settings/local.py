"""`make run`: the embedded SQLite database under var/, the demo banner shown, and — like production —
DEBUG off with the Chinese error pages. A developer who wants Django's debug pages asks for them with
GONGKAI_DEBUG=1 (or DEBUG=1). Static files are served by WhiteNoise straight from the source folders."""

from gongkai.settings.base import *  # noqa: F403
from gongkai.settings.env import env_bool, env_str

DEBUG = env_bool("GONGKAI_DEBUG", False) or env_bool("DEBUG", False)
GONGKAI_DEMO_BANNER = env_bool("GONGKAI_DEMO_BANNER", True)
# Plausible footer lines for the demo county, each marked 演示 (real ones come from the environment).
GONGKAI_SITE_SPONSOR = env_str("GONGKAI_SITE_SPONSOR", "邵阳市大祥区人民政府办公室（演示）")
GONGKAI_SITE_ORGANISER = env_str("GONGKAI_SITE_ORGANISER", "邵阳市大祥区政务服务中心（演示）")
GONGKAI_SITE_ID_CODE = env_str("GONGKAI_SITE_ID_CODE", "4305030001（演示）")
GONGKAI_ICP_NUMBER = env_str("GONGKAI_ICP_NUMBER", "湘ICP备00000000号-1（演示）")
GONGKAI_PSB_NUMBER = env_str("GONGKAI_PSB_NUMBER", "湘公网安备43050302000000号（演示）")
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Served from the source folders (above); a var/static left by collectstatic is not needed here.
if not STATIC_ROOT.is_dir():  # noqa: F405
    STATIC_ROOT = None
