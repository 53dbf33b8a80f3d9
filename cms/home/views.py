"""Wagtail's page view, with the request's Site resolved from the content cache."""

from wagtail import views as wagtail_views

from cms.home.site_cache import site_for_request


def serve(request, path):
    site_for_request(request)
    return wagtail_views.serve(request, path)
