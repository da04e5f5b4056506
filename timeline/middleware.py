"""Request clean-up shared by every page: query strings without control characters.

A NUL typed into ``?q=`` would otherwise reach PostgreSQL, which refuses it with an error (a
500 page for anyone); no query parameter of ours has a use for control characters.
"""

from collections.abc import Callable

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
