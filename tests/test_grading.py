"""Grading from a snapshot: every question type, partial credit, unanswered questions, and
answers that could only come from a tampered form."""

import pytest
from django.http import QueryDict

from courses.assessment.grading import (
    AnswerError,
    correct_answers,
    gradable_questions,
    grade,
    parse_answers,
)
from courses.assessment.snapshot import build_snapshot, public_view
from tests.factories import make_course, make_quiz, make_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def snapshot():
    course = make_course(modules=1, lessons_per_module=1)
    quiz = make_quiz(course.get_children().first(), questions=None or _questions())
    return build_snapshot(quiz, seed=1)


def _questions():
    from tests.factories import question_stream

    return question_stream(make_reference())


def by_type(snapshot, kind):
    return next(q for q in gradable_questions(snapshot) if q["type"] == kind)


def choice_id(question, text):
    return next(c["id"] for c in question["choices"] if c["text"] == text)


def form(**pairs):
    data = QueryDict(mutable=True)
    for key, values in pairs.items():
        for value in values if isinstance(values, list) else [values]:
            data.appendlist(key, value)
    return data


def test_all_right_scores_full_marks_and_passes(snapshot):
    result = grade(snapshot, correct_answers(snapshot))
    assert (result.earned, result.possible) == (8, 8)  # 1 + 3 + 1 + 1 + (1 + 1)
    assert result.percent == 100 and result.passed


def test_unanswered_questions_score_zero(snapshot):
    result = grade(snapshot, {})
    assert result.earned == 0 and not result.passed
    assert all(not r.correct for r in result.results)


def test_single_choice_and_true_false(snapshot):
    single = by_type(snapshot, "single_choice")
    assert grade(snapshot, {single["id"]: choice_id(single, "5-HT2A")}).earned == 1
    assert grade(snapshot, {single["id"]: choice_id(single, "D2")}).earned == 0
    true_false = next(q for q in gradable_questions(snapshot) if q["choices"][0]["id"] == "true")
    assert grade(snapshot, {true_false["id"]: "false"}).earned == 1
    assert grade(snapshot, {true_false["id"]: "true"}).earned == 0


def test_multiple_response_partial_credit(snapshot):
    question = by_type(snapshot, "multiple_response")
    right = [
        choice_id(question, t) for t in ("Raised blood pressure", "Nausea", "Raised heart rate")
    ]
    wrong = choice_id(question, "Hair loss")
    qid = question["id"]
    assert grade(snapshot, {qid: right}).earned == 3
    assert grade(snapshot, {qid: right[:2]}).earned == 2  # 2 of 3 right, worth 3 points
    assert grade(snapshot, {qid: [*right[:2], wrong]}).earned == 1  # 2 right − 1 wrong
    assert grade(snapshot, {qid: [right[0], wrong]}).earned == 0  # never below zero
    assert grade(snapshot, {qid: [*right, wrong]}).earned == 2


def test_multiple_response_all_or_nothing(snapshot):
    question = dict(by_type(snapshot, "multiple_response"), scoring="all_or_nothing")
    right = [c["id"] for c in question["choices"] if c["correct"]]
    alone = {"settings": snapshot["settings"], "questions": [question]}
    assert grade(alone, {question["id"]: right}).earned == 3
    assert grade(alone, {question["id"]: right[:2]}).earned == 0


def test_ordering_needs_every_step_in_place(snapshot):
    question = by_type(snapshot, "ordering")
    right = {step["id"]: step["position"] for step in question["steps"]}
    assert grade(snapshot, {question["id"]: right}).earned == 1
    swapped = dict(right)
    first, second = list(swapped)[:2]
    swapped[first], swapped[second] = swapped[second], swapped[first]
    assert grade(snapshot, {question["id"]: swapped}).earned == 0


def test_ordering_is_never_shown_already_in_order(snapshot):
    question = by_type(snapshot, "ordering")
    assert [step["position"] for step in question["steps"]] != [1, 2, 3]


def test_case_vignette_questions_are_graded_individually(snapshot):
    vignette = next(q for q in snapshot["questions"] if q["type"] == "case_vignette")
    first, second = vignette["questions"]
    answers = {first["id"]: choice_id(first, "No"), second["id"]: choice_id(second, "Enrol anyway")}
    results = {r.question_id: r for r in grade(snapshot, answers).results}
    assert results[first["id"]].correct and not results[second["id"]].correct


