"""Every training-administration view needs the permission: a course author and a trainee
get a 403 page, an anonymous visitor the sign-in page, and a training administrator the
view. Nothing changes for those refused; an unknown trainee, quiz or attempt is a 404."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.learning.models import Enrolment, QuizAttempt, QuizOverride
from tests.factories import make_editor
from tests.training_admin_helpers import World, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World()


def pages(world):
    """Every training-administration page, by name, as (url, POST data)."""
    reason = {"reason": "Testing access"}
    return {
        "trainees": (reverse("training_trainees"), None),
        "trainees results": (reverse("training_trainees_results"), None),
        "trainee": (reverse("training_trainee", args=[world.trainee.pk]), None),
        "attempt": (reverse("training_attempt", args=[world.attempt.pk]), None),
        "override": (
            reverse("training_quiz_override", args=[world.trainee.pk, world.quiz.pk]),
            {"extra_attempts": 2, "extra_minutes": 0, **reason},
        ),
        "reopen": (reverse("training_attempt_reopen", args=[world.attempt.pk]), reason),
        "void": (reverse("training_attempt_void", args=[world.attempt.pk]), reason),
        "enrol": (
            reverse("training_enrol", args=[world.other_trainee.pk]),
            {"course": world.course.pk, **reason},
        ),
        "unenrol": (reverse("training_unenrol", args=[world.enrolment.pk]), reason),
        "cohorts": (reverse("training_cohorts:index"), None),
        "cohort": (reverse("training_cohorts:inspect", args=[world.cohort.pk]), None),
        "cohort add": (
            reverse("training_cohorts:add"),
            {"name": "Autumn", "course": world.course.pk},
        ),
        "cohort edit": (
            reverse("training_cohorts:edit", args=[world.cohort.pk]),
            {"name": "Renamed", "course": world.course.pk},
        ),
        "cohort history": (reverse("training_cohorts:history", args=[world.cohort.pk]), None),
        "cohort delete": (reverse("training_cohorts:delete", args=[world.empty_cohort.pk]), {}),
        "cohort import": (reverse("training_cohort_import", args=[world.cohort.pk]), {}),
    }


def state():
    return (
        list(Enrolment.objects.order_by("pk").values()),
        list(QuizAttempt.objects.order_by("pk").values()),
        QuizOverride.objects.count(),
        ModelLogEntry.objects.count(),
    )


@pytest.mark.parametrize("who", ["author", "trainee"])
def test_authors_and_trainees_get_403_and_change_nothing(world, who):
    client = signed_in(world.author if who == "author" else world.trainee)
    before = state()
    for name, (url, data) in pages(world).items():
        response = client.get(url)
        assert response.status_code == 403, (name, response.status_code)
        if data is not None:
            assert client.post(url, data).status_code == 403, name
    assert state() == before


def test_the_403_page_says_what_is_needed(world):
    response = signed_in(world.author).get(reverse("training_trainees"))
    assert response.status_code == 403
    assert "Training administrators" in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(world):
    client = Client()
    for name, (url, data) in pages(world).items():
        response = client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith("/accounts/login/"), (name, response["Location"])
        if data is not None:
            assert client.post(url, data).status_code == 302, name


@pytest.mark.parametrize("who", ["training administrator", "superuser"])
def test_training_administrators_and_superusers_see_every_page(world, who):
    user = world.admin if who == "training administrator" else make_editor("root")
    client = signed_in(user)
    for name, (url, _data) in pages(world).items():
        assert client.get(url).status_code == 200, name


def test_unknown_records_are_404_for_administrators_and_403_for_others(world):
    missing = 10**9
    pages = [
        reverse("training_trainee", args=[missing]),
        reverse("training_attempt", args=[missing]),
    ]
    actions = [
        reverse("training_quiz_override", args=[missing, world.quiz.pk]),
        reverse("training_quiz_override", args=[world.trainee.pk, missing]),
        reverse("training_attempt_reopen", args=[missing]),
        reverse("training_attempt_void", args=[missing]),
        reverse("training_enrol", args=[missing]),
        reverse("training_unenrol", args=[missing]),
        reverse("training_cohort_import", args=[missing]),
        reverse("training_cohort_import_preview", args=[missing]),
    ]
    admin, author = signed_in(world.admin), signed_in(world.author)
    data = {"reason": "x", "extra_attempts": 1, "extra_minutes": 0, "course": world.course.pk}
    before = state()
    for url in pages + actions:
        assert admin.get(url).status_code == 404, url
        assert author.get(url).status_code == 403, url
    for url in actions:
        assert admin.post(url, data).status_code == 404, url
        assert author.post(url, data).status_code == 403, url
    assert state() == before


def test_the_training_menu_shows_only_to_those_who_administer_training(world):
    admin_home = signed_in(world.admin).get(reverse("wagtailadmin_home")).content.decode()
    author_home = signed_in(world.author).get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("training_trainees") in admin_home
    assert reverse("training_cohorts:index") in admin_home
    assert reverse("training_trainees") not in author_home
    assert reverse("training_cohorts:index") not in author_home


def test_the_group_cannot_edit_pages(world):
    client = signed_in(world.admin)
    response = client.get(reverse("wagtailadmin_pages:edit", args=[world.course.pk]))
    assert response.status_code == 302  # Wagtail's refusal: back to the dashboard
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not world.admin.has_perm("wagtailcore.change_page")
