from django.urls import path

from cms.users import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
]
