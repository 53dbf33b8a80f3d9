"""What a training administrator sees and does in the admin: the trainees list, a trainee's
whole record, an attempt as the trainee saw it, and the override, reopen, void, enrol and
unenrol actions through their forms (each needs a reason and lands in the history)."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from courses.learning import audit
from courses.learning.models import CohortMembership, Enrolment, QuizAttempt, QuizOverride
from tests.factories import complete, lessons_of, make_editor, make_trainee
from tests.quiz_helpers import all_right, start, submit
from tests.training_admin_helpers import World, signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return World(max_attempts=1, time_limit_minutes=20)


@pytest.fixture
def admin(world):
    return signed_in(world.admin)


def text_of(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main") or soup
    return " ".join(main.get_text(" ").split())


def test_the_trainees_list_finds_and_filters_trainees(world, admin):
    make_trainee("cat", full_name="Cat Nobody", email="cat@example.org")
    listing = admin.get(reverse("training_trainees"))
    page = text_of(listing)
    assert "Ana López" in page and "Cat Nobody" in page and "Ben Other" in page
    assert "Tara Admin" not in page and "Aldo Author" not in page  # staff are not trainees
    link = reverse("training_trainee", args=[world.trainee.pk])
    assert f'href="{link}"' in listing.content.decode()
    found = text_of(admin.get(reverse("training_trainees"), {"q": "lópez"}))
    assert "Ana López" in found and "Cat Nobody" not in found
    in_cohort = text_of(admin.get(reverse("training_trainees"), {"cohort": world.cohort.pk}))
    assert "Ana López" in in_cohort and "Cat Nobody" not in in_cohort
    enrolled = text_of(admin.get(reverse("training_trainees"), {"course": world.course.pk}))
    assert "Ana López" in enrolled and "Ben Other" not in enrolled


def test_the_trainee_page_shows_the_whole_record(world, admin):
    response = admin.get(reverse("training_trainee", args=[world.trainee.pk]))
    page = text_of(response)
    for expected in (
        "Ana López",
        "ana@example.org",
        "Psychologist",
        "PSY-0042",
        "Spring cohort",
        "Foundations",
        "In progress",
        lessons_of(world.course)[0].title,
        "Module one quiz, attempt 1",
        "1 of 1",
        "20 minutes",
        "Not passed",
    ):
        assert expected in page, expected
    content = response.content.decode()
    assert reverse("training_attempt", args=[world.attempt.pk]) in content
    assert reverse("training_quiz_override", args=[world.trainee.pk, world.quiz.pk]) in content


def test_an_attempt_opens_as_the_trainee_saw_it_with_answers_and_points(world, admin):
    response = admin.get(reverse("training_attempt", args=[world.attempt.pk]))
    page = text_of(response)
    prompts = [
        question["prompt"]
        for question in world.attempt.snapshot["questions"]
        if question["type"] != "case_vignette"
    ]
    positions = [page.index(prompt) for prompt in prompts]
    assert positions == sorted(positions)  # in the order the trainee was shown
    assert "trainee’s answer" in page and "(correct answer)" in page
    assert "Not right · 0 of 1 point" in page
    assert f"0 of {world.attempt.max_score} points" in page
    assert 'name="' not in response.content.decode().split("<main", 1)[1]  # no form fields


def test_an_open_attempt_shows_saved_answers_without_points(world, admin):
    QuizOverride.objects.create(
        user=world.trainee, quiz_id=world.quiz.pk, extra_attempts=1, reason="x"
    )
    attempt = start(world.trainee_client, world.quiz)
    page = text_of(admin.get(reverse("training_attempt", args=[attempt.pk])))
    assert "Not yet: in progress" in page and "Not right" not in page


def test_granting_an_extra_attempt_through_the_form(world, admin):
    url = reverse("training_quiz_override", args=[world.trainee.pk, world.quiz.pk])
    form_page = admin.get(url)
    assert "The quiz allows 1 attempts" in text_of(form_page)
    refused = admin.post(url, {"extra_attempts": 1, "extra_minutes": 0, "reason": "  "})
    assert refused.status_code == 400 and not QuizOverride.objects.exists()
    done = admin.post(
        url, {"extra_attempts": 1, "extra_minutes": 10, "reason": "Power cut"}, follow=True
    )
    assert "The override on “Module one quiz” is saved." in text_of(done)
    attempt = start(world.trainee_client, world.quiz)
    assert attempt.number == 2
    history = text_of(admin.get(reverse("training_trainee", args=[world.trainee.pk])))
    assert "Allowed 1 extra attempt and 10 extra minutes on “Module one quiz”" in history
    assert "Power cut" in history and "Tara Admin" in history


def test_voiding_and_reopening_through_the_forms(world, admin):
    void_url = reverse("training_attempt_void", args=[world.attempt.pk])
    assert admin.post(void_url, {"reason": ""}).status_code == 400
    admin.post(void_url, {"reason": "Taken on a shared computer"})
    world.attempt.refresh_from_db()
    assert world.attempt.is_voided and QuizAttempt.objects.filter(pk=world.attempt.pk).exists()
    page = text_of(admin.get(reverse("training_trainee", args=[world.trainee.pk])))
    assert "Voided" in page and "Taken on a shared computer" in page
    # A voided attempt cannot be reopened: the form says so and nothing changes.
    reopen_url = reverse("training_attempt_reopen", args=[world.attempt.pk])
    refused = admin.post(reopen_url, {"reason": "Mistake"}, follow=True)
    assert "cannot be reopened" in text_of(refused)
    second = start(world.trainee_client, world.quiz)
    second = submit(world.trainee_client, second, all_right(second))
    admin.post(reverse("training_attempt_reopen", args=[second.pk]), {"reason": "Asked to review"})
    second.refresh_from_db()
    assert second.is_open and second.percent is None
    actions = list(
        ModelLogEntry.objects.for_instance(world.trainee).values_list("action", flat=True)
    )
    assert audit.ATTEMPT_VOID in actions and audit.ATTEMPT_REOPEN in actions


def test_unenrolling_and_enrolling_again_through_the_forms(world, admin):
    admin.post(
        reverse("training_unenrol", args=[world.enrolment.pk]), {"reason": "Left the clinic"}
    )
    world.enrolment.refresh_from_db()
    assert world.enrolment.unenrolled_at is not None
    page = text_of(admin.get(reverse("training_trainee", args=[world.trainee.pk])))
    assert "Unenrolled" in page and "Enrol again" in page
    enrol_url = reverse("training_enrol", args=[world.trainee.pk])
    assert (
        f'value="{world.course.pk}" selected'
        in admin.get(enrol_url, {"course": world.course.pk}).content.decode()
    )
    admin.post(enrol_url, {"course": world.course.pk, "reason": "Rejoined"})
    world.enrolment.refresh_from_db()
    assert world.enrolment.unenrolled_at is None
    assert Enrolment.objects.filter(user=world.trainee).count() == 1
    # The course is no longer offered: the trainee is enrolled in it.
    offered = admin.get(enrol_url).context["form"].fields["course"].queryset
    assert world.course.pk not in {course.pk for course in offered}


def test_the_users_list_and_edit_page_link_to_the_training_record(world):
    manager = signed_in(make_editor("user-manager"))
    link = reverse("training_trainee", args=[world.trainee.pk])
    listing = manager.get(reverse("wagtailusers_users:index"))
    assert link in listing.content.decode()
    edit = manager.get(reverse("wagtailusers_users:edit", args=[world.trainee.pk]))
    assert link in edit.content.decode()


def queries_for(client, url) -> int:
    client.get(url)  # warm the caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_trainees(world, count, start_at):
    for n in range(start_at, start_at + count):
        trainee = make_trainee(f"bulk-{n}", enrolled_in=world.course, full_name=f"Bulk {n}")
        complete(trainee, lessons_of(world.course)[:1])
        CohortMembership.objects.create(cohort=world.cohort, user=trainee)


def test_list_pages_cost_the_same_whatever_the_number_of_trainees(world, admin):
    urls = [
        reverse("training_trainees"),
        reverse("training_trainees") + f"?cohort={world.cohort.pk}&q=bulk",
        reverse("training_cohorts:index"),
        reverse("training_cohorts:inspect", args=[world.cohort.pk]),
    ]
    add_trainees(world, 2, 0)
    few = [queries_for(admin, url) for url in urls]
    add_trainees(world, 20, 100)
    many = [queries_for(admin, url) for url in urls]
    assert few == many


def test_the_trainee_page_costs_the_same_however_long_the_record(world, admin):
    url = reverse("training_trainee", args=[world.trainee.pk])
    short = queries_for(admin, url)
    QuizOverride.objects.create(
        user=world.trainee, quiz_id=world.quiz.pk, extra_attempts=3, reason="x"
    )
    for _ in range(3):
        attempt = start(world.trainee_client, world.quiz)
        submit(world.trainee_client, attempt, all_right(attempt))
    complete(world.trainee, lessons_of(world.course)[1:])
    assert queries_for(admin, url) == short


def test_cohorts_are_added_edited_and_kept_while_they_have_members(world, admin):
    from courses.learning.models import Cohort

    add = reverse("training_cohorts:add")
    wrong = admin.post(
        add,
        {"name": "Autumn", "course": world.course.pk, "starts_on": "2026-10-01",
         "due_on": "2026-09-01"},
    )  # fmt: skip
    assert wrong.status_code == 200
    assert "The due date comes before the start date." in wrong.content.decode()
    duplicate = admin.post(add, {"name": "Spring cohort", "course": world.course.pk})
    assert duplicate.status_code == 200 and not Cohort.objects.filter(name="").exists()
    admin.post(
        add,
        {"name": "Autumn", "course": world.course.pk, "starts_on": "2026-10-01",
         "due_on": "2026-12-01"},
    )  # fmt: skip
    autumn = Cohort.objects.get(name="Autumn")
    assert str(autumn.due_on) == "2026-12-01"
    assert ModelLogEntry.objects.for_instance(autumn).filter(action="wagtail.create").exists()

    refused = admin.post(reverse("training_cohorts:delete", args=[world.cohort.pk]), follow=True)
    assert "has members, so it cannot be deleted" in text_of(refused)
    assert Cohort.objects.filter(pk=world.cohort.pk).exists()
    admin.post(reverse("training_cohorts:delete", args=[autumn.pk]))
    assert not Cohort.objects.filter(pk=autumn.pk).exists()


def test_the_cohort_page_shows_each_member_and_who_is_behind(world, admin):
    from datetime import timedelta

    from django.utils import timezone

    world.cohort.due_on = timezone.localdate() - timedelta(days=2)
    world.cohort.save()
    page = text_of(admin.get(reverse("training_cohorts:inspect", args=[world.cohort.pk])))
    assert "Ana López" in page and "1 of 2" in page  # lessons done of the course's lessons
    assert "1: 0 completed, 1 behind" in page and "Behind (due" in page


def test_a_cohort_whose_course_was_deleted_is_still_listed(world, admin):
    from courses.learning.models import Cohort

    other = Cohort.objects.create(name="Orphaned", course_id=world.course.pk)
    world.course.delete()
    listing = text_of(admin.get(reverse("training_cohorts:index")))
    assert "Orphaned" in listing and "Spring cohort" in listing
    page = admin.get(reverse("training_cohorts:inspect", args=[other.pk]))
    assert "no longer in the site" in text_of(page)
    assert admin.get(reverse("training_cohorts:edit", args=[other.pk])).status_code == 200
    assert admin.get(reverse("training_cohort_import", args=[other.pk])).status_code == 200
    assert admin.get(reverse("training_trainee", args=[world.trainee.pk])).status_code == 200


def test_the_actions_show_in_wagtails_own_history_of_the_account(world, admin):
    admin.post(
        reverse("training_quiz_override", args=[world.trainee.pk, world.quiz.pk]),
        {"extra_attempts": 2, "extra_minutes": 15, "reason": "Reading accommodation"},
    )
    admin.post(reverse("training_attempt_void", args=[world.attempt.pk]), {"reason": "Glitch"})
    manager = signed_in(make_editor("user-manager"))
    history = manager.get(reverse("wagtailusers_users:history", args=[world.trainee.pk]))
    page = text_of(history)
    assert "Allowed 2 extra attempts and 15 extra minutes on “Module one quiz”" in page
    assert "Reading accommodation" in page
    assert "Voided attempt 1 at “Module one quiz”" in page and "Glitch" in page
    assert "Tara Admin" in page
