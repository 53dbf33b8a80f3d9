"""Wagtail's page view, with the request's Site resolved from the content cache."""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views

from cms.home.site_cache import site_for_request


def serve(request, path):
    site_for_request(request)
    return wagtail_views.serve(request, path)


def favicon(request):
    """Browsers that ask for /favicon.ico get the site's icon from the static files."""
    return redirect(static("favicon.svg"), permanent=True)


@require_safe
def robots(request):
    """robots.txt: what crawlers should leave alone, and where the sitemap of public pages is."""
    context = {"sitemap_url": request.build_absolute_uri(reverse("sitemap"))}
    return TemplateResponse(request, "robots.txt", context, content_type="text/plain")
