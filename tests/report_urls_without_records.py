"""A URLconf with Wagtail's user edit view but no training record view (for the link test)."""

from django.http import HttpResponse
from django.urls import include, path


def page(request, **kwargs):
    return HttpResponse("")


users = ([path("edit/<str:pk>/", page, name="edit")], "wagtailusers_users")
urlpatterns = [path("people/", include(users))]
