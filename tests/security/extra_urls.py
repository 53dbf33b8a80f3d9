"""The site's URLs with one more that no rule classifies (see test_access_control)."""

from django.http import HttpResponse
from django.urls import path

from cms.urls import urlpatterns as site_urlpatterns


def new_view(request):
    return HttpResponse("new")  # pragma: no cover - never requested


new_view.__module__ = "courses.learning.views.journey"  # as if the project added it

urlpatterns = [path("learning/new-report/<int:pk>/", new_view, name="new_report")]
urlpatterns += site_urlpatterns
