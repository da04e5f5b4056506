"""What every request goes through: query strings without control characters, and the
client's address as the login lockout and the download limit see it.

A NUL typed into ``?q=`` would otherwise reach PostgreSQL, which refuses it with an error (a
500 page for anyone); no query parameter of ours has a use for control characters.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, QueryDict

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
