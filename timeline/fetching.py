"""Fetching articles and feeds by URL, without letting a URL reach the server's own network.

Every connection, including each redirect, resolves the host and refuses private, loopback,
link-local and other non-public addresses (unless the host or address is in ``FETCH_ALLOW_HOSTS``,
or ``FETCH_ALLOW_PRIVATE_ADDRESSES`` is on), then connects to the address it checked, so a DNS
answer cannot change between check and use. A fetch has one deadline: every read from the
network, of the headers as of the body, waits at most for the time left, so a server dripping one
byte a second cannot hold a worker.
"""

import contextlib
import contextvars
import http.client
import ipaddress
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from django.conf import settings

from .extraction.decoding import DecodingError, decode_text


@dataclass(frozen=True)
class Wanted:
    """What a fetch accepts: media types, the Accept header it sends, and what it says of others."""

    types: frozenset[str]
    accept: str
    refusal: str  # formatted with {content_type}


ARTICLE = Wanted(
    frozenset({"text/html", "application/xhtml+xml", "text/plain"}),
    "text/html, text/plain;q=0.8",
    "The page is “{content_type}”, not a web page or text: only HTML and plain text articles "
    "can be fetched.",
)
FEED = Wanted(
    frozenset(
        {
            "application/rss+xml",
            "application/atom+xml",
            "application/rdf+xml",
            "application/xml",
            "text/xml",
            # Many servers send feeds as HTML or plain text: the feed parser decides what they are.
            "text/html",
            "text/plain",
        }
    ),
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.8",
    "The address gives “{content_type}”, not an RSS or Atom feed.",
)
MAX_REDIRECTS = 3


class FetchError(Exception):
    """The page could not be fetched; the message says why, for the editor who asked."""


class ForbiddenAddress(OSError):
    """Raised while connecting, where urllib expects OSError; turned into a FetchError."""


@dataclass(frozen=True)
class FetchedPage:
    url: str
    content: str | bytes  # bytes when fetched undecoded (feeds: the parser reads the charset)
    content_type: str
    # The response's headers (ETag, Last-Modified, Content-Type with its charset…).
    headers: Message | None = None
    # True when a conditional request was answered "304 Not Modified": no content.
    not_modified: bool = False


# IPv6 ranges whose last 32 bits are an IPv4 address that the packet ends up at: NAT64's
# well-known prefix, IPv4-compatible (deprecated) and IPv4-translated addresses.
EMBEDDING_LAST_32_BITS = [
    ipaddress.ip_network("64:ff9b::/96"),
    ipaddress.ip_network("::/96"),
    ipaddress.ip_network("::ffff:0:0:0/96"),
]
# Local-use NAT64 (RFC 8215): translated inside the operator's own network.
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def is_public_address(address: str) -> bool:
    """Whether ``address`` is a global unicast address, and so is any IPv4 address inside it
    (IPv4-mapped, IPv4-compatible, NAT64, 6to4): ``64:ff9b::7f00:1`` is 127.0.0.1."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in LOCAL_NAT64:
            return False
        embedded = ip.ipv4_mapped or ip.sixtofour or embedded_ipv4(ip)
        if embedded is not None and not is_public_address(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


def embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if any(ip in network for network in EMBEDDING_LAST_32_BITS):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def vetted_addresses(host: str, port: int) -> list[tuple]:
    """The host's addresses as getaddrinfo gives them, all of them checked against the rules."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise FetchError(f"The host “{host}” cannot be found.") from error
    if not getattr(settings, "FETCH_ALLOW_PRIVATE_ADDRESSES", False):
        for *_, sockaddr in infos:
            if not is_public_address(sockaddr[0]) and not is_allowed_host(host, sockaddr[0]):
                raise ForbiddenAddress(
                    f"“{host}” points to a private or local address ({sockaddr[0]}); "
                    "only public web pages can be fetched."
                )
    return infos


def is_allowed_host(host: str, address: str) -> bool:
    """Whether ``FETCH_ALLOW_HOSTS`` lets this host, or this address, be fetched though private.

    Entries are host names (``localhost``), addresses (``127.0.0.1``) or networks
    (``10.8.0.0/16``); meant for tests and internal mirrors only.
    """
    allowed = getattr(settings, "FETCH_ALLOW_HOSTS", [])
    if not allowed:
        return False
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    for entry in allowed:
        if entry.lower() == host.lower().strip("[]"):
            return True
        try:
            if ip in ipaddress.ip_network(entry, strict=False):
                return True
        except ValueError:
            continue  # a host name, which did not match
    return False


# When the fetch running in this thread must be over (time.monotonic()), if one is running.
fetch_deadline: contextvars.ContextVar[float | None] = contextvars.ContextVar(
    "fetch_deadline", default=None
)


def time_left() -> float | None:
    """Seconds until the current fetch's deadline; TimeoutError once it has passed."""
    deadline = fetch_deadline.get()
    if deadline is None:
        return None
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("the fetch's deadline has passed")
    return left


@contextlib.contextmanager
def deadline_in(seconds: float):
    token = fetch_deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        fetch_deadline.reset(token)


