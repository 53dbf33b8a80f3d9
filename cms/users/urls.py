from django.urls import path

from cms.users import views

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    # Shadows allauth's sign-up: the same answer for known and unknown addresses.
    path("signup/", views.signup, name="account_signup"),
    # Shadows allauth's page of the same name (same address, same name).
    path("email/", views.email_view, name="account_email"),
]
