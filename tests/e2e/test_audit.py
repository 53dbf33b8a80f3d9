"""Every kind of page a trainee meets, audited in the browser: axe-core finds no serious or
critical accessibility violation, and the Nu Html Checker finds no error in the HTML the
server sent (home, sign-up, course, module, lesson, a lesson with a private note, quiz,
attempt, the confirmation before grading, result, My learning, My notes, search with results,
profile)."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from courses.models import CoursePage, LessonPage
from tests.accounts_helpers import confirmation_path
from tests.e2e.audit import axe_violations, nu_errors
from tests.e2e.test_quiz import submit_for_grading
from tests.factories import complete

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a long enough passphrase"


def walk_trainee_pages(page, site, visit):
    """Take a new trainee through every kind of page, calling `visit(name)` on each."""
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    navigation = course.navigation()
    module = navigation.modules[0]
    lessons = navigation.lessons_of(module)

    page.goto(site + "/")
    visit("home")
    page.goto(site + "/accounts/signup/")
    visit("sign-up")
    page.fill("input[name=full_name]", "Dr Sam Okafor")
    page.select_option("select[name=profession]", "psychiatrist")
    page.fill("input[name=email]", "sam@example.org")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")
    # The link in the mail confirms the address and signs the new trainee in.
    page.goto(site + confirmation_path("sam@example.org"))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert "/accounts/" not in page.url, page.url  # signed in and sent on
    page.wait_for_load_state()

    page.goto(site + course.url)
    page.get_by_role("button", name="Enrol in this course").click()
    expect(page.get_by_text("You are enrolled in")).to_be_visible()
    visit("course")
    page.goto(site + module.url)
    visit("module")
    page.goto(site + lessons[0].url)
    visit("lesson")
    reflective = next(
        entry
        for entry in lessons
        if any(
            block.block_type == "reflection" for block in LessonPage.objects.get(pk=entry.pk).body
        )
    )
    page.goto(site + reflective.url)
    page.get_by_label("Your private note").first.fill("A private thought.")
    page.get_by_role("button", name="Save note").first.click()
    expect(page.get_by_text("Your note is saved")).to_be_visible()
    visit("lesson with a private note")

    complete(get_user_model().objects.get(email="sam@example.org"), lessons)
    page.goto(site + navigation.quiz_of(module).url)
    visit("quiz")
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("button", name="Submit for grading")).to_be_visible()
    visit("attempt")
    attempt_url = page.url
    page.goto(attempt_url.rstrip("/") + "/submit/")  # the confirmation, as without a script
    expect(page.get_by_role("button", name=re.compile("Submit"))).to_be_visible()
    visit("confirmation")
    page.goto(attempt_url)
    submit_for_grading(page)
    expect(page.get_by_role("heading", name=re.compile("Not passed"))).to_be_visible()
    visit("result")

    page.goto(site + "/learning/")
    visit("My learning")
    page.goto(site + "/learning/notes/")
    visit("My notes")
    page.goto(site + "/search/?query=anxiety")
    visit("search")
    page.goto(site + "/accounts/profile/")
    visit("profile")


def test_trainee_pages_pass_axe_and_the_nu_html_checker(demo_site, page, tmp_path):
    page.set_viewport_size({"width": 1366, "height": 900})
    violations, documents = [], {}

    def visit(name):
        violations.extend(axe_violations(page))
        documents[name] = page.request.get(page.url).text()

    walk_trainee_pages(page, demo_site, visit)

    assert len(documents) == 14
    assert violations == []
    assert nu_errors(documents, tmp_path) == []


OVERFLOW = """() => {
    const root = document.scrollingElement;
    const wide = [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > root.clientWidth + 1)
        .slice(0, 5)
        .map((element) => element.tagName.toLowerCase() + "." + element.className);
    return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}"""


def test_no_page_of_the_journey_scrolls_sideways_at_320_pixels(demo_site, browser):
    """WCAG 1.4.10 (reflow): at 320 CSS pixels nothing needs a sideways scroll, the header's
    search button is whole on screen, and a lesson starts with its module outline folded and
    its contents list."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    context.set_default_timeout(15_000)
    page = context.new_page()
    too_wide = []

    def visit(name):
        page.wait_for_load_state("load")
        measured = page.evaluate(OVERFLOW)
        if measured["scrollWidth"] > measured["clientWidth"]:
            too_wide.append((name, measured))
        if name == "lesson":  # the outline folded, the lesson's contents near the top
            outline = page.locator(".outline__details")
            assert outline.evaluate("details => details.open") is False
            assert page.locator(".lesson-contents").bounding_box()["y"] < 1200
            outline.locator("summary").click()
            expect(outline.locator("a[aria-current=page]")).to_be_visible()
        search = page.locator(".site-search button")
        if search.count():
            box = search.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 320, name

    walk_trainee_pages(page, demo_site, visit)
    context.close()
    assert not too_wide, "\n".join(f"{name}: {measured}" for name, measured in too_wide)