def test_pass_mark_is_inclusive():
    question = {
        "id": "a",
        "type": "single_choice",
        "points": 3,
        "choices": [{"id": "x", "correct": True}, {"id": "y", "correct": False}],
    }
    other = {
        "id": "b",
        "type": "single_choice",
        "points": 1,
        "choices": [{"id": "x", "correct": True}, {"id": "y", "correct": False}],
    }
    snapshot = {"settings": {"pass_mark": 75}, "questions": [question, other]}
    assert grade(snapshot, {"a": "x"}).passed  # exactly 75%
    assert not grade(snapshot, {"b": "x"}).passed


def test_grading_is_deterministic(snapshot):
    answers = correct_answers(snapshot)
    assert grade(snapshot, answers) == grade(snapshot, answers)


class TestParsingAnswers:
    def test_reads_a_well_formed_form(self, snapshot):
        single, multiple = (
            by_type(snapshot, "single_choice"),
            by_type(snapshot, "multiple_response"),
        )
        ordering = by_type(snapshot, "ordering")
        data = form(
            **{
                f"q-{single['id']}": choice_id(single, "D2"),
                f"q-{multiple['id']}": [c["id"] for c in multiple["choices"][:2]],
                **{
                    f"q-{ordering['id']}:{s['id']}": str(i)
                    for i, s in enumerate(ordering["steps"], 1)
                },
                "csrfmiddlewaretoken": "x",
                "submit": "1",
            }
        )
        answers = parse_answers(snapshot, data)
        assert answers[single["id"]] == choice_id(single, "D2")
        assert len(answers[multiple["id"]]) == 2
        assert sorted(answers[ordering["id"]].values()) == [1, 2, 3]

    def test_blank_answers_are_unanswered(self, snapshot):
        single = by_type(snapshot, "single_choice")
        assert parse_answers(snapshot, form(**{f"q-{single['id']}": ""})) == {}

    @pytest.mark.parametrize(
        "tamper",
        [
            "unknown-question",
            "foreign-choice",
            "repeated-choice",
            "two-answers-to-single",
            "position-not-a-number",
            "position-out-of-range",
            "repeated-position",
            "some-steps-only",
            "step-from-elsewhere",
            "step-syntax-on-choice-question",
        ],
    )
    def test_refuses_tampered_answers(self, snapshot, tamper):
        single, multiple = (
            by_type(snapshot, "single_choice"),
            by_type(snapshot, "multiple_response"),
        )
        ordering = by_type(snapshot, "ordering")
        steps = ordering["steps"]
        positions = {f"q-{ordering['id']}:{s['id']}": str(i) for i, s in enumerate(steps, 1)}
        cases = {
            "unknown-question": {"q-not-a-question": "x"},
            "foreign-choice": {f"q-{single['id']}": multiple["choices"][0]["id"]},
            "repeated-choice": {f"q-{multiple['id']}": [multiple["choices"][0]["id"]] * 2},
            "two-answers-to-single": {
                f"q-{single['id']}": [c["id"] for c in single["choices"][:2]]
            },
            "position-not-a-number": {**positions, f"q-{ordering['id']}:{steps[0]['id']}": "first"},
            "position-out-of-range": {**positions, f"q-{ordering['id']}:{steps[0]['id']}": "9"},
            "repeated-position": {**positions, f"q-{ordering['id']}:{steps[0]['id']}": "2"},
            "some-steps-only": {f"q-{ordering['id']}:{steps[0]['id']}": "1"},
            "step-from-elsewhere": {**positions, f"q-{ordering['id']}:nope": "1"},
            "step-syntax-on-choice-question": {f"q-{single['id']}:x": "1"},
        }
        with pytest.raises(AnswerError):
            parse_answers(snapshot, form(**cases[tamper]))


def test_the_public_view_carries_no_answer_key(snapshot):
    text = repr(public_view(snapshot))
    for secret in ("correct", "feedback", "explanation", "position", "KEYFEEDBACK", "EXPLANATION"):
        assert secret not in text
