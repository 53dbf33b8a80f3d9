"""Reads the flagship course's quiz files into QuizPage field values (see schema.py for the
conventions: strict checks, errors naming the file and place, stable block ids)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from courses.assessment.rules import AttemptCounts, ResultDetail
from courses.demo import schema

STEP_MAX = 300
SETTINGS = {"pass_mark", "max_attempts", "attempt_counts", "shuffle_questions"}
SETTINGS |= {"shuffle_choices", "result_detail"}
OPTIONAL_SETTINGS = {"answers_after_pass_only", "time_limit_minutes", "intro"}
COMMON = {"explanation", "points", "tags"}


@dataclass
class QuizSpec:
    slug: str
    fields: dict  # QuizPage fields; citations in `questions` hold reference keys


def load_quiz(path: Path, keys: set[str]) -> QuizSpec:
    where = schema.Where(path)
    data = schema.mapping(
        schema.read_yaml(path), where, {"title", "slug", "questions"} | SETTINGS, OPTIONAL_SETTINGS
    )
    slug = schema.slug(data["slug"], where / "slug")
    if data["attempt_counts"] not in AttemptCounts.values:
        (where / "attempt_counts").fail("expected highest or latest")
    if data["result_detail"] not in ResultDetail.values:
        (where / "result_detail").fail("expected score, correctness or full")
    pass_mark = schema.positive_int(data["pass_mark"], where / "pass_mark")
    if pass_mark > 100:
        (where / "pass_mark").fail("expected a percentage")
    max_attempts = data["max_attempts"]
    if not isinstance(max_attempts, int) or isinstance(max_attempts, bool) or max_attempts < 0:
        (where / "max_attempts").fail("expected 0 (no limit) or a positive whole number")
    if not isinstance(data["questions"], list) or not data["questions"]:
        (where / "questions").fail("expected a non-empty list of questions")
    fields = {
        "title": schema.plain(data["title"], where / "title"),
        "intro": schema.plain(data["intro"], where / "intro") if data.get("intro") else "",
        "pass_mark": pass_mark,
        "max_attempts": max_attempts,
        "attempt_counts": data["attempt_counts"],
        "shuffle_questions": bool(data["shuffle_questions"]),
        "shuffle_choices": bool(data["shuffle_choices"]),
        "result_detail": data["result_detail"],
        "answers_after_pass_only": bool(data.get("answers_after_pass_only", False)),
        "time_limit_minutes": (
            schema.positive_int(data["time_limit_minutes"], where / "time_limit_minutes")
            if data.get("time_limit_minutes")
            else None
        ),
        "questions": [
            _question(item, where / "questions" / i, (slug, i), keys)
            for i, item in enumerate(data["questions"])
        ],
    }
    return QuizSpec(slug, fields)


def _question(data, where: schema.Where, key: tuple, keys: set[str]) -> dict:
    if not isinstance(data, dict) or "type" not in data:
        where.fail("expected a question with a 'type'")
    kind = data["type"]
    body = {name: value for name, value in data.items() if name != "type"}
    if kind == "case_vignette":
        body = schema.mapping(body, where, {"title", "scenario", "questions"})
        if not isinstance(body["questions"], list) or not body["questions"]:
            (where / "questions").fail("expected a list of questions")
        subquestions = [
            _single_choice(item, where / "questions" / i, (*key, i), keys)
            for i, item in enumerate(body["questions"])
        ]
        value = {
            "title": schema.plain(body["title"], where / "title"),
            "scenario": schema.plain(body["scenario"], where / "scenario"),
            "questions": [
                {"type": "item", "value": sub, "id": schema.block_id(*key, "question", i)}
                for i, sub in enumerate(subquestions)
            ],
        }
    elif kind == "single_choice":
        value = _single_choice(body, where, key, keys)
    elif kind == "multiple_response":
        body = schema.mapping(body, where, {"prompt", "scoring", "choices"} | COMMON, {"citations"})
        if body["scoring"] not in ("partial", "all_or_nothing"):
            (where / "scoring").fail("expected partial or all_or_nothing")
        value = {
            "prompt": schema.plain(body["prompt"], where / "prompt"),
            "scoring": body["scoring"],
            "choices": schema.choices(body["choices"], where / "choices", key, at_least_correct=1),
            **_common(body, where, key, keys),
        }
    elif kind == "true_false":
        body = schema.mapping(body, where, {"prompt", "answer"} | COMMON, {"citations"})
        if not isinstance(body["answer"], bool):
            (where / "answer").fail("expected true or false")
        value = {
            "prompt": schema.plain(body["prompt"], where / "prompt"),
            "answer": body["answer"],
            **_common(body, where, key, keys),
        }
    elif kind == "ordering":
        body = schema.mapping(body, where, {"prompt", "steps"} | COMMON, {"citations"})
        steps = schema.text_list(body["steps"], where / "steps")
        if len(steps) < 2 or any(len(step) > STEP_MAX for step in steps):
            (where / "steps").fail(f"expected two or more steps of at most {STEP_MAX} characters")
        value = {
            "prompt": schema.plain(body["prompt"], where / "prompt"),
            "steps": schema.list_items(steps, *key, "steps"),
            **_common(body, where, key, keys),
        }
    else:
        (where / "type").fail(f"unknown question type {kind!r}")
    return {"type": kind, "value": value, "id": schema.block_id(*key)}


def _single_choice(body, where, key, keys) -> dict:
    body = schema.mapping(body, where, {"prompt", "choices"} | COMMON, {"citations"})
    return {
        "prompt": schema.plain(body["prompt"], where / "prompt"),
        "choices": schema.choices(body["choices"], where / "choices", key, exactly_correct=1),
        **_common(body, where, key, keys),
    }


def _common(body, where, key, keys) -> dict:
    citations = body.get("citations") or []
    if not isinstance(citations, list) or any(c not in keys for c in citations):
        (where / "citations").fail("expected a list of reference keys from references.yaml")
    return {
        "explanation": schema.plain(body["explanation"], where / "explanation"),
        "points": schema.positive_int(body["points"], where / "points"),
        "tags": schema.list_items(
            [schema.slug(t, where / "tags") for t in body["tags"]], *key, "tags"
        ),
        "citations": schema.list_items(list(citations), *key, "citations"),
    }
