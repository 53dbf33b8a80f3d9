"""Path converters for the site's URLs, registered when this module is imported: a URL
module that uses one imports this module first."""

from django.urls import register_converter

# The largest id a 64-bit integer column holds (PostgreSQL bigint, SQLite integer).
MAX_ID = 2**63 - 1


class IdConverter:
    """A database id: 1 to 2⁶³−1. Anything larger is no match, so the URL answers 404
    instead of overflowing in the database driver."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError(f"{value} is not a database id")
        return number

    def to_url(self, value) -> str:
        return str(int(value))


register_converter(IdConverter, "id")
