"""A trainee browses the demo course from the home page to a lesson and on to the next, by
mouse, by keyboard and on a phone."""

import pytest
from django.contrib.auth import get_user_model

from courses.learning.services.enrolment import enrol
from courses.models import CoursePage, LessonPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a long enough passphrase"


def sign_in_enrolled(page, site):
    user = get_user_model().objects.create_user(
        username="reader", email="reader@example.org", password=PASSWORD, full_name="Ray Reader"
    )
    enrol(user, CoursePage.objects.get(slug="pap-anxiety-clinical-foundations"))
    page.goto(site + "/accounts/login/")
    page.fill("input[name=login]", "reader@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/learning/")


def test_trainee_goes_from_home_to_the_next_lesson(demo_site, page, artifacts):
    sign_in_enrolled(page, demo_site)
    page.goto(demo_site + "/")
    catalogue = page.get_by_role("region", name="Course catalogue")
    catalogue.get_by_role("link", name="Psychedelic-Assisted Psychotherapy for Anxiety").click()
    page.wait_for_url("**/pap-anxiety-clinical-foundations/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Psychedelic-Assisted")

    modules = page.locator(".module-list__item h3 a")
    first_module = modules.first.inner_text()
    modules.first.click()
    assert page.get_by_role("heading", level=1).inner_text() == first_module

    lessons = page.locator(".lesson-cards h3 a")
    first_lesson, second_lesson = lessons.nth(0).inner_text(), lessons.nth(1).inner_text()
    lessons.first.click()
    assert page.get_by_role("heading", level=1).inner_text() == first_lesson
    assert page.get_by_role("heading", name="References").is_visible()
    page.screenshot(path=str(artifacts / "lesson.png"), full_page=True)

    page.get_by_role("link", name=f"Next lesson {second_lesson}").click()
    assert page.get_by_role("heading", level=1).inner_text() == second_lesson
    outline_current = page.locator(".outline a[aria-current=page]")
    assert outline_current.inner_text() == second_lesson


def test_keyboard_user_skips_to_the_lesson_and_sees_focus(demo_site, page):
    sign_in_enrolled(page, demo_site)
    lesson = LessonPage.objects.order_by("path").first()
    page.goto(demo_site + lesson.url)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()  # it appears when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_lesson_reads_on_a_phone_without_sideways_scrolling(demo_site, browser, artifacts):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    phone = context.new_page()
    sign_in_enrolled(phone, demo_site)
    lesson = LessonPage.objects.order_by("path").first()
    phone.goto(demo_site + lesson.url)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    phone.screenshot(path=str(artifacts / "lesson-phone.png"), full_page=False)
    context.close()
    assert overflow <= 0
