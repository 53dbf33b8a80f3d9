"""Every way of putting content live checks it as the edit form would: a listing's bulk
Publish, scheduled publishing and a clinical reviewer's approval refuse invalid content,
naming the page and the reason, and nothing invalid goes live. Nor does anything go live
without a reviewer: authors cannot publish by any path."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from wagtail.models import Revision, TaskState

from courses.models import LessonPage
from courses.publishing import PublishRefused
from courses.roles import CLINICAL_REVIEWERS, COURSE_AUTHORS, ensure_roles
from tests.factories import course_index, lessons_of, make_course, make_editor, make_user

pytestmark = pytest.mark.django_db

EMPTY_NOTE = ("callout", {"kind": "note", "title": "", "text": ""})
REASON = "body, block 3 (Callout), text: This field is required"


@pytest.fixture
def lesson():
    course = make_course(modules=1, lessons_per_module=1)
    ensure_roles(course_index())
    lesson = lessons_of(course)[0]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def draft_with_empty_note(lesson, user=None, **fields):
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.body = [*[(block.block_type, block.value) for block in draft.body], EMPTY_NOTE]
    draft.summary = "An invalid change."
    for name, value in fields.items():
        setattr(draft, name, value)
    return draft.save_revision(user=user)


def live(lesson):
    return LessonPage.objects.get(pk=lesson.pk)


def member(username, group):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def error_messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_publishing_an_invalid_revision_is_refused_whatever_calls_it(lesson):
    revision = draft_with_empty_note(lesson)
    with pytest.raises(PublishRefused) as refused:
        revision.publish()
    assert lesson.title in str(refused.value) and REASON in str(refused.value)
    assert live(lesson).summary == "A lesson summary."


def test_bulk_publish_refuses_invalid_content_naming_the_page_and_reason(lesson):
    draft_with_empty_note(lesson)
    client = signed_in(make_editor())
    response = client.post(f"/admin/bulk/wagtailcore/page/publish/?id={lesson.pk}", {})
    assert response.status_code == 302
    shown = " ".join(error_messages(response))
    assert f"“{lesson.title}” was not published" in shown and REASON in shown
    assert "Nothing was published" in shown
    assert live(lesson).summary == "A lesson summary."


def test_bulk_publish_still_publishes_valid_content(lesson):
    draft = live(lesson)
    draft.summary = "A valid change."
    draft.save_revision()
    client = signed_in(make_editor())
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={lesson.pk}", {})
    assert live(lesson).summary == "A valid change."


def test_bulk_publish_with_descendants_checks_the_unpublished_descendants(lesson):
    module = lesson.get_parent()
    LessonPage.objects.filter(pk=lesson.pk).update(live=False)
    draft_with_empty_note(lesson)
    client = signed_in(make_editor())
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?id={module.pk}", {"include_descendants": "on"}
    )
    assert REASON in " ".join(error_messages(response))
    assert not live(lesson).live


def test_scheduled_publishing_withholds_invalid_content_and_says_why(lesson):
    due = timezone.now() - datetime.timedelta(minutes=5)
    revision = draft_with_empty_note(lesson)
    # Scheduled before the rules it breaks existed (or by a path that did not check).
    Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=due)
    errors = io.StringIO()
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=errors)
    assert f"“{lesson.title}” was not published" in errors.getvalue()
    assert REASON in errors.getvalue()
    assert live(lesson).summary == "A lesson summary."
    # The schedule is withdrawn, so it is not tried again every minute.
    assert Revision.objects.get(pk=revision.pk).approved_go_live_at is None


def test_scheduled_publishing_publishes_valid_content_when_due(lesson):
    draft = live(lesson)
    draft.summary = "Scheduled and valid."
    revision = draft.save_revision()
    Revision.objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())
    assert live(lesson).summary == "Scheduled and valid."


def test_a_reviewer_cannot_approve_invalid_content(lesson):
    author, _ = member("author", COURSE_AUTHORS)
    _, client = member("reviewer", CLINICAL_REVIEWERS)
    draft_with_empty_note(lesson, user=author)
    state = live(lesson).get_workflow().start(live(lesson), author)
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{lesson.pk}/approve/{task_state.pk}/",
        {"comment": "Looks fine."},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{lesson.pk}/edit/"
    shown = " ".join(error_messages(response))
    assert f"“{lesson.title}” was not published" in shown and REASON in shown
    assert live(lesson).summary == "A lesson summary."
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_IN_PROGRESS
    # Asking for changes is still possible.
    client.post(
        f"/admin/pages/workflow/action/{lesson.pk}/reject/{task_state.pk}/",
        {"comment": "The note is empty."},
    )
    assert TaskState.objects.get(pk=task_state.pk).status == TaskState.STATUS_REJECTED


def test_an_author_cannot_publish_by_bulk_or_by_schedule(lesson):
    author, client = member("author", COURSE_AUTHORS)
    draft = live(lesson)
    draft.summary = "Unreviewed."
    past = timezone.now() - datetime.timedelta(hours=1)
    draft.go_live_at = past
    draft.save_revision(user=author)
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={lesson.pk}", {})
    # A schedule counts only once a publisher approves it; a draft's date is not one.
    call_command("publish_scheduled", stdout=io.StringIO(), stderr=io.StringIO())
    assert live(lesson).summary == "A lesson summary."
