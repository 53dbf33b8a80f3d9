"""An author drafts a change to a lesson in the admin and submits it for clinical review; a
clinical reviewer signs in and approves it from the dashboard; a trainee then reads the
change on the lesson, with "Clinically reviewed by <reviewer> on <date>"."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.dateformat import format as format_date
from playwright.sync_api import expect

from courses.learning.services.enrolment import enrol
from courses.models import CoursePage, LessonPage
from courses.roles import CLINICAL_REVIEWERS, COURSE_AUTHORS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a long enough passphrase"
CHANGE = "Revised after the 2025 trial: screening now includes a cardiac history."


def make_account(username, full_name, group=None):
    user = get_user_model().objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        full_name=full_name,
        profession="psychologist",
    )
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def sign_in(page, site, login, next_url="/admin/"):
    page.goto(f"{site}/accounts/login/?next={next_url}")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page):
    page.context.clear_cookies()


def test_a_reviewed_change_reaches_trainees_with_its_review_date(demo_site, page, artifacts):
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    lesson = LessonPage.objects.get(pk=course.navigation().steps[0].pk)
    make_account("writer", "Wren Writer", COURSE_AUTHORS)
    make_account("checker", "Rosa Reviewer", CLINICAL_REVIEWERS)
    trainee = make_account("learner", "Lee Learner")
    enrol(trainee, course)

    # The author drafts the change and submits it; the page is not published.
    sign_in(page, demo_site, "writer")
    page.wait_for_url("**/admin/")
    page.goto(f"{demo_site}/admin/pages/{lesson.pk}/edit/")
    page.locator("#id_summary").fill(CHANGE)
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Submit to Clinical review").click()
    expect(page.get_by_text("has been submitted for moderation")).to_be_visible()
    assert LessonPage.objects.get(pk=lesson.pk).summary != CHANGE
    sign_out(page)

    # The reviewer approves it from the dashboard; approving publishes it.
    sign_in(page, demo_site, "checker")
    page.wait_for_url("**/admin/")
    row = page.locator("tr", has_text=lesson.title)
    expect(row).to_be_visible()
    row.get_by_role("button", name="Actions").click()
    row.get_by_role("button", name="Approve with comment").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill("Checked against the 2025 trial report.")
    dialog.get_by_role("button", name="Approve with comment").click()
    expect(page.locator("tr", has_text=lesson.title)).to_have_count(0)
    page.screenshot(path=str(artifacts / "clinical-review-approved.png"), full_page=True)
    assert LessonPage.objects.get(pk=lesson.pk).summary == CHANGE
    sign_out(page)

    # The trainee reads the change and who reviewed it, and when.
    sign_in(page, demo_site, "learner@example.org", next_url=lesson.url)
    page.wait_for_url(f"**{lesson.url}")
    expect(page.get_by_text(CHANGE)).to_be_visible()
    today = format_date(timezone.localdate(), "j F Y")
    expect(page.locator(".lesson-credits")).to_contain_text(
        f"Clinically reviewed by Rosa Reviewer on {today}."
    )
    page.screenshot(path=str(artifacts / "clinical-review-trainee.png"), full_page=True)
