from django.urls import path

from courses import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
]
