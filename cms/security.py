"""Response headers that tell the browser what a page may do: a Content-Security-Policy (two:
a strict one for the site, a relaxed one for the admin), a Permissions-Policy, and
`Cache-Control: private, no-store` on personal pages.

The strict policy allows scripts from this site's own files only: no inline script, no
`javascript:` URL, no inline event handler (`onclick=…`) runs on a trainee's page, so markup
that slipped into content could not run even if it reached the page. The Wagtail and Django
admins are written with inline scripts and styles, so their pages (only staff reach them)
get `ADMIN_CONTENT_SECURITY_POLICY` instead: still no plugins, no framing by other sites, no
form posted elsewhere. See docs/security.md.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.utils.cache import patch_vary_headers

# Pages under these prefixes are the admins' own.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
# Pages whose every response is someone's own: their learning, attempts, results,
# certificates, transcript, records, account and profile.
PERSONAL_PREFIXES = ("/learning/", "/accounts/", "/admin/", "/django-admin/")
PRIVATE_NO_STORE = "private, no-store"


def is_admin_path(path: str) -> bool:
    return path.startswith(ADMIN_PREFIXES)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy on the admin's pages."""

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts


class PrivacyHeadersMiddleware:
    """Adds the Permissions-Policy to every response, and `Cache-Control: private, no-store`
    to personal pages, so that neither a shared proxy nor the browser's disk keeps a copy of a
    trainee's results, record or account (the back button on a shared computer included).

    Personal: every response under PERSONAL_PREFIXES, and every response to a signed-in
    person (course and lesson pages show their progress and answers). A page that is the same
    for everyone, such as public certificate verification to an anonymous visitor, keeps its
    ordinary caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.PERMISSIONS_POLICY
        if is_personal(request):
            cache_control = response.get("Cache-Control", "")
            if "no-store" not in cache_control or "private" not in cache_control:
                response["Cache-Control"] = PRIVATE_NO_STORE
                response.headers.pop("Expires", None)
            patch_vary_headers(response, ["Cookie"])
        return response


def is_personal(request) -> bool:
    if request.path_info.startswith(PERSONAL_PREFIXES):
        return True
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)
