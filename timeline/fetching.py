"""Fetching an article by URL for the admin, without letting a URL reach the server's own network.

Every connection, including each redirect, resolves the host and refuses private, loopback,
link-local and other non-public addresses (unless ``FETCH_ALLOW_PRIVATE_ADDRESSES``), then
connects to the address it checked, so a DNS answer cannot change between check and use.
"""

import http.client
import ipaddress
import socket
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from django.conf import settings

from .extraction.decoding import DecodingError, decode_text

ACCEPTED_TYPES = {"text/html", "application/xhtml+xml", "text/plain"}
MAX_REDIRECTS = 3
USER_AGENT = "defence-timeline/1.0 (article fetcher for editors)"


class FetchError(Exception):
    """The page could not be fetched; the message says why, for the editor who asked."""


class ForbiddenAddress(OSError):
    """Raised while connecting, where urllib expects OSError; turned into a FetchError."""


@dataclass(frozen=True)
class FetchedPage:
    url: str
    content: str
    content_type: str


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def vetted_addresses(host: str, port: int) -> list[tuple]:
    """The host's addresses as getaddrinfo gives them, all of them checked against the rules."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"The host “{host}” cannot be found.") from error
    if not getattr(settings, "FETCH_ALLOW_PRIVATE_ADDRESSES", False):
        for *_, sockaddr in infos:
            if not is_public_address(sockaddr[0]):
                raise ForbiddenAddress(
                    f"“{host}” points to a private or local address ({sockaddr[0]}); "
                    "only public web pages can be fetched."
                )
    return infos


def guarded_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """socket.create_connection, but only to the vetted addresses of the host."""
    host, port = address
    last_error: OSError | None = None
    for family, kind, proto, _, sockaddr in vetted_addresses(host, port):
        sock = socket.socket(family, kind, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout)
            sock.connect(sockaddr)
            return sock
        except OSError as error:
            sock.close()
            last_error = error
    raise last_error or OSError(f"No address to connect to for {host}")


class GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = guarded_connection


class GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = guarded_connection


class GuardedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(GuardedHTTPConnection, req)


class GuardedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(GuardedHTTPSConnection, req, context=self._context)


class LimitedRedirectHandler(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_scheme(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_scheme(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise FetchError(f"“{url}” is not a web address (http:// or https://).")


def build_opener() -> urllib.request.OpenerDirector:
    # No ProxyHandler from the environment: a proxy would make the address checks meaningless.
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        GuardedHTTPHandler,
        GuardedHTTPSHandler,
        LimitedRedirectHandler,
    )


def fetch_article(url: str) -> FetchedPage:
    """The page at ``url``, if it is a public HTML or text page within the size and time limits."""
    check_scheme(url)
    timeout = settings.FETCH_TIMEOUT_SECONDS
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.8"}
    )
    try:
        with build_opener().open(request, timeout=timeout) as response:
            content_type = checked_content_type(response.headers)
            raw = read_limited(response, settings.FETCH_MAX_BYTES, timeout)
            final_url = response.geturl()
            charset = response.headers.get_content_charset()
    except urllib.error.HTTPError as error:
        raise FetchError(f"The site answered “{error.code} {error.reason}” for {url}.") from error
    except urllib.error.URLError as error:
        raise fetch_error_from(error.reason, url) from error
    except (TimeoutError, OSError, http.client.HTTPException) as error:
        raise fetch_error_from(error, url) from error
    return FetchedPage(url=final_url, content=decoded(raw, charset), content_type=content_type)


def fetch_error_from(reason, url: str) -> FetchError:
    if isinstance(reason, FetchError | ForbiddenAddress):
        return FetchError(str(reason))
    if isinstance(reason, TimeoutError | socket.timeout):
        return FetchError(f"{url} did not answer within {settings.FETCH_TIMEOUT_SECONDS:g} s.")
    return FetchError(f"{url} cannot be reached ({reason}).")


def checked_content_type(headers: Message) -> str:
    content_type = headers.get_content_type()
    if content_type not in ACCEPTED_TYPES:
        raise FetchError(
            f"The page is “{content_type}”, not a web page or text: only HTML and plain text "
            "articles can be fetched."
        )
    return content_type


def read_limited(response, limit: int, timeout: float) -> bytes:
    """At most ``limit`` bytes, within ``timeout`` seconds overall (a slow drip counts too)."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(f"The page is larger than the {limit // 1024} KiB limit.")
    deadline = time.monotonic() + timeout
    chunks, size = [], 0
    while chunk := response.read(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise FetchError(f"The page is larger than the {limit // 1024} KiB limit.")
        if time.monotonic() > deadline:
            raise FetchError(f"The page took longer than {timeout:g} s to download.")
        chunks.append(chunk)
    return b"".join(chunks)


def decoded(raw: bytes, charset: str | None) -> str:
    """The page's text, decoded as files and uploads are, with the server's charset first."""
    try:
        return decode_text(raw, charset)
    except DecodingError as error:
        raise FetchError(str(error)) from error
