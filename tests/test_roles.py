"""Each editorial role can do exactly its part: a course author edits and submits for review
but cannot publish, a clinical reviewer approves (which publishes) without other rights, and
a trainee gets a 403 page in the admin."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import WorkflowState

from courses.models import LessonPage
from courses.roles import CLINICAL_REVIEWERS, COURSE_AUTHORS, WORKFLOW, ensure_roles
from tests.factories import course_index, lessons_of, make_course, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    course = make_course(modules=1, lessons_per_module=1)
    ensure_roles(course_index())
    lesson = lessons_of(course)[0]
    lesson.save_revision().publish()
    return LessonPage.objects.get(pk=lesson.pk)


def member(username, group):
    user = make_user(username)
    user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return get_user_model().objects.get(pk=user.pk), client


def test_an_author_edits_and_submits_but_cannot_publish_on_any_path(lesson):
    author, client = member("author", COURSE_AUTHORS)
    rights = lesson.permissions_for_user(author)
    assert rights.can_edit() and lesson.get_parent().permissions_for_user(author).can_add_subpage()
    assert not rights.can_publish() and not rights.can_unpublish() and not rights.can_delete()
    edit = client.get(f"/admin/pages/{lesson.pk}/edit/").content.decode()
    assert 'name="action-submit"' in edit and 'name="action-publish"' not in edit
    # The listing's bulk publish refuses too, and nothing changes.
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.summary = "An unreviewed change."
    draft.save_revision(user=author)
    client.post(f"/admin/bulk/wagtailcore/page/publish/?id={lesson.pk}", {})
    assert LessonPage.objects.get(pk=lesson.pk).summary == "A lesson summary."
    assert author.has_perm("courses.change_reference")


def test_a_reviewer_approves_a_submitted_change_which_then_goes_live(lesson):
    author, _ = member("author", COURSE_AUTHORS)
    reviewer, client = member("reviewer", CLINICAL_REVIEWERS)
    draft = LessonPage.objects.get(pk=lesson.pk)
    draft.summary = "Revised after the new trial."
    draft.save_revision(user=author)
    workflow = draft.get_workflow()
    assert workflow.name == WORKFLOW
    state = workflow.start(draft, author)
    task_state = state.current_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{lesson.pk}/approve/{task_state.pk}/",
        {"comment": "Checked against the sources."},
    )
    assert response.status_code == 302
    assert LessonPage.objects.get(pk=lesson.pk).summary == "Revised after the new trial."
    assert WorkflowState.objects.get(pk=state.pk).status == WorkflowState.STATUS_APPROVED
    # Approving is all they may do: no new pages, no deleting, no references, no users.
    assert not lesson.get_parent().permissions_for_user(reviewer).can_add_subpage()
    assert not reviewer.has_perm("courses.change_reference")
    for action in ("delete", "unpublish"):
        response = client.post(f"/admin/pages/{lesson.pk}/{action}/", {})
        assert response.status_code == 302 and response["Location"].endswith("/edit/")
        assert LessonPage.objects.filter(pk=lesson.pk, live=True).exists()
    client.post(f"/admin/bulk/wagtailcore/page/delete/?id={lesson.pk}", {})
    assert LessonPage.objects.filter(pk=lesson.pk, live=True).exists()
    assert client.get("/admin/users/").status_code in (302, 403)


def test_a_trainee_gets_a_403_page_in_the_admin(lesson):
    trainee = make_user("trainee")
    client = Client()
    client.force_login(trainee)
    assert client.get("/admin/").status_code == 403


def test_setting_up_the_roles_again_changes_nothing(lesson):
    groups = list(Group.objects.values_list("name", "permissions"))
    ensure_roles(course_index())
    assert sorted(Group.objects.values_list("name", "permissions")) == sorted(groups)
