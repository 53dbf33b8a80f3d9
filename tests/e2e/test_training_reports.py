"""A training administrator signs in, opens the course progress report from the Reports
menu, filters it by cohort and downloads it as CSV (the file holds the cohort's trainees),
then follows a trainee from the report to their record and grants them an extra attempt at
a module quiz (the override takes effect and is in the history)."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from courses.learning.models import Cohort, CohortMembership, QuizOverride
from courses.learning.permissions import TRAINING_ADMINISTRATORS
from courses.learning.services.enrolment import enrol
from courses.models import CoursePage
from tests.factories import complete

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a long enough passphrase"


def test_progress_report_filtered_by_cohort_and_exported(demo_site, page, artifacts):
    User = get_user_model()
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    lessons = course.navigation().lessons
    admin = User.objects.create_user(
        username="records", email="records@example.org", password=PASSWORD, full_name="R. Keeper"
    )
    admin.groups.add(Group.objects.get(name=TRAINING_ADMINISTRATORS))
    cohort = Cohort.objects.create(name="Spring intake", course_id=course.pk)
    for index, name in enumerate(["Ada Cohort", "Ben Cohort", "Cy Outside"]):
        trainee = User.objects.create_user(
            username=f"t{index}", email=f"t{index}@example.org", full_name=name
        )
        enrol(trainee, course)
        complete(trainee, lessons[: 3 * index])
        if name.endswith("Cohort"):
            CohortMembership.objects.create(cohort=cohort, user=trainee)

    page.goto(demo_site + "/accounts/login/?next=/admin/")
    page.fill("input[name=login]", "records@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/admin/")
    page.get_by_role("button", name="Reports").click()
    page.get_by_role("link", name="Course progress").click()
    expect(page.get_by_role("heading", name=f"Course progress: {course.title}")).to_be_visible()
    expect(page.get_by_role("link", name="Cy Outside")).to_be_visible()

    page.get_by_role("button", name="Filter").click()
    page.get_by_role("button", name="Cohort").click()
    page.get_by_label("Cohort").select_option(label=f"Spring intake ({course.title})")
    expect(page.get_by_role("link", name="Cy Outside")).to_have_count(0)
    expect(page.get_by_role("link", name="Ada Cohort")).to_be_visible()
    expect(page.get_by_role("link", name="Ben Cohort")).to_be_visible()
    page.keyboard.press("Escape")
    page.screenshot(path=str(artifacts / "training-progress-report.png"), full_page=True)

    page.get_by_role("button", name="Actions").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download CSV").click()
    content = open(download_info.value.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:4] == ["Trainee", "Email", "Cohort", "Status"]
    assert sorted(row[0] for row in rows[1:]) == ["Ada Cohort", "Ben Cohort"]
    assert {row[2] for row in rows[1:]} == {"Spring intake"}

    # From the report to Ben's record, and one extra attempt at the first module's quiz.
    quiz = course.navigation().quiz_of(course.navigation().modules[0])
    page.get_by_role("link", name="Ben Cohort").click()
    quizzes = page.locator("#quizzes")
    expect(quizzes.get_by_role("row", name=quiz.title)).to_contain_text("0 of 3")
    quizzes.get_by_role("link", name=f"Extra attempts or time on {quiz.title}").click()
    page.get_by_label("Extra attempts").fill("1")
    page.get_by_label("Reason").fill("Agreed accommodation for a disability.")
    page.get_by_role("button", name="Save the override").click()
    expect(page.get_by_text(f"The override on “{quiz.title}” is saved.")).to_be_visible()
    expect(quizzes.get_by_role("row", name=quiz.title)).to_contain_text("0 of 4")
    expect(page.locator("#history")).to_contain_text("Agreed accommodation")
    ben = get_user_model().objects.get(full_name="Ben Cohort")
    assert QuizOverride.objects.get(user=ben, quiz_id=quiz.pk).extra_attempts == 1
