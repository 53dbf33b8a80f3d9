"""A URLconf with a training record view, named as the reports link to it (for the link
test)."""

from django.urls import path

from tests.report_urls_without_records import page
from tests.report_urls_without_records import urlpatterns as base

urlpatterns = [*base, path("trainees/<int:user_id>/", page, name="training_trainee")]
