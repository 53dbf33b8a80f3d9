"""Item analysis statistics, checked against figures worked out by hand.

The matrix: five attempts at three one-point questions.

    attempt   q1 q2 q3   total
    A          1  1  1     3
    B          1  1  0     2
    C          1  1  0     2
    D          1  0  0     1
    E          0  0  0     0

Facility (points earned / points available): q1 4/5 = 0.8, q2 3/5 = 0.6, q3 1/5 = 0.2.

Discrimination (r between the item and the rest of the score, total − item):
- q1: item 1,1,1,1,0 (mean 0.8), rest 2,1,1,0,0 (mean 0.8); Σdxdy = 0.24+0.04+0.04−0.16+0.64
  = 0.8; Σdx² = 0.8; Σdy² = 1.44+0.04+0.04+0.64+0.64 = 2.8; r = 0.8/√(0.8×2.8) = 0.5345.
- q2: item 1,1,1,0,0 (0.6), rest 2,1,1,1,0 (1.0); Σdxdy = 0.4+0.6 = 1.0; Σdx² = 1.2; Σdy² = 2;
  r = 1/√2.4 = 0.6455.
- q3: item 1,0,0,0,0 (0.2), rest 2,2,2,1,0 (1.4); Σdxdy = 0.48−0.12−0.12+0.08+0.28 = 0.6;
  Σdx² = 0.8; Σdy² = 3.2; r = 0.6/√2.56 = 0.375.

Cronbach's alpha: item variances p(1−p) = 0.16 + 0.24 + 0.16 = 0.56; totals 3,2,2,1,0 have
mean 1.6 and variance (1.96+0.16+0.16+0.36+2.56)/5 = 1.04; alpha = 3/2 × (1 − 0.56/1.04)
= 0.6923.
"""

import math

import pytest

from courses.learning.item_analysis import (
    AttemptRecord,
    analyse,
    choice_summary,
    correlation,
    cronbach_alpha,
    discrimination,
    facility,
    mean,
    standard_deviation,
)

MATRIX = [[1, 1, 1], [1, 1, 0], [1, 1, 0], [1, 0, 0], [0, 0, 0]]
TOTALS = [sum(row) for row in MATRIX]
FACILITY = [0.8, 0.6, 0.2]
DISCRIMINATION = [0.8 / math.sqrt(0.8 * 2.8), 1 / math.sqrt(2.4), 0.375]
ALPHA = 1.5 * (1 - 0.56 / 1.04)


def column(index):
    return [row[index] for row in MATRIX]


@pytest.mark.parametrize("index", range(3))
def test_facility_and_discrimination_by_hand(index):
    assert facility(column(index), [1] * 5) == pytest.approx(FACILITY[index])
    assert discrimination(column(index), TOTALS) == pytest.approx(DISCRIMINATION[index])


def test_cronbach_alpha_by_hand():
    assert cronbach_alpha(MATRIX) == pytest.approx(0.692308, abs=1e-6)
    assert cronbach_alpha(MATRIX) == pytest.approx(ALPHA)


def test_undefined_statistics_are_none_not_errors():
    assert correlation([1, 1, 1], [0, 1, 2]) is None  # an item everyone got right
    assert discrimination([1], [3]) is None
    assert cronbach_alpha([[1, 0]]) is None  # one attempt
    assert cronbach_alpha([[1], [0]]) is None  # one item
    assert cronbach_alpha([[1, 1], [1, 1]]) is None  # no spread in the totals
    assert facility([], []) is None
    assert mean([]) is None and standard_deviation([50]) is None


def test_mean_and_sample_standard_deviation():
    assert mean([100, 50, 0]) == 50
    assert standard_deviation([100, 50, 0]) == pytest.approx(50)  # √((2500+0+2500)/2)


def snapshot(*questions):
    return {"version": 2, "settings": {"pass_mark": 50}, "questions": list(questions)}


def single(question_id, prompt, key="a", points=1):
    return {
        "id": question_id,
        "type": "single_choice",
        "prompt": prompt,
        "points": points,
        "choices": [
            {"id": "a", "text": "Alpha", "correct": key == "a"},
            {"id": "b", "text": "Beta", "correct": key == "b"},
        ],
    }


def record(questions, picks):
    """An attempt at `questions` picking `picks` (question id → choice id), as graded."""
    results, earned = {}, 0
    for question in questions:
        right = any(
            c["correct"] and c["id"] == picks.get(question["id"]) for c in question["choices"]
        )
        results[question["id"]] = {"earned": "1" if right else "0", "possible": 1}
        earned += right
    return AttemptRecord(
        snapshot(*questions), picks, results, round(100 * earned / len(questions), 2)
    )


def test_analysis_of_attempts_matches_the_hand_figures():
    questions = [single("q1", "First?"), single("q2", "Second?"), single("q3", "Third?")]
    attempts = [
        record(
            questions,
            {q: ("a" if mark else "b") for q, mark in zip(["q1", "q2", "q3"], row, strict=True)},
        )
        for row in MATRIX
    ]
    analysis = analyse(iter(attempts))
    assert [item.prompt for item in analysis.items] == ["First?", "Second?", "Third?"]
    assert [item.attempts for item in analysis.items] == [5, 5, 5]
    assert [item.facility for item in analysis.items] == pytest.approx(FACILITY)
    assert [item.discrimination for item in analysis.items] == pytest.approx(DISCRIMINATION)
    assert analysis.alpha == pytest.approx(ALPHA)
    assert (analysis.alpha_attempts, analysis.alpha_items) == (5, 3)
    assert analysis.mean == pytest.approx((100 + 66.67 + 66.67 + 33.33 + 0) / 5)
    assert choice_summary(analysis.items[1]) == [
        "Alpha (key): 3 (60%)",
        "Beta: 2 (40%)",
        "No answer: 0 (0%)",
    ]


def test_an_edited_question_is_analysed_as_two_versions():
    before = [single("q1", "Which?"), single("q2", "Other?")]
    after = [single("q1", "Which, now?"), single("q2", "Other?")]
    attempts = [
        record(before, {"q1": "a", "q2": "a"}),
        record(before, {"q1": "b", "q2": "b"}),
        record(after, {"q1": "a", "q2": "b"}),
    ]
    analysis = analyse(attempts)
    versions = [
        (item.prompt, item.version, item.versions, item.attempts) for item in analysis.items
    ]
    assert sorted(versions) == [
        ("Other?", 1, 1, 3),
        ("Which, now?", 2, 2, 1),
        ("Which?", 1, 2, 2),
    ]
    # Alpha needs every attempt to answer the same questions: the two before the edit.
    assert (analysis.alpha_attempts, analysis.alpha_items) == (2, 2)


def test_a_changed_key_is_a_new_version_but_a_shuffle_is_not():
    shown = single("q1", "Which?")
    shuffled = {**shown, "choices": list(reversed(shown["choices"]))}
    rekeyed = single("q1", "Which?", key="b")
    analysis = analyse(
        [record([shown], {"q1": "a"}), record([shuffled], {"q1": "a"}), record([rekeyed], {})]
    )
    assert sorted(item.attempts for item in analysis.items) == [1, 2]
    blank = next(item for item in analysis.items if item.attempts == 1)
    assert choice_summary(blank)[-1] == "No answer: 1 (100%)"
