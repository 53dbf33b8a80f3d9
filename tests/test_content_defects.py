"""Content a data file or a script can store past the admin forms' checks must never break a
trainee's page, and practice questions show their choices in each trainee's own order."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.test import Client

from courses.assessment.grading import correct_answers, grade
from courses.assessment.item_checks import Choice as ItemChoice
from courses.assessment.item_checks import Item, Rule, check_item
from courses.learning.models import QuizAttempt
from courses.models import LessonPage
from tests.factories import choice, lessons_of, make_course, make_reference, make_trainee
from tests.quiz_helpers import quiz_setting, start

pytestmark = pytest.mark.django_db


def single_choice(prompt, choices, points=1):
    return (
        "single_choice",
        {
            "prompt": prompt,
            "choices": choices,
            "explanation": "Why.",
            "points": points,
            "tags": [],
            "citations": [],
        },
    )


# -- a single-choice question with no correct choice -----------------------------------------


def test_a_question_with_no_correct_choice_is_graded_as_void_not_an_error():
    course, module, quiz, trainee, client = quiz_setting(
        questions=[
            single_choice("Broken: nothing is right.", [choice("A"), choice("B")], points=3),
            single_choice("Fine.", [choice("Right", True), choice("Wrong")]),
        ],
        result_detail="full",
        pass_mark=100,
    )
    attempt = start(client, quiz)
    broken, fine = attempt.snapshot["questions"]
    right = next(c["id"] for c in fine["choices"] if c["correct"])
    response = client.post(
        f"/learning/attempts/{attempt.public_id}/",
        {
            f"q-{broken['id']}": broken["choices"][0]["id"],
            f"q-{fine['id']}": right,
            "submit": "1",
            "confirmed": "1",
        },
    )
    assert response.status_code == 302
    attempt = QuizAttempt.objects.get(pk=attempt.pk)
    # The broken question neither earns nor costs points: the right answer to the other one
    # is a full score and a pass.
    assert attempt.submitted_at is not None
    assert attempt.percent == 100
    assert attempt.passed
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Not scored" in page.content.decode()


def test_a_void_question_has_no_correct_answer_for_previews_and_scores_nothing():
    snapshot = {
        "settings": {"pass_mark": 50},
        "questions": [
            {
                "id": "q1",
                "type": "single_choice",
                "prompt": "?",
                "points": 2,
                "choices": [{"id": "a", "text": "A", "correct": False, "feedback": ""}],
            }
        ],
    }
    assert correct_answers(snapshot) == {}
    result = grade(snapshot, {"q1": "a"})
    assert (result.earned, result.possible, result.passed) == (0, 0, False)


def test_item_checks_warn_the_author_about_a_question_with_no_correct_choice():
    item = Item(
        number="1", kind="single_choice", prompt="?", choices=(ItemChoice("A"), ItemChoice("B"))
    )
    assert Rule.NO_KEY in [rule for rule, _ in check_item(item)]
    keyed = Item(
        number="1",
        kind="single_choice",
        prompt="?",
        choices=(ItemChoice("A", True), ItemChoice("B")),
    )
    assert Rule.NO_KEY not in [rule for rule, _ in check_item(keyed)]


def store_past_the_forms(page):
    """Content no publish path lets through (every one checks it as the edit form would),
    stored straight into the live page, as older content or a direct database write could."""
    page.save()


def test_a_knowledge_check_with_no_correct_choice_answers_without_error():
    course = make_course(modules=1, lessons_per_module=1)
    lesson = lessons_of(course)[0]
    lesson.body = [
        (
            "knowledge_check",
            {"prompt": "Q?", "choices": [choice("A"), choice("B")], "explanation": "E"},
        )
    ]
    store_past_the_forms(lesson)
    lesson = LessonPage.objects.get(pk=lesson.pk)
    block = lesson.body[0]
    client = Client()
    client.force_login(make_trainee(enrolled_in=course))
    chosen = str(block.value["choices"].bound_blocks[0].id)
    response = client.post(f"/learning/check/{lesson.pk}/{block.id}/", {"choice": chosen})
    assert response.status_code == 302
    html = client.get(lesson.url).content.decode()
    assert "Not quite." in html
    assert "The answer is:" not in html


# -- knowledge checks in each trainee's own order --------------------------------------------

CHOICES = [f"Choice {letter}" for letter in "ABCDEFGH"]


@pytest.fixture
def lesson_with_long_check():
    course = make_course(modules=1, lessons_per_module=1)
    lesson = lessons_of(course)[0]
    lesson.body = [
        (
            "knowledge_check",
            {
                "prompt": "Which one?",
                "choices": [choice(CHOICES[0], True)] + [choice(text) for text in CHOICES[1:]],
                "explanation": "E",
            },
        )
    ]
    lesson.save_revision().publish()
    return course, LessonPage.objects.get(pk=lesson.pk)


def order_seen(client, lesson) -> list[str]:
    html = client.get(lesson.url).content.decode()
    return sorted(CHOICES, key=html.index)


def test_knowledge_check_choices_are_shuffled_per_trainee_and_stable(lesson_with_long_check):
    course, lesson = lesson_with_long_check
    orders = []
    for n in range(4):
        client = Client()
        client.force_login(make_trainee(f"reader-{n}", enrolled_in=course))
        first = order_seen(client, lesson)
        assert order_seen(client, lesson) == first  # reloading never reorders
        block = lesson.body[0]
        wrong = next(
            str(c.id) for c in block.value["choices"].bound_blocks if c.value["text"] == "Choice B"
        )
        client.post(f"/learning/check/{lesson.pk}/{block.id}/", {"choice": wrong})
        assert order_seen(client, lesson) == first  # nor does answering
        orders.append(first)
    # Eight choices: the chance that four readers all see the author's order is nil, and
    # that all four see the same order is 1 in 40320³.
    assert any(order != CHOICES for order in orders)
    assert len({tuple(order) for order in orders}) > 1


def test_shuffled_knowledge_check_still_hides_the_answer_key(lesson_with_long_check):
    course, lesson = lesson_with_long_check
    client = Client()
    client.force_login(make_trainee(enrolled_in=course))
    html = client.get(lesson.url).content.decode()
    assert "correct" not in html
    assert "Right." not in html


# -- reference URLs: web addresses and DOIs only -------------------------------------------

UNSAFE_URLS = [
    "javascript:alert(document.cookie)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "ftp://example.org/paper.pdf",
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_a_reference_accepts_only_web_addresses(url):
    reference = make_reference(doi="", url=url, notice_url=url)
    with pytest.raises(ValidationError) as raised:
        reference.full_clean()
    assert {"url", "notice_url"} <= set(raised.value.message_dict)


def test_a_reference_accepts_http_https_and_a_doi():
    reference = make_reference(doi="", url="https://example.org/paper", notice_url="http://x.org/n")
    reference.full_clean()
    reference = make_reference(doi="https://doi.org/10.1000/abc.1", url="")
    reference.full_clean()
    assert reference.doi == "10.1000/abc.1"


def trainee_reading(lesson_body_blocks):
    course = make_course(modules=1, lessons_per_module=1)
    lesson = lessons_of(course)[0]
    lesson.body = lesson_body_blocks
    store_past_the_forms(lesson)
    client = Client()
    client.force_login(make_trainee(enrolled_in=course))
    return LessonPage.objects.get(pk=lesson.pk), client


def retract(reference):
    """Retracted after the lesson was published: the lesson flags it, with the notice."""
    reference.status = "retracted"
    reference.status_note = "Retracted for data irregularities."
    reference.save()


def hrefs(html) -> list[str]:
    return [a.get("href", "") for a in BeautifulSoup(html, "html.parser").find_all("a")]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_an_unsafe_reference_url_stored_anyway_is_never_a_link(url):
    # Stored past validation, as a data file or a script could.
    reference = make_reference(doi="", url=url, notice_url=url)
    lesson, client = trainee_reading(
        [("citation", {"reference": reference, "locator": ""}), ("text", "<p>Text.</p>")]
    )
    retract(reference)
    html = client.get(lesson.url).content.decode()
    assert "was retracted" in html  # the notice about the source is there, without its link
    assert "Read the notice" not in html
    for href in hrefs(html):
        assert href.strip().lower().startswith(("/", "#", "http://", "https://", "mailto:")), href
    assert str(reference.formatted()).count("<a") == 0


def test_a_safe_reference_url_is_a_link():
    reference = make_reference(
        doi="", url="https://example.org/paper", notice_url="https://example.org/notice"
    )
    lesson, client = trainee_reading([("citation", {"reference": reference, "locator": ""})])
    retract(reference)
    links = hrefs(client.get(lesson.url).content.decode())
    assert "https://example.org/paper" in links
    assert "https://example.org/notice" in links


def test_a_video_with_an_unsafe_address_is_never_a_link():
    lesson, client = trainee_reading(
        [
            (
                "video",
                {"video": "javascript:alert(1)", "title": "A talk", "transcript": "Words."},
            )
        ]
    )
    response = client.get(lesson.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A talk" in html
    assert not any("javascript" in href.lower() for href in hrefs(html))


def test_a_data_file_with_an_unsafe_reference_url_stops_the_loader(tmp_path):
    from courses.demo import content
    from courses.demo.schema import DemoContentError

    for source in content.CONTENT_DIR.rglob("*"):
        target = tmp_path / source.relative_to(content.CONTENT_DIR)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
    references = tmp_path / "references.yaml"
    references.write_text(
        references.read_text().replace(
            "  status: current\n", "  status: current\n  url: javascript:alert(1)\n", 1
        )
    )
    with pytest.raises(DemoContentError, match=r"references.yaml.*url.*http"):
        content.load_course(tmp_path)
