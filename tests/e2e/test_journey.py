"""A trainee's journey in the browser: sign up, enrol, complete lessons, watch the progress
bar move, leave and come back through "Continue where you left off", and be refused a
module that has not opened yet."""

import re

import pytest
from playwright.sync_api import expect

from courses.models import CoursePage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def course_progress_value(page):
    return int(page.locator("#course-progress").get_attribute("value"))


def test_sign_up_enrol_complete_and_continue(demo_site, page, artifacts):
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    navigation = course.navigation()
    lessons = navigation.lessons

    page.goto(demo_site + course.url)
    page.get_by_role("link", name="create an account").click()
    page.fill("input[name=full_name]", "Dr Sam Okafor")
    page.select_option("select[name=profession]", "psychiatrist")
    page.fill("input[name=email]", "sam@example.org")
    page.fill("input[name=password1]", "a long enough passphrase")
    page.fill("input[name=password2]", "a long enough passphrase")
    page.get_by_role("button", name="Create account").click()

    page.goto(demo_site + course.url)
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_text("You are enrolled in")).to_be_visible()
    assert course_progress_value(page) == 0

    page.get_by_role("link", name=re.compile("Start the course")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[0].title)
    page.get_by_role("button", name=re.compile("Mark as complete")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[1].title)
    expect(page.locator("#module-progress")).to_have_attribute("value", "1")
    page.get_by_role("button", name=re.compile("Mark as complete")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[2].title)
    expect(page.locator("#module-progress")).to_have_attribute("value", "2")
    page.screenshot(path=str(artifacts / "journey-lesson.png"), full_page=True)

    # Leave, come back, and pick up where we left off.
    page.goto(demo_site + "/")
    page.get_by_role("link", name=course.title).click()
    assert course_progress_value(page) == 2
    page.screenshot(path=str(artifacts / "journey-course.png"), full_page=True)
    page.get_by_role("link", name=re.compile("Continue where you left off")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lessons[2].title)

    # The next module has not opened yet: the server refuses it and says why.
    locked = navigation.lessons_of(navigation.modules[1])[0]
    response = page.goto(demo_site + locked.url)
    assert response.status == 403
    expect(page.get_by_text("has not opened for you yet")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Continue with"))).to_have_attribute(
        "href", lessons[2].url
    )
