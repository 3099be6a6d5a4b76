"""`--url`: download a news page over HTTP(S) and extract its article text and metadata with trafilatura."""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import urljoin, urlsplit

import urllib3

__all__ = ["MAX_PAGE_BYTES", "FetchError", "Page", "download", "extract", "fetch"]

log = logging.getLogger(__name__)

MAX_PAGE_BYTES = 5_000_000  # a news page is well under 1 MB; this stops a wrong URL (a video, an archive) early
TIMEOUT_SECONDS = 20.0  # for the whole download, connecting included
MAX_REDIRECTS = 5
MIN_ARTICLE_CHARS = 200  # less is a menu, a paywall notice or a cookie wall, not an article to draft from
HTML_TYPES = ("text/html", "application/xhtml+xml")
CHUNK = 64 * 1024
HEADERS = {"User-Agent": "briefbot-new-briefing/1 (drafts a briefing from one article)",
           "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1"}


class FetchError(Exception):
    """The page could not be fetched or held no article; the message is one line for the user."""


@dataclass(frozen=True)
class Page:
    """An article as extracted from its page."""

    text: str  # the article's paragraphs, separated by blank lines
    title: str
    author: str  # several authors joined as a byline does: "A and B", "A, B and C"
    published: str  # YYYY-MM-DD, or "" when the page gives no date
    publication: str  # the site's name
    url: str  # where the page was found, after redirects


def check_url(url: str) -> None:
    """Only http:// and https:// URLs with a host are fetched (not file://, ftp:// or a bare path)."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise FetchError(f"{url[:200]!r} is not an http:// or https:// URL")


def _status_error(url: str, status: int) -> FetchError:
    try:
        reason = f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        reason = str(status)
    return FetchError(f"{url} answered {reason}; check the URL, or save the article as text and pass the file")


def _network_error(url: str, exc: urllib3.exceptions.HTTPError, timeout: float) -> FetchError:
    """A one-line reason for a failed request: timeout, refused connection, unknown host, TLS, too many redirects."""
    cause = exc.reason if isinstance(exc, urllib3.exceptions.MaxRetryError) and exc.reason else exc
    if isinstance(cause, urllib3.exceptions.NameResolutionError):  # a NewConnectionError, checked first
        return FetchError(f"cannot find the host of {url}; check the address")
    if isinstance(cause, urllib3.exceptions.NewConnectionError):  # a ConnectTimeoutError too, so before timeouts
        return FetchError(f"cannot connect to {url}: the server refused or is unreachable")
    if isinstance(cause, urllib3.exceptions.TimeoutError):
        return FetchError(f"{url} did not answer within {timeout:g} seconds")
    if isinstance(cause, urllib3.exceptions.SSLError):
        return FetchError(f"{url}: the secure connection failed ({cause})")
    if isinstance(cause, urllib3.exceptions.LocationValueError | urllib3.exceptions.LocationParseError):
        return FetchError(f"{url[:200]!r} is not a valid URL")
    return FetchError(f"cannot download {url}: {cause}")


def _read_capped(response: urllib3.BaseHTTPResponse, url: str, max_bytes: int, deadline: float,
                 timeout: float) -> bytes:
    """The body, refused as soon as it passes `max_bytes` (declared or streamed) or the deadline passes."""
    too_big = FetchError(f"{url} is larger than {max_bytes:,} bytes; it does not look like an article page")
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    body = bytearray()
    for chunk in response.stream(CHUNK):
        body += chunk
        if len(body) > max_bytes:
            raise too_big
        if time.monotonic() > deadline:
            raise FetchError(f"{url} did not finish sending the page within {timeout:g} seconds")
    return bytes(body)


def _open(pool: urllib3.PoolManager, url: str, deadline: float) -> tuple[urllib3.BaseHTTPResponse, str]:
    """The response at the end of `url`'s redirects (followed here, so each hop is checked: http or https only,
    at most MAX_REDIRECTS), and its absolute URL."""
    for _ in range(MAX_REDIRECTS + 1):
        timeout = urllib3.Timeout(total=max(0.001, deadline - time.monotonic()))
        response = pool.request("GET", url, redirect=False, retries=False, timeout=timeout, preload_content=False)
        location = response.get_redirect_location()
        if not location:
            return response, url
        response.close()
        url = urljoin(url, location)
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            raise FetchError(f"the page redirects to {url[:200]!r}, which is not an http:// or https:// URL")
    raise FetchError(f"the page redirects more than {MAX_REDIRECTS} times")


def download(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_PAGE_BYTES) -> tuple[bytes, str]:
    """The HTML of the page at `url` and the URL it was found at (after redirects). trafilatura's own downloader
    returns None on any failure (and retries without certificate checks after a TLS error), so the request is made
    here with urllib3, which trafilatura already depends on, to say why a page cannot be fetched."""
    check_url(url)
    deadline = time.monotonic() + timeout
    with urllib3.PoolManager(headers=HEADERS) as pool:
        try:
            response, final = _open(pool, url, deadline)
            try:
                if response.status != 200:
                    raise _status_error(final, response.status)
                kind = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                if kind and kind not in HTML_TYPES:
                    raise FetchError(f"{final} is {kind}, not an HTML page; save the article as text and pass the file")
                body = _read_capped(response, final, max_bytes, deadline, timeout)
            finally:
                response.close()  # not back to the pool: a refused body may still be arriving
        except urllib3.exceptions.HTTPError as exc:
            raise _network_error(url, exc, timeout) from None
    log.debug("fetched %s: %d bytes", final, len(body))
    return body, final


def _paragraphs(text: str) -> str:
    """trafilatura's text has one paragraph a line; an article file has them separated by blank lines."""
    return "\n\n".join(line.strip() for line in text.splitlines() if line.strip())


