"""What every request goes through: query strings without control characters, compressed
public pages, and the client's address as the login lockout and the download limit see it.

A NUL typed into ``?q=`` would otherwise reach PostgreSQL, which refuses it with an error (a
500 page for anyone); no query parameter of ours has a use for control characters.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse

from .extraction.decoding import strip_control_characters


def clean_query_string(get_response: Callable[[HttpRequest], HttpResponse]):
    def middleware(request: HttpRequest) -> HttpResponse:
        if any(
            strip_control_characters(text) != text
            for key, values in request.GET.lists()
            for text in [key, *values]
        ):
            request.GET = cleaned(request.GET)
        return get_response(request)

    return middleware


def cleaned(query: QueryDict) -> QueryDict:
    result = QueryDict(mutable=True)
    for key, values in query.lists():
        result.setlist(strip_control_characters(key), [strip_control_characters(v) for v in values])
    result._mutable = False
    return result


class PublicGZipMiddleware(GZipMiddleware):
    """Gzip for the public pages, when the client accepts it (a timeline page shrinks about
    eightfold), and for nothing that holds a secret.

    BREACH recovers a secret from the size of compressed responses that also reflect what an
    attacker sends (a search typed into a link): so a response whose page used the CSRF token
    (any form that posts), and the whole admin, go out uncompressed. Downloads stream for
    seconds to minutes; compressing them would take the CPU the pages need, so they are left
    to a proxy (see the README).
    """

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            response.streaming
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            or request.path.startswith(reverse("admin:index"))
        ):
            return response
        return super().process_response(request, response)


def client_address(request: HttpRequest) -> str:
    """The client's IP address: the connection's, or behind a reverse proxy the last address in
    the header the proxy sets (``CLIENT_IP_HEADER``, e.g. X-Forwarded-For), which it appended
    itself and so the client cannot forge."""
    if settings.CLIENT_IP_HEADER:
        key = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        forwarded = request.META.get(key, "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")
