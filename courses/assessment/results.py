"""What a trainee sees of a submitted attempt, built from its snapshot and stored grade.

How much is shown follows the quiz's result detail as frozen in the snapshot: the score
only; also which answers were right; or also the correct answers, per-choice feedback,
explanations and sources (optionally only once the trainee has passed the quiz or used
every attempt).
"""

from __future__ import annotations

from fractions import Fraction

from courses.assessment.question_types import question_type
from courses.assessment.rules import ResultDetail
from courses.assessment.snapshot import numbered


def detail_shown(snapshot: dict, answers_revealed: bool) -> str:
    """The result detail for this attempt: the quiz's own, except that where the quiz says so,
    correct answers wait until they are revealed (the quiz passed, or no attempt left)."""
    settings = snapshot["settings"]
    detail = settings.get("result_detail", ResultDetail.SCORE)
    if (
        detail == ResultDetail.FULL
        and settings.get("answers_after_pass_only")
        and not answers_revealed
    ):
        return ResultDetail.CORRECTNESS
    return detail


def result_items(snapshot: dict, answers: dict, results: dict, detail: str) -> list[dict]:
    """The questions as the result page shows them, at `detail`, numbered as the attempt page
    numbers them (a case vignette's questions among the others)."""
    return numbered(
        [
            {
                "type": "case_vignette",
                "title": question["title"],
                "scenario": question["scenario"],
                "questions": [
                    _item(sub, answers, results, detail) for sub in question["questions"]
                ],
            }
            if question["type"] == "case_vignette"
            else _item(question, answers, results, detail)
            for question in snapshot["questions"]
        ]
    )


def _item(question: dict, answers: dict, results: dict, detail: str) -> dict:
    answer = answers.get(question["id"])
    result = results.get(question["id"], {"earned": "0", "possible": question["points"]})
    earned = Fraction(result["earned"])
    kind = question_type(question)
    shows_correctness = detail in (ResultDetail.CORRECTNESS, ResultDetail.FULL)
    item = {
        "id": question["id"],
        "type": question["type"],
        "template": kind.result_template,
        "prompt": question["prompt"],
        "points": question["points"],
        "answered": answer is not None,
        "show_correctness": shows_correctness,
        "show_answers": detail == ResultDetail.FULL,
        # No answer is right (see grading.is_void): not scored, and the page says so.
        "void": not kind.has_key(question),
    }
    if item["void"]:
        item["show_correctness"] = False
    elif shows_correctness:
        item["earned"] = float(earned) if earned.denominator != 1 else int(earned)
        item["correct"] = earned == result["possible"]
        item["partly"] = 0 < earned < result["possible"]
    if detail == ResultDetail.FULL:
        item["explanation"] = question.get("explanation", "")
        item["citations"] = question.get("citations", [])
    item.update(kind.result(question, answer, detail))
    return item