def _authors(found: str) -> str:
    """trafilatura's "A; B" as a byline says it, "A and B", without the job titles it splits off as if they were
    names ("Dana Whitfield; Staff Writer"): a part is a job title when a byline's rules (dates.read_dateline)
    drop it after a name, as they drop ", Staff Writer" from "By Dana Whitfield, Staff Writer"."""
    from bot.authoring.dates import read_dateline

    def is_job(part: str) -> bool:
        read = read_dateline([f"By Ann Example, {part}"])
        return (read.author, read.publication) == ("Ann Example", "")

    names = [p for p in (a.strip() for a in found.split(";")) if p and not is_job(p)]
    return " and ".join(filter(None, [", ".join(names[:-1]), *names[-1:]]))


def extract(html: bytes | str, url: str = "") -> Page:
    """The article in a page: its main text (no navigation, adverts, comments or footer), title, author(s),
    date and site name, as trafilatura finds them (meta tags, JSON-LD, bylines, <time>). The text opens with the
    headline, as a saved article file does, whether or not the page repeats it above the body."""
    from trafilatura import bare_extraction  # imported on use: `new-briefing FILE` never needs it

    found = bare_extraction(html, url=url or None, with_metadata=True, include_comments=False,
                            include_tables=False, favor_precision=True)
    body = "" if found is None or isinstance(found, dict) else (found.text or "").strip()
    if len(body) < MIN_ARTICLE_CHARS or found is None or isinstance(found, dict):
        raise FetchError(f"no article text found in {url or 'the page'} (a paywall or a login page?); "
                         "save the article as text and pass the file")
    title, text = (found.title or "").strip(), _paragraphs(found.text or "")
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return Page(text=text, title=title,
                author=_authors(found.author or ""),
                published=found.date or "", publication=(found.sitename or "").strip(), url=url)


def fetch(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_PAGE_BYTES) -> Page:
    """Download `url` and extract its article; FetchError says in one line what went wrong."""
    html, final = download(url, timeout=timeout, max_bytes=max_bytes)
    return extract(html, final)
