"""The server-error page, and the "temporarily unavailable" page when the database is.

Django calls `server_error` (the `handler500`) for an exception nothing else handled,
wherever it was raised: a view, a middleware, a template. When the exception says the
database could not be reached or the connection broke (`OperationalError`,
`InterfaceError`), the visitor gets 503 and `503.html`, which asks them to try again in a
few minutes; anything else is 500 and `500.html`. Both templates are rendered without a
request or context processors, so they need neither the database nor a session, and show no
detail of the error.

Nothing is half-written by a broken connection: each change to a training record runs in one
transaction (`courses.learning.services`), which the database rolls back when the
connection goes before the commit.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, DATABASE_UNAVAILABLE):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request, *args, **kwargs):
    if database_unavailable(sys.exc_info()[1]):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    else:
        response = HttpResponseServerError(loader.get_template("500.html").render())
    response["Cache-Control"] = "no-store"
    return response
