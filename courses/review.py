"""What a trainee sees of a submitted attempt, built from its snapshot and stored grade.

How much is shown follows the quiz's review setting as frozen in the snapshot: the score
only; also which answers were right; or also the correct answers, per-choice feedback,
explanations and sources (optionally only once the trainee has passed).
"""

from __future__ import annotations

from fractions import Fraction

SCORE, CORRECTNESS, FULL = "score", "correctness", "full"
LEVELS = [SCORE, CORRECTNESS, FULL]


def review_level(snapshot: dict, has_passed: bool) -> str:
    settings = snapshot["settings"]
    level = settings.get("review", SCORE)
    if level == FULL and settings.get("review_after_pass_only") and not has_passed:
        return CORRECTNESS
    return level


def review(snapshot: dict, answers: dict, results: dict, level: str) -> list[dict]:
    """The questions as the result page shows them, at `level`."""
    return [
        {
            "type": "case_vignette",
            "title": question["title"],
            "scenario": question["scenario"],
            "questions": [_item(sub, answers, results, level) for sub in question["questions"]],
        }
        if question["type"] == "case_vignette"
        else _item(question, answers, results, level)
        for question in snapshot["questions"]
    ]


def _item(question: dict, answers: dict, results: dict, level: str) -> dict:
    answer = answers.get(question["id"])
    result = results.get(question["id"], {"earned": "0", "possible": question["points"]})
    earned = Fraction(result["earned"])
    item = {
        "id": question["id"],
        "type": question["type"],
        "prompt": question["prompt"],
        "points": question["points"],
        "answered": answer is not None,
        "show_correctness": level in (CORRECTNESS, FULL),
        "show_answers": level == FULL,
    }
    if level in (CORRECTNESS, FULL):
        item["earned"] = float(earned) if earned.denominator != 1 else int(earned)
        item["correct"] = earned == result["possible"]
        item["partly"] = 0 < earned < result["possible"]
    if level == FULL:
        item["explanation"] = question.get("explanation", "")
        item["citations"] = question.get("citations", [])
    if question["type"] == "ordering":
        given = answer or {}
        item["steps"] = [
            {
                "text": step["text"],
                "your_position": given.get(step["id"]),
                "position": step["position"] if level == FULL else None,
            }
            for step in question["steps"]
        ]
        if level == FULL:
            item["correct_order"] = [
                step["text"] for step in sorted(question["steps"], key=lambda s: s["position"])
            ]
    else:
        chosen = set(answer if isinstance(answer, list) else [answer] if answer else [])
        item["choices"] = [
            {
                "text": choice["text"],
                "chosen": choice["id"] in chosen,
                "correct": choice["correct"] if level == FULL else None,
                "feedback": choice.get("feedback", "")
                if level == FULL and (choice["id"] in chosen or choice["correct"])
                else "",
            }
            for choice in question["choices"]
        ]
    return item
