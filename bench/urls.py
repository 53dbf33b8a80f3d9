"""The site's URLs and the floor: a bare Django view through the same middleware stack, the
fastest any page of the site could be. Enabled only by `bench.settings`."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request):
    return HttpResponse("floor", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), path("", include("cms.urls"))]
