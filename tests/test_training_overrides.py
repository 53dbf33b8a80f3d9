"""A training administrator's overrides take effect, keep every record and are logged with
who, when and why: extra attempts and extra time, reopening and voiding an attempt,
enrolling and unenrolling."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db.models import F
from django.test import Client
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.learning import audit
from courses.learning.models import Enrolment, LessonCompletion, QuizAttempt, QuizOverride
from courses.learning.permissions import TRAINING_ADMINISTRATORS
from courses.learning.services.enrolment import (
    EnrolmentRefused,
    enrol,
    enrol_trainee,
    unenrol_trainee,
)
from courses.learning.services.overrides import (
    OverrideRefused,
    reopen_attempt,
    set_quiz_override,
    void_attempt,
)
from courses.learning.summary import learning_summary
from tests.factories import complete, lessons_of, make_user
from tests.quiz_helpers import all_right, all_wrong, quiz_setting, start, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator():
    user = make_user("training-admin", full_name="Ada Admin")
    user.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    return user


def log_entries(trainee, action):
    return list(
        ModelLogEntry.objects.for_instance(trainee).filter(action=action).order_by("timestamp")
    )


def used_up(client, quiz, times):
    attempts = []
    for _ in range(times):
        attempt = start(client, quiz)
        attempts.append(submit(client, attempt, all_wrong(attempt)))
    return attempts


def test_an_extra_attempt_can_be_started_after_the_limit(administrator):
    course, module, quiz, trainee, client = quiz_setting(max_attempts=2)
    used_up(client, quiz, 2)
    refused = client.post(f"/learning/quizzes/{quiz.pk}/start/", follow=True)
    assert "You have used every attempt" in refused.content.decode()
    assert QuizAttempt.objects.filter(user=trainee).count() == 2

    set_quiz_override(
        trainee, quiz, extra_attempts=1, extra_minutes=0, reason="Fire alarm", by=administrator
    )
    page = client.get(quiz.url).content.decode()
    assert "left: 1" in page and "3 (including 1 extra for you)" in page
    third = start(client, quiz)
    assert third.number == 3
    submit(client, third, all_wrong(third))
    again = client.post(f"/learning/quizzes/{quiz.pk}/start/", follow=True)
    assert "You have used every attempt" in again.content.decode()
    assert QuizAttempt.objects.filter(user=trainee).count() == 3


def test_the_override_is_logged_with_who_when_and_why(administrator):
    course, module, quiz, trainee, client = quiz_setting(max_attempts=2, time_limit_minutes=20)
    set_quiz_override(
        trainee, quiz, extra_attempts=1, extra_minutes=30, reason="Dyslexia", by=administrator
    )
    set_quiz_override(
        trainee, quiz, extra_attempts=2, extra_minutes=30, reason="Second fire", by=administrator
    )
    entries = log_entries(trainee, audit.QUIZ_OVERRIDE)
    assert [entry.user for entry in entries] == [administrator, administrator]
    assert [entry.data["reason"] for entry in entries] == ["Dyslexia", "Second fire"]
    assert entries[1].data["before"] == {"extra_attempts": 1, "extra_minutes": 30}
    assert entries[1].data["after"] == {"extra_attempts": 2, "extra_minutes": 30}
    assert entries[0].timestamp <= entries[1].timestamp <= timezone.now()
    message = entries[1].formatter.format_message(entries[1])
    assert message.startswith(f"Allowed 2 extra attempts and 30 extra minutes on “{quiz.title}”")
    override = QuizOverride.objects.get(user=trainee, quiz_id=quiz.pk)
    assert (override.extra_attempts, override.granted_by) == (2, administrator)


def test_extra_time_extends_the_deadline_of_a_new_attempt(administrator):
    course, module, quiz, trainee, client = quiz_setting(time_limit_minutes=20)
    set_quiz_override(
        trainee, quiz, extra_attempts=0, extra_minutes=10, reason="Accommodation", by=administrator
    )
    attempt = start(client, quiz)
    allowed = attempt.deadline - attempt.started_at
    assert allowed == timedelta(minutes=30)


def test_extra_time_extends_an_attempt_in_progress(administrator):
    course, module, quiz, trainee, client = quiz_setting(time_limit_minutes=20)
    attempt = start(client, quiz)
    deadline = attempt.deadline
    set_quiz_override(
        trainee, quiz, extra_attempts=0, extra_minutes=15, reason="Accommodation", by=administrator
    )
    attempt.refresh_from_db()
    assert attempt.deadline == deadline + timedelta(minutes=15)
    # 25 minutes in: past the quiz's own 20 minutes, the trainee's answers still count.
    earlier = timedelta(minutes=25)
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        started_at=F("started_at") - earlier, deadline=F("deadline") - earlier
    )
    attempt = submit(client, attempt, all_right(attempt))
    assert attempt.percent == 100 and not attempt.closed_by_time_limit


def test_an_untimed_quiz_stays_untimed(administrator):
    course, module, quiz, trainee, client = quiz_setting()
    set_quiz_override(
        trainee, quiz, extra_attempts=0, extra_minutes=15, reason="Accommodation", by=administrator
    )
    assert start(client, quiz).deadline is None


def test_voiding_keeps_the_row_and_frees_an_attempt(administrator):
    course, module, quiz, trainee, client = quiz_setting(max_attempts=1)
    (first,) = used_up(client, quiz, 1)
    before = QuizAttempt.objects.filter(pk=first.pk).values().get()
    void_attempt(first, reason="Taken on a broken device", by=administrator)
    row = QuizAttempt.objects.filter(pk=first.pk).values().get()
    assert row["voided_by_id"] == administrator.pk
    assert row["void_reason"] == "Taken on a broken device" and row["voided_at"] is not None
    unchanged = {k: v for k, v in row.items() if not k.startswith("void")}
    assert unchanged == {k: v for k, v in before.items() if not k.startswith("void")}
    second = start(client, quiz)
    assert second.number == 2
    (entry,) = log_entries(trainee, audit.ATTEMPT_VOID)
    assert entry.user == administrator and entry.data["attempt"]["number"] == 1
    with pytest.raises(OverrideRefused):
        void_attempt(first, reason="Again", by=administrator)
    with pytest.raises(OverrideRefused):  # in progress
        void_attempt(second, reason="Too soon", by=administrator)


def test_a_voided_attempt_no_longer_decides_the_pass(administrator):
    course, module, quiz, trainee, client = quiz_setting(max_attempts=3)
    complete(trainee, lessons_of(course)[:1])
    attempt = start(client, quiz)
    passed = submit(client, attempt, all_right(attempt))
    later_lesson = lessons_of(course)[1]
    assert client.get(later_lesson.url).status_code == 200
    void_attempt(passed, reason="Answers shared by another trainee", by=administrator)
    assert client.get(later_lesson.url).status_code == 403


def test_reopening_lets_the_trainee_carry_on_and_is_graded_afresh(administrator):
    course, module, quiz, trainee, client = quiz_setting(max_attempts=1, time_limit_minutes=20)
    (attempt,) = used_up(client, quiz, 1)
    assert attempt.percent == 0
    reopened = reopen_attempt(attempt, reason="Submitted by mistake", by=administrator)
    assert reopened.is_open and reopened.score is None
    assert reopened.deadline > timezone.now() + timedelta(minutes=19)
    assert QuizAttempt.objects.filter(user=trainee).count() == 1
    resumed = client.get(f"/learning/attempts/{attempt.public_id}/")
    assert resumed.status_code == 200 and b'name="submit"' in resumed.content
    graded = submit(client, reopened, all_right(reopened))
    assert graded.percent == 100 and graded.number == 1
    (entry,) = log_entries(trainee, audit.ATTEMPT_REOPEN)
    assert entry.data["attempt"]["percent"] == "0" and entry.data["reason"] == (
        "Submitted by mistake"
    )


def test_reopening_is_refused_while_another_attempt_is_open(administrator):
    course, module, quiz, trainee, client = quiz_setting(max_attempts=3)
    (first,) = used_up(client, quiz, 1)
    start(client, quiz)
    with pytest.raises(OverrideRefused):
        reopen_attempt(first, reason="Mistake", by=administrator)
    void_attempt(first, reason="Broken", by=administrator)
    with pytest.raises(OverrideRefused):
        reopen_attempt(first, reason="Mistake", by=administrator)
    assert not log_entries(trainee, audit.ATTEMPT_REOPEN)


def test_unenrolling_closes_the_course_and_keeps_the_records(administrator):
    course, module, quiz, trainee, client = quiz_setting()
    lesson = lessons_of(course)[0]
    client.post(f"/learning/complete/{lesson.pk}/")
    enrolment = Enrolment.objects.get(user=trainee)
    unenrol_trainee(enrolment, reason="Left the programme", by=administrator)
    assert client.get(lesson.url).status_code == 403
    assert client.post(f"/learning/quizzes/{quiz.pk}/start/").status_code == 302
    assert not QuizAttempt.objects.filter(user=trainee).exists()
    assert learning_summary(trainee).in_progress == []
    assert Enrolment.objects.filter(user=trainee).count() == 1
    assert LessonCompletion.objects.filter(user=trainee).count() == 1
    with pytest.raises(EnrolmentRefused):
        unenrol_trainee(enrolment, reason="Twice", by=administrator)

    enrol_trainee(trainee, course, reason="Came back", by=administrator)
    enrolment.refresh_from_db()
    assert enrolment.unenrolled_at is None
    assert client.get(lesson.url).status_code == 200
    assert Enrolment.objects.filter(user=trainee).count() == 1
    assert [e.course.pk for e in learning_summary(trainee).in_progress] == [course.pk]
    with pytest.raises(EnrolmentRefused):
        enrol_trainee(trainee, course, reason="Twice", by=administrator)
    unenrolled, enrolled = (
        log_entries(trainee, audit.UNENROL),
        log_entries(trainee, audit.ENROL),
    )
    assert [entry.data["reason"] for entry in unenrolled] == ["Left the programme"]
    assert [(entry.data["reason"], entry.data["again"]) for entry in enrolled] == [
        ("Came back", True)
    ]


def test_an_administrator_enrols_a_trainee_who_never_enrolled(administrator):
    course, module, quiz, trainee, client = quiz_setting()
    newcomer = make_user("newcomer")
    enrol_trainee(newcomer, course, reason="Sponsored place", by=administrator)
    assert Enrolment.objects.get(user=newcomer).course_id == course.pk
    (entry,) = log_entries(newcomer, audit.ENROL)
    assert entry.data["again"] is False and entry.user == administrator


def test_a_trainee_enrolling_again_after_an_unenrolment_is_logged(administrator):
    course, module, quiz, trainee, client = quiz_setting()
    unenrol_trainee(Enrolment.objects.get(user=trainee), reason="Paused", by=administrator)
    _enrolment, again = enrol(trainee, course)
    assert again and Enrolment.objects.get(user=trainee).unenrolled_at is None
    (entry,) = log_entries(trainee, audit.ENROL)
    assert entry.user == trainee and entry.data["again"] is True


def test_a_completed_course_stays_in_my_learning_after_unenrolment(administrator):
    course, module, quiz, trainee, client = quiz_setting()
    quiz.delete()
    complete(trainee, lessons_of(course)[:-1])
    client.post(f"/learning/complete/{lessons_of(course)[-1].pk}/")
    enrolment = Enrolment.objects.get(user=trainee)
    assert enrolment.completed_at is not None
    unenrol_trainee(enrolment, reason="Programme over", by=administrator)
    summary = learning_summary(trainee)
    assert [entry.enrolment.pk for entry in summary.completed] == [enrolment.pk]


def test_nothing_here_deletes_a_record(administrator):
    course, module, quiz, trainee, client = quiz_setting(max_attempts=1)
    (attempt,) = used_up(client, quiz, 1)
    void_attempt(attempt, reason="x", by=administrator)
    unenrol_trainee(Enrolment.objects.get(user=trainee), reason="x", by=administrator)
    enrol_trainee(trainee, course, reason="x", by=administrator)
    assert QuizAttempt.objects.filter(user=trainee).count() == 1
    assert Enrolment.objects.filter(user=trainee).count() == 1


def test_reopened_attempt_of_the_trainee_is_theirs_only(administrator):
    course, module, quiz, trainee, client = quiz_setting(max_attempts=1)
    (attempt,) = used_up(client, quiz, 1)
    reopen_attempt(attempt, reason="Mistake", by=administrator)
    other = Client()
    other.force_login(make_user("someone-else"))
    assert other.get(f"/learning/attempts/{attempt.public_id}/").status_code == 404