class DeadlineSocket(socket.socket):
    """A socket whose every receive waits at most until the fetch's deadline.

    A timeout alone bounds each receive, and a server sending a byte a second never trips it;
    http.client reads headers and body through many receives, each now bounded by what is left.
    """

    def recv_into(self, buffer, nbytes=0, flags=0):
        left = time_left()
        if left is not None:
            self.settimeout(left)
        return super().recv_into(buffer, nbytes, flags)


class DeadlineSSLSocket(ssl.SSLSocket):
    """The same for HTTPS: each TLS read waits at most until the deadline."""

    def recv_into(self, buffer, nbytes=None, flags=0):
        left = time_left()
        if left is not None:
            self.settimeout(left)
        return super().recv_into(buffer, nbytes, flags)


def tls_context() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.sslsocket_class = DeadlineSSLSocket
    return context


def guarded_connection(address, timeout=socket._GLOBAL_DEFAULT_TIMEOUT, source_address=None):
    """socket.create_connection, but only to the vetted addresses of the host, with sockets
    that keep the fetch's deadline."""
    host, port = address
    last_error: OSError | None = None
    for family, kind, proto, _, sockaddr in vetted_addresses(host, port):
        sock = DeadlineSocket(family, kind, proto)
        try:
            left = time_left()
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:
                sock.settimeout(timeout if left is None else min(timeout, left))
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
        GuardedHTTPSHandler(context=tls_context()),
        LimitedRedirectHandler,
    )


def fetch_article(url: str) -> FetchedPage:
    """The page at ``url``, if it is a public HTML or text page within the size and time limits."""
    return fetch(url, ARTICLE)


def fetch_feed(url: str, *, etag: str = "", last_modified: str = "") -> FetchedPage:
    """The feed at ``url`` as bytes (its parser reads the encoding from the XML itself).

    ``etag`` and ``last_modified``, from the previous response, make the request conditional:
    an unchanged feed answers "304 Not Modified" (``not_modified``) and costs nothing.
    """
    conditions = {}
    if etag:
        conditions["If-None-Match"] = etag
    if last_modified:
        conditions["If-Modified-Since"] = last_modified
    return fetch(url, FEED, headers=conditions, decode=False)


def fetch(
    url: str,
    wanted: Wanted,
    *,
    headers: dict[str, str] | None = None,
    decode: bool = True,
) -> FetchedPage:
    """The resource at ``url`` if its type is ``wanted``, within the size and time limits.

    Text comes decoded in the charset the server declared when ``decode`` (else as bytes); a
    "304 Not Modified" answer to a conditional request is a page with ``not_modified`` set.
    """
    check_scheme(url)
    timeout = settings.FETCH_TIMEOUT_SECONDS
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": settings.FETCH_USER_AGENT,
            "Accept": wanted.accept,
            **(headers or {}),
        },
    )
    try:
        with deadline_in(timeout), build_opener().open(request, timeout=timeout) as response:
            content_type = checked_content_type(response.headers, wanted)
            raw = read_limited(response, settings.FETCH_MAX_BYTES, timeout)
            final_url = response.geturl()
            charset = response.headers.get_content_charset()
            response_headers = response.headers
    except urllib.error.HTTPError as error:
        if error.code == 304 and headers:
            return FetchedPage(url, b"", "", headers=error.headers, not_modified=True)
        raise FetchError(f"The site answered “{error.code} {error.reason}” for {url}.") from error
    except urllib.error.URLError as error:
        raise fetch_error_from(error.reason, url) from error
    except (TimeoutError, OSError, http.client.HTTPException) as error:
        raise fetch_error_from(error, url) from error
    content = decoded(raw, charset) if decode else raw
    return FetchedPage(final_url, content, content_type, headers=response_headers)


def fetch_error_from(reason, url: str) -> FetchError:
    if isinstance(reason, FetchError | ForbiddenAddress):
        return FetchError(str(reason))
    if isinstance(reason, TimeoutError | socket.timeout):
        return FetchError(f"{url} did not answer within {settings.FETCH_TIMEOUT_SECONDS:g} s.")
    return FetchError(f"{url} cannot be reached ({reason}).")


def checked_content_type(headers: Message, wanted: Wanted = ARTICLE) -> str:
    content_type = headers.get_content_type()
    if content_type not in wanted.types:
        raise FetchError(wanted.refusal.format(content_type=content_type))
    return content_type


def read_limited(response, limit: int, timeout: float) -> bytes:
    """At most ``limit`` bytes, before the fetch's deadline (every receive keeps it)."""
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise FetchError(f"The page is larger than the {limit // 1024} KiB limit.")
    chunks, size = [], 0
    try:
        while chunk := response.read1(64 * 1024):
            size += len(chunk)
            if size > limit:
                raise FetchError(f"The page is larger than the {limit // 1024} KiB limit.")
            chunks.append(chunk)
    except TimeoutError:
        raise FetchError(f"The page took longer than {timeout:g} s to download.") from None
    return b"".join(chunks)


def decoded(raw: bytes, charset: str | None) -> str:
    """The page's text, decoded as files and uploads are, with the server's charset first."""
    try:
        return decode_text(raw, charset)
    except DecodingError as error:
        raise FetchError(str(error)) from error
