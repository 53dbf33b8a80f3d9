"""The Site of a request, its home page and its settings, kept in the content cache.

Wagtail looks the Site up, then its root page and that page's specific type, on every page
request, and the footer's site settings on every page: four queries for what only changes
when an editor changes a site or its settings (both start a new content generation, see
`courses.signals`). The key holds a hash of the request's host, which Django has already
checked against ALLOWED_HOSTS.
"""

import hashlib

from wagtail.models import Site

from cms.shared_cache import cached


def host_key(request) -> str:
    return hashlib.sha256(request.get_host().encode()).hexdigest()[:16]


def find_site(request) -> Site | None:
    site = Site.find_for_request(request)
    if site is not None:
        site.root_page.specific  # noqa: B018 - kept with the site
    return site


def site_for_request(request) -> Site | None:
    """The request's Site, cached with its root page; set where Wagtail looks for it."""
    if not hasattr(request, "_wagtail_site"):
        request._wagtail_site = cached("site", (host_key(request),), lambda: find_site(request))
    return request._wagtail_site
