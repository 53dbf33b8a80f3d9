"""Taking a quiz safely in the browser: a timed quiz counting down in the trainee's local
time, warning at 5 and 1 minutes, saving as the trainee answers and submitting at the
deadline; the confirmation with the count of unanswered questions; a duplicate position kept
with its error shown (without the script); the ordering list moved with the keyboard."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from courses.assessment.grading import gradable_questions
from courses.learning.models import QuizAttempt
from courses.learning.services.enrolment import enrol
from courses.models import CoursePage, QuizPage
from tests.factories import complete

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
PASSWORD = "a long enough passphrase"
ZONE = "America/New_York"


def trainee_at_first_quiz(**quiz_fields):
    course = CoursePage.objects.get(slug="pap-anxiety-clinical-foundations")
    navigation = course.navigation()
    module = navigation.modules[0]
    quiz = navigation.quiz_of(module)
    if quiz_fields:
        QuizPage.objects.filter(pk=quiz.pk).update(**quiz_fields)
    user = get_user_model().objects.create_user(
        username="taker", email="taker@example.org", password=PASSWORD, full_name="T. Aker"
    )
    enrol(user, course)
    complete(user, navigation.lessons_of(module))
    return user, quiz


def signed_in(browser, site, **context_options):
    context = browser.new_context(**{"viewport": {"width": 1366, "height": 900}, **context_options})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(site + "/accounts/login/")
    page.fill("input[name=login]", "taker@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/learning/")
    return page


def start(page, site, quiz, user):
    page.goto(site + quiz.url)
    page.get_by_role("button", name="Start the quiz").click()
    page.wait_for_url("**/learning/attempts/**")
    return QuizAttempt.objects.get(user=user, quiz_id=quiz.pk)


def saved_answers(attempt, expected, page):
    """The attempt's answers once the page's autosave has sent `expected` (within seconds)."""
    for _ in range(40):
        attempt.refresh_from_db()
        if attempt.answers == expected:
            break
        page.wait_for_timeout(250)
    return attempt.answers


def questions_of(attempt, kind):
    return [q for q in gradable_questions(attempt.snapshot) if q["type"] == kind]


def test_a_timed_quiz_counts_down_warns_saves_and_submits_at_the_deadline(
    demo_site, browser, artifacts
):
    user, quiz = trainee_at_first_quiz(time_limit_minutes=20)
    page = signed_in(browser, demo_site, timezone_id=ZONE)
    attempt = start(page, demo_site, quiz, user)
    # The deadline in the trainee's own time, from the machine-readable <time>.
    local = attempt.deadline.astimezone(ZoneInfo(ZONE))
    deadline = page.locator("#time-left time")
    expect(deadline).to_contain_text(f"{local:%I:%M}".lstrip("0"))
    expect(deadline).to_contain_text("your time")
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^(20:00|19:5\d)$"))

    # Five minutes left: a polite warning.
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + timedelta(minutes=5, seconds=2)
    )
    page.reload()
    warning = page.locator("[data-warning=polite]")
    expect(warning).to_have_text(re.compile("5 minutes left"), timeout=8_000)
    expect(page.locator("[data-warning=polite]")).to_have_attribute("aria-live", "polite")

    # Answers are saved as they are given.
    single = questions_of(attempt, "single_choice")
    page.check(f"input[id='q-{single[0]['id']}-{single[0]['choices'][0]['id']}']")
    expect(page.locator("[data-autosave-status]")).to_contain_text("Answers saved at")
    expected = {single[0]["id"]: single[0]["choices"][0]["id"]}
    assert saved_answers(attempt, expected, page) == expected

    # One minute left: an assertive warning.
    QuizAttempt.objects.filter(pk=attempt.pk).update(
        deadline=timezone.now() + timedelta(seconds=62)
    )
    page.reload()
    expect(page.locator("[data-warning=assertive]")).to_have_text(
        re.compile("1 minute left"), timeout=8_000
    )
    page.screenshot(path=str(artifacts / "quiz-one-minute-left.png"), full_page=False)

    # At the deadline, what was entered is submitted and graded, nothing lost.
    QuizAttempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() + timedelta(seconds=4))
    page.reload()
    page.check(f"input[id='q-{single[1]['id']}-{single[1]['choices'][0]['id']}']")
    expect(page.get_by_role("heading", name=re.compile("your result"))).to_be_visible(
        timeout=12_000
    )
    attempt.refresh_from_db()
    assert attempt.state == "submitted"
    assert set(attempt.answers) == {single[0]["id"], single[1]["id"]}
    page.context.close()


def test_the_confirmation_counts_unanswered_questions(demo_site, browser, artifacts):
    user, quiz = trainee_at_first_quiz()
    page = signed_in(browser, demo_site)
    attempt = start(page, demo_site, quiz, user)
    total = len(gradable_questions(attempt.snapshot))
    single = questions_of(attempt, "single_choice")[0]
    page.check(f"input[id='q-{single['id']}-{single['choices'][0]['id']}']")
    page.get_by_role("button", name="Submit for grading").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_contain_text(f"You have {total - 1} unanswered questions")
    expect(dialog.get_by_role("button", name="Submit anyway")).to_be_focused()
    page.screenshot(path=str(artifacts / "quiz-confirm-dialog.png"))
    dialog.get_by_role("button", name="Go back to the questions").click()
    expect(dialog).to_be_hidden()
    attempt.refresh_from_db()
    assert attempt.is_open and list(attempt.answers) == [single["id"]]
    page.get_by_role("button", name="Submit for grading").click()
    page.get_by_role("dialog").get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_role("heading", name=re.compile("Not passed"))).to_be_visible()
    page.context.close()

    # Without the script, the server's own confirmation page.
    QuizAttempt.objects.filter(user=user).delete()
    page = signed_in(browser, demo_site, java_script_enabled=False)
    start(page, demo_site, quiz, user)
    page.get_by_role("button", name="Submit for grading").click()
    expect(page.get_by_role("heading", name=re.compile("for grading"))).to_be_visible()
    expect(page.locator("#unanswered-count")).to_contain_text(
        f"You have {total} unanswered questions"
    )
    page.get_by_role("button", name="Submit anyway").click()
    expect(page.get_by_role("heading", name=re.compile("Not passed: 0%"))).to_be_visible()
    page.context.close()


def test_a_duplicate_position_is_kept_with_its_error_shown(demo_site, browser, artifacts):
    user, quiz = trainee_at_first_quiz()
    page = signed_in(browser, demo_site, java_script_enabled=False)
    attempt = start(page, demo_site, quiz, user)
    ordering = questions_of(attempt, "ordering")[0]
    single = questions_of(attempt, "single_choice")[0]
    page.check(f"input[id='q-{single['id']}-{single['choices'][1]['id']}']")
    for step in ordering["steps"]:
        page.select_option(f"select[name='q-{ordering['id']}:{step['id']}']", "1")
    page.get_by_role("button", name="Submit for grading").click()

    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Give each step a different position.")
    first = page.locator(f"select[name='q-{ordering['id']}:{ordering['steps'][0]['id']}']")
    expect(first).to_have_attribute("aria-invalid", "true")
    expect(first).to_have_value("1")  # what was typed, shown again to be corrected
    expect(page.locator(f"#q-{ordering['id']}-error")).to_be_visible()
    expect(
        page.locator(f"input[id='q-{single['id']}-{single['choices'][1]['id']}']")
    ).to_be_checked()
    page.screenshot(path=str(artifacts / "quiz-duplicate-position.png"), full_page=True)
    summary.get_by_role("link").first.click()
    expect(first).to_be_focused()
    attempt.refresh_from_db()
    assert attempt.is_open and attempt.answers == {single["id"]: single["choices"][1]["id"]}
    page.context.close()


def test_the_ordering_list_moves_steps_with_the_keyboard(demo_site, browser, artifacts):
    user, quiz = trainee_at_first_quiz()
    page = signed_in(browser, demo_site, viewport={"width": 390, "height": 844})
    attempt = start(page, demo_site, quiz, user)
    ordering = questions_of(attempt, "ordering")[0]
    steps = ordering["steps"]  # as shown, in the attempt's order
    fieldset = page.locator(f"#question-{ordering['id']}")
    items = fieldset.locator(".ordering-list__item")
    expect(items).to_have_count(len(steps))
    expect(fieldset.locator("select").first).to_be_hidden()

    last = steps[-1]["text"]
    up = fieldset.get_by_role("button", name=f"move {last} up")
    up.focus()
    page.keyboard.press("Enter")
    expect(fieldset.locator("[aria-live=polite]")).to_have_text(
        f"{last} moved to position {len(steps) - 1} of {len(steps)}."
    )
    expect(up).to_be_focused()
    for _ in range(len(steps) - 2):
        page.keyboard.press("Space")
    expect(items.first).to_contain_text(last)
    expect(up).to_be_disabled()  # at the top; focus moved to its Down button
    expect(fieldset.get_by_role("button", name=f"move {last} down")).to_be_focused()
    page.screenshot(path=str(artifacts / "quiz-ordering-list.png"), full_page=False)

    expect(page.locator("[data-autosave-status]")).to_contain_text("Answers saved at")
    attempt.refresh_from_db()
    positions = attempt.answers[ordering["id"]]
    assert positions[steps[-1]["id"]] == 1
    assert sorted(positions.values()) == list(range(1, len(steps) + 1))
    page.context.close()
