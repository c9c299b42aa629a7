"""An optional, polite checker of external links in public bodies (国办秘函〔2019〕19号 可用性: links on public pages
work). Off unless `OVERSIGHT_EXTERNAL_LINKS` is on. Bounded and polite: robots.txt is obeyed (a disallowed URL is
not fetched and not judged), one request per host per `OVERSIGHT_LINK_HOST_INTERVAL` seconds, a timeout per
request, at most `OVERSIGHT_LINK_MAX_PER_RUN` URLs fetched per run, and each result kept (`ExternalLink`) and not
fetched again within `OVERSIGHT_LINK_TTL_DAYS`."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

USER_AGENT = "GongkaiLinkCheck/1.0 (link availability check of a government disclosure site)"


@dataclass
class Outcome:
    url: str
    status: int | None  # the HTTP status, None when no answer (timeout, refused, DNS)
    ok: bool | None  # None: not judged (robots.txt disallows it)
    note: str = ""


@dataclass
class PoliteFetcher:
    timeout: float = 5.0
    host_interval: float = 1.0
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser | None] = field(default_factory=dict)

    def _wait(self, host: str) -> None:
        last = self._last.get(host)
        if last is not None:
            gap = self.host_interval - (self.clock() - last)
            if gap > 0:
                self.sleep(gap)
        self._last[host] = self.clock()

    def _open(self, url: str, method: str) -> int:
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 — http(s) only
                return int(response.status)
        except urllib.error.HTTPError as exc:
            return int(exc.code)

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = urllib.robotparser.RobotFileParser()
            assert parser is not None
            self._wait(parts.netloc)
            try:
                request = urllib.request.Request(f"{origin}/robots.txt", headers={"User-Agent": USER_AGENT})
                with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                    parser.parse(response.read().decode("utf-8", "replace").splitlines())
            except urllib.error.HTTPError as exc:
                parser = None if exc.code >= 500 else parser  # 4xx: no robots.txt, all allowed
                if parser is not None:
                    parser.parse([])
            except (OSError, ValueError):
                parser = None
            self._robots[origin] = parser
        parser = self._robots[origin]
        return True if parser is None else parser.can_fetch(USER_AGENT, url)

    def check(self, url: str) -> Outcome:
        if urlsplit(url).scheme not in ("http", "https"):
            return Outcome(url, None, None, "不是网页链接")
        if not self.allowed(url):
            return Outcome(url, None, None, "网站的robots.txt不允许检查")
        host = urlsplit(url).netloc
        self._wait(host)
        try:
            status = self._open(url, "HEAD")
            if status in (405, 501):  # HEAD not supported: ask for the page
                self._wait(host)
                status = self._open(url, "GET")
        except TimeoutError:
            return Outcome(url, None, False, f"超过{self.timeout:g}秒无响应")
        except (OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(reason, TimeoutError):
                return Outcome(url, None, False, f"超过{self.timeout:g}秒无响应")
            return Outcome(url, None, False, f"无法访问（{reason}）")
        return Outcome(url, status, status < 400, "" if status < 400 else f"返回状态{status}")


def check_links(urls: Iterable[str], fetcher: PoliteFetcher, *, limit: int) -> list[Outcome]:
    """At most `limit` URLs, in the order given (the caller puts the longest unchecked first)."""
    outcomes = []
    for url in list(dict.fromkeys(urls))[:max(0, limit)]:
        outcomes.append(fetcher.check(url))
    return outcomes
