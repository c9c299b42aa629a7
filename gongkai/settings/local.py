"""`make run`: the embedded SQLite database under var/, debug pages on, the demo banner shown."""

from gongkai.settings.base import *  # noqa: F403
from gongkai.settings.env import env_bool

DEBUG = env_bool("DEBUG", True)
GONGKAI_DEMO_BANNER = env_bool("GONGKAI_DEMO_BANNER", True)
