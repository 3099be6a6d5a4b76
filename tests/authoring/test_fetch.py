"""`--url`: saved news pages served on 127.0.0.1 give article text and metadata; bad URLs get one-line errors."""
from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.authoring.fetch import MAX_PAGE_BYTES, FetchError, Page, fetch

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
CHROME = ("Advertisement", "Subscribe", "Accept all", "Share on", "Sign up", "Comments", "portside_pete",
          "All rights reserved", "Most read", "Privacy", "Sponsored", "Win tickets", "tractors")


async def page(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    if not (PAGES / name).is_file():
        raise web.HTTPNotFound()
    charset = "windows-1252" if name == "school-buses.html" else "utf-8"
    return web.Response(body=(PAGES / name).read_bytes(), content_type="text/html", charset=charset)


async def slow(request: web.Request) -> web.Response:
    await asyncio.sleep(5)
    return web.Response(text="<html><body><p>late</p></body></html>", content_type="text/html")


async def endless(request: web.Request) -> web.StreamResponse:
    """A chunked page with no Content-Length, of 10 MB."""
    response = web.StreamResponse(headers={"Content-Type": "text/html"})
    await response.prepare(request)
    for _ in range(160):
        await response.write(b"<p>" + b"x" * 65_536 + b"</p>")
    return response


def redirect(location: str) -> web.Response:
    return web.Response(status=302, headers={"Location": location})


def fixed(make: Callable[[], web.StreamResponse]) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    async def handler(request: web.Request) -> web.StreamResponse:
        return make()
    return handler


def app() -> web.Application:
    application = web.Application()
    add = application.router.add_get
    add("/news/{name}", page)
    add("/slow", slow)
    add("/endless", endless)
    add("/big", fixed(lambda: web.Response(body=b"<p>" * 3_000_000, content_type="text/html")))
    add("/report.pdf", fixed(lambda: web.Response(body=b"%PDF-1.7", content_type="application/pdf")))
    add("/moved", fixed(lambda: redirect("/news/ferry-fares.html")))
    add("/to-file", fixed(lambda: redirect("file:///etc/passwd")))
    add("/loop", fixed(lambda: redirect("/loop")))
    add("/menu", fixed(lambda: web.Response(
        text="<html><body><nav><a href='/a'>Home</a> <a href='/b'>News</a></nav></body></html>",
        content_type="text/html")))
    return application


@pytest.fixture
async def site() -> AsyncIterator[str]:
    async with TestServer(app(), host="127.0.0.1") as server:
        yield str(server.make_url("")).rstrip("/")


async def get(url: str, timeout: float = 20.0, max_bytes: int = MAX_PAGE_BYTES) -> Page:
    return await asyncio.to_thread(fetch, url, timeout=timeout, max_bytes=max_bytes)


async def refused(url: str, timeout: float = 20.0, max_bytes: int = MAX_PAGE_BYTES) -> str:
    with pytest.raises(FetchError) as info:
        await get(url, timeout, max_bytes)
    assert "\n" not in str(info.value) and "Traceback" not in str(info.value)
    return str(info.value)


async def test_meta_tags_give_title_author_date_and_site(site: str) -> None:
    """Open Graph and article meta tags fill title, author, date and publication; nav, ads, comments and footer go."""
    got = await get(f"{site}/news/ferry-fares.html")
    assert got.title == "Island ferry fares to rise 8% from April, operator says"
    assert (got.author, got.published, got.publication) == ("Tomas Brennan", "2025-02-18", "The Harbour Ledger")
    assert "Northway Marine said in a statement on Monday" in got.text
    assert "“People here have no other way to get to work,” said Miriam Oduya" in got.text
    assert not [c for c in CHROME if c in got.text]


async def test_paragraphs_are_separated_by_blank_lines(site: str) -> None:
    """Each paragraph of the page is one block of the text, blocks separated by one blank line."""
    got = await get(f"{site}/news/ferry-fares.html")
    blocks = got.text.split("\n\n")
    assert "Monthly passes, used by most commuters, will rise by the same share, to $118." in blocks
    assert all(b.strip() == b and "\n" not in b for b in blocks)


async def test_json_ld_gives_several_authors_and_the_publisher(site: str) -> None:
    """A NewsArticle's JSON-LD names two authors (joined as a byline does), the date and the publisher."""
    got = await get(f"{site}/news/library-hours.html")
    assert got.author == "Priya Natarajan and Owen Pryce"
    assert (got.published, got.publication) == ("2024-11-06", "Millbrook Gazette")
    assert "The motion passed by 27 votes to 14." in got.text and not [c for c in CHROME if c in got.text]


async def test_the_text_opens_with_the_headline(site: str) -> None:
    """A page that does not repeat its headline above the body still gives a text that opens with it."""
    got = await get(f"{site}/news/library-hours.html")
    assert got.text.startswith("Millbrook libraries to open on Sundays after budget vote\n\nAll four of")


async def test_byline_time_element_and_declared_charset(site: str) -> None:
    """A page with no meta tags: the byline (its job title left out) and <time> give author and date; windows-1252
    text decodes."""
    got = await get(f"{site}/news/school-buses.html")
    assert got.author == "Dana Whitfield" and got.published == "2023-08-29"
    assert "Superintendent José Ortiz told the board" in got.text
    assert "“No child should spend two and a half hours a day on a bus,” Ortiz said." in got.text


async def test_a_redirect_is_followed_and_the_final_url_kept(site: str) -> None:
    """A 302 to the article is followed; Page.url is where the article was found."""
    got = await get(f"{site}/moved")
    assert got.url == f"{site}/news/ferry-fares.html" and got.author == "Tomas Brennan"


async def test_a_missing_page_names_the_status(site: str) -> None:
    """A 404 says so in one line and suggests passing a saved file instead."""
    message = await refused(f"{site}/news/no-such-story.html")
    assert "answered 404 Not Found" in message and "save the article as text" in message


async def test_a_page_that_is_not_html_is_refused(site: str) -> None:
    """A PDF (or any non-HTML type) is refused by its Content-Type."""
    assert "is application/pdf, not an HTML page" in await refused(f"{site}/report.pdf")


async def test_a_server_that_does_not_answer_in_time_times_out(site: str) -> None:
    """A server slower than the timeout gives a timeout message, not a hang."""
    assert "did not answer within 0.5 seconds" in await refused(f"{site}/slow", timeout=0.5)


async def test_a_page_larger_than_the_cap_is_refused(site: str) -> None:
    """Past max_bytes, whether declared by Content-Length or streamed without one, the download stops."""
    assert "larger than 1,000,000 bytes" in await refused(f"{site}/big", max_bytes=1_000_000)
    assert "larger than 1,000,000 bytes" in await refused(f"{site}/endless", max_bytes=1_000_000)


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/article.html", "example.org/news",
                                 "javascript:alert(1)", "http://"])
async def test_only_http_and_https_urls_are_fetched(url: str) -> None:
    """Other schemes, and addresses without one, are refused before any connection."""
    assert "is not an http:// or https:// URL" in await refused(url)


async def test_a_redirect_may_not_leave_http(site: str) -> None:
    """A redirect to file:// is refused, and so is a redirect loop."""
    assert "which is not an http:// or https:// URL" in await refused(f"{site}/to-file")
    assert "redirects more than 5 times" in await refused(f"{site}/loop")


async def test_a_closed_port_says_it_cannot_connect() -> None:
    """Nothing listening on the port: the message says the connection failed."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # bound, never listening: connections are refused
        assert "cannot connect to" in await refused(f"http://127.0.0.1:{port}/story")


async def test_a_page_with_no_article_says_so(site: str) -> None:
    """A page of navigation only gives 'no article text found', not an empty briefing."""
    assert "no article text found" in await refused(f"{site}/menu")
