"""In the browser, on a desktop and a phone: a trainee writes a private note under a
reflection prompt and finds it again after a reload; search results say which course and
module each lesson is in, and show a lesson of a module not yet open as locked."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from courses.learning.services.enrolment import enrol
from courses.models import CoursePage, LessonPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIEWPORTS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
PASSWORD = "a long enough passphrase"
NOTE = "I would name the fear first, then breathe with them."


def with_reflection(entries) -> LessonPage:
    for entry in entries:
        lesson = LessonPage.objects.get(pk=entry.pk)
        if any(block.block_type == "reflection" for block in lesson.body):
            return lesson
    raise AssertionError("no lesson with a reflection prompt")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_note_is_kept_and_search_shows_place_and_lock(demo_site, browser, viewport, artifacts):
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    navigation = course.navigation()
    first, second = navigation.modules[:2]
    lesson = with_reflection(navigation.lessons_of(first))
    locked = navigation.lessons_of(second)[0]
    user = get_user_model().objects.create_user(
        username="noter", email="noter@example.org", password=PASSWORD, full_name="N. Oter"
    )
    enrol(user, course)

    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(demo_site + "/accounts/login/")
    page.fill("input[name=login]", "noter@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/learning/")

    page.goto(demo_site + lesson.url)
    box = page.get_by_label("Your private note").first
    box.fill(NOTE)
    page.get_by_role("button", name="Save note").first.click()
    expect(page.get_by_text("Your note is saved. Only you can see it.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Your private note").first).to_have_value(NOTE)
    page.goto(demo_site + "/learning/notes/")
    expect(page.get_by_text(NOTE)).to_be_visible()

    page.goto(demo_site + "/search/?query=" + locked.title)
    result = page.locator(".results li").filter(has_text=locked.title)
    expect(result.get_by_role("link", name=course.title)).to_be_visible()
    expect(result.get_by_role("link", name=f"Module 2: {second.title}")).to_be_visible()
    expect(result.get_by_role("link", name=locked.title)).to_have_count(0)
    expect(result.get_by_role("img", name="Locked")).to_be_visible()
    expect(result.locator(".result__state")).to_have_text(
        f"Locked: opens once you complete “{first.title}”."
    )
    page.screenshot(path=str(artifacts / f"search-locked-{viewport}.png"), full_page=True)
    context.close()
