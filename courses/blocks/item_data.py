"""A quiz's questions, in the form a `QuizQuestionsBlock` stores them, as the item checker's
plain input (`courses.assessment.item_checks`).

The stored form is the StreamField's raw JSON: a list of `{"type", "value", "id"}` blocks
whose list fields hold `{"type": "item", "value"}` entries. A page gives it as
`quiz.questions.raw_data`; the demo data files (`courses.demo.quizzes`) give the same shape
with reference keys where a page holds reference ids. Citations are looked up in `sources`
(id or key → `Source`); one that is not there (a deleted reference) cites nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from courses.assessment.item_checks import Choice, Item, QuizItems, Source


def list_values(entries) -> list:
    """The values of a ListBlock's stored entries (older data stores the bare values)."""
    return [
        entry["value"] if isinstance(entry, dict) and entry.get("type") == "item" else entry
        for entry in entries or []
    ]


def cited_values(questions: Iterable[dict]) -> set:
    """Every citation (reference id or key) in a quiz's stored questions."""
    found = set()
    for _number, _kind, value, _scenario in _scored(questions):
        found.update(v for v in list_values(value.get("citations")) if v is not None)
    return found


def quiz_items(
    name: str,
    questions: Iterable[dict],
    sources: Mapping[object, Source],
    *,
    summative: bool = True,
) -> QuizItems:
    items = tuple(
        _item(number, kind, value, scenario, sources)
        for number, kind, value, scenario in _scored(questions)
    )
    return QuizItems(name, items, summative)


def _scored(questions: Iterable[dict]):
    """(number, kind, value, scenario) for each scored question, a case's questions
    numbered within the case."""
    for position, block in enumerate(questions, 1):
        value = block.get("value") or {}
        if block.get("type") == "case_vignette":
            scenario = f"{value.get('title', '')}. {value.get('scenario', '')}"
            for part, question in enumerate(list_values(value.get("questions")), 1):
                yield f"{position}.{part}", "single_choice", question or {}, scenario
        else:
            yield str(position), block.get("type", ""), value, ""


def _item(number, kind, value: dict, scenario: str, sources) -> Item:
    choices = tuple(
        Choice(str(choice.get("text") or ""), bool(choice.get("correct")))
        for choice in list_values(value.get("choices"))
        if isinstance(choice, dict)
    )
    cited = [sources.get(key) for key in list_values(value.get("citations"))]
    return Item(
        number=number,
        kind=kind,
        prompt=str(value.get("prompt") or ""),
        explanation=str(value.get("explanation") or ""),
        choices=choices,
        steps=tuple(str(step or "") for step in list_values(value.get("steps"))),
        scenario=scenario,
        tags=tuple(str(tag) for tag in list_values(value.get("tags")) if tag),
        sources=tuple(source for source in cited if source is not None),
    )
