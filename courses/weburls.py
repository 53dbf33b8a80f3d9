"""Web addresses that may become a link on a page: http(s) only.

A reference's URL, a retraction notice's URL or a video's address can arrive past the admin
form's validation (a data file, a script, an import). The validator refuses anything but
http(s) where a model is cleaned; `web_url` is the second defence, where a link is drawn: a
`javascript:`, `data:` or other address is never rendered as a clickable link.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

WEB_SCHEMES = ("http", "https")

validate_web_url = URLValidator(
    schemes=list(WEB_SCHEMES),
    message="Enter a web address that starts with http:// or https://.",
)


def is_web_url(url) -> bool:
    """Whether `url` is a well-formed http(s) address (control characters, which browsers
    strip before reading the scheme, make it not one)."""
    if not isinstance(url, str) or not url or url != url.strip():
        return False
    if any(ord(character) < 32 or ord(character) == 127 for character in url):
        return False
    try:
        validate_web_url(url)
    except ValidationError:
        return False
    return urlsplit(url).scheme.lower() in WEB_SCHEMES


def web_url(url) -> str:
    """`url` when it is safe to link to, else the empty string."""
    return url if is_web_url(url) else ""
