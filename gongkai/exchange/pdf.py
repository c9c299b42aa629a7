"""HTML → PDF (A4) with WeasyPrint and the Noto CJK fonts.

The shared helper for every printed document (bulletins, reply letters, the annual report). It adds a base
stylesheet with the page size and a Chinese font stack, and refuses to render when the machine has no font
for Chinese: WeasyPrint would otherwise silently draw empty boxes (豆腐块) in place of every character.

Debian: `apt-get install fonts-noto-cjk` gives "Noto Sans CJK SC" and "Noto Serif CJK SC".
"""

from __future__ import annotations

import functools
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

from gongkai.core.errors import ValidationFailed

# The 公文 fonts (GB/T 9704: 仿宋 body, 小标宋 title) where the machine has them, Noto CJK otherwise.
FANGSONG_STACK = ('"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "STFangsong", "Noto Serif CJK SC", '
                  '"Source Han Serif SC", serif')
XIAOBIAOSONG_STACK = ('"方正小标宋简体", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05", "小标宋", "Noto Serif CJK SC", '
                      '"Source Han Serif SC", serif')
GONGWEN_CSS = f"""
body, p, td, th, li {{ font-family: {FANGSONG_STACK}; }}
h1, .letterhead, .gongwen-title {{ font-family: {XIAOBIAOSONG_STACK}; font-weight: bold; }}
"""
SANS_STACK = '"Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Zen Hei", sans-serif'
SERIF_STACK = '"Noto Serif CJK SC", "Source Han Serif SC", "Noto Serif SC", "AR PL UMing CN", serif'

BASE_CSS = f"""
@page {{ size: A4; margin: 20mm 18mm 20mm 18mm; }}
html {{ font-family: {SANS_STACK}; font-size: 11pt; line-height: 1.6; color: #000; }}
.serif, h1.serif {{ font-family: {SERIF_STACK}; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ border: 0.5pt solid #333; padding: 2pt 4pt; vertical-align: top; }}
img {{ max-width: 100%; }}
"""

NO_FONT_MESSAGE = (
    "无法生成PDF：本机没有可用的中文字体，生成的文件会把汉字显示为方框。"
    "请安装 Noto CJK 字体（Debian/Ubuntu：apt-get install fonts-noto-cjk）后重试。"
)


@functools.lru_cache(maxsize=1)
def chinese_font_families() -> tuple[str, ...]:
    """Font families fontconfig (which WeasyPrint uses through Pango) knows for Chinese."""
    fc_list = shutil.which("fc-list")
    if not fc_list:
        return ()
    try:
        out = subprocess.run(
            [fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return ()
    families: set[str] = set()
    for line in out.splitlines():
        for name in line.split(","):
            if name.strip():
                families.add(name.strip())
    return tuple(sorted(families))


def require_chinese_font() -> None:
    """Raise ValidationFailed (Chinese) when no font on this machine covers Chinese."""
    if not chinese_font_families():
        raise ValidationFailed(NO_FONT_MESSAGE, code="no_chinese_font")


def _local_root(base_url: str | None) -> Path | None:
    if not base_url:
        return None
    parts = urlsplit(base_url)
    if parts.scheme == "file":
        return Path(unquote(parts.path)).resolve()
    if not parts.scheme and Path(base_url).exists():
        return Path(base_url).resolve()
    return None


def _fetcher(base_url: str | None, allow_network: bool):
    """WeasyPrint fetches every <img>/<link> it meets. Bodies come from users, so by default only data: URIs
    and files under a local `base_url` are read: no request to an internal address, no /etc/passwd."""
    from weasyprint.urls import URLFetcher

    root = _local_root(base_url)
    protocols = {"data", "file"} | ({"http", "https"} if allow_network else set())

    class _Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.lower().startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if root is None or not path.is_relative_to(root):
                    raise ValueError(f"refused local file outside the base directory: {url}")
            return super().fetch(url, headers)

    return _Fetcher(allowed_protocols=protocols, timeout=10)


def html_to_pdf(html: str, *, base_url: str | None = None, allow_network: bool = False,
                gongwen: bool = False) -> bytes:
    """Render an HTML document (or fragment) to A4 PDF bytes with a Chinese font stack.

    The document's own stylesheets come after the base one, so they may override margins or fonts.
    `base_url` resolves relative links and images; when it is a local directory (or file: URL), files
    under it may be embedded. Images are best given as data: URIs. Anything else that cannot be
    fetched is left out of the PDF, not an error. Raises ValidationFailed when no Chinese font exists.
    `gongwen` sets the 公文 fonts (仿宋 body, 小标宋 titles; Noto CJK where they are not installed).
    """
    require_chinese_font()
    from weasyprint import CSS, HTML  # imported late: loading Pango is slow and only PDF paths need it

    document = HTML(string=html, base_url=base_url, url_fetcher=_fetcher(base_url, allow_network))
    sheets = [CSS(string=BASE_CSS)] + ([CSS(string=GONGWEN_CSS)] if gongwen else [])
    return document.write_pdf(stylesheets=sheets)
