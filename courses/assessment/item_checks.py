"""Item-writing checks: the flaws that let a test-wise trainee pass a quiz without knowing
the material, or leave an item resting on no source or a retracted one.

The rules follow published item-writing guidance (for example the NBME item-writing guide):
options of similar length, no absolute words that give a wrong option away, an explanation
for every question, a source for every research item, no question asked twice, and no
true/false items where a score counts. Each finding is a *warning* for the author, never an
error: authors see them when they save a quiz, and `manage.py check_items` prints them for a
whole course.

Everything here is plain data in, warnings out. `courses.blocks.item_data` turns a quiz's
questions (as a page stores them, or as the demo data files give them) into `QuizItems`.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

# The key may be a little longer than the longest wrong option, not much.
KEY_LENGTH_MARGIN = 1.10
# Stems whose word sets overlap this much (Jaccard index) ask the same question twice.
DUPLICATE_STEM_SIMILARITY = 0.6
# Fewer words than this cannot say why the answer is right and the others are not.
MIN_EXPLANATION_WORDS = 12
STEM_PREVIEW_CHARACTERS = 60

ABSOLUTE_WORDS = re.compile(
    r"\b(always|never|only|all|none|every|completely|entirely|absolutely|guaranteed|"
    r"certainly|definitely|invariably|impossible|nobody|everyone|nothing|no[ -]one)\b",
    re.IGNORECASE,
)
# Words that show an item rests on research: a year, a trial, a study, participants...
RESEARCH_WORDS = re.compile(
    r"\b((?:19|20)\d\d|trials?|study|studies|meta-analys[ie]s|et al|participants"
    r"|randomi[sz]ed|placebos?)\b",
    re.IGNORECASE,
)
RESEARCH_TAG = "research-literacy"
WORD = re.compile(r"[a-z0-9']+")


class Rule(StrEnum):
    """What a warning is about; the value names it in reports."""

    KEY_LONGEST = "key-longest"
    ABSOLUTE_WORD = "absolute-word"
    EXPLANATION = "explanation"
    UNCITED_RESEARCH = "uncited-research"
    RETRACTED_SOURCE = "retracted-source"
    DUPLICATE_STEM = "duplicate-stem"
    TRUE_FALSE = "true-false"
    NO_KEY = "no-key"


@dataclass(frozen=True)
class Choice:
    text: str
    correct: bool = False


@dataclass(frozen=True)
class Source:
    """A cited reference: how authors know it, and whether it has been retracted."""

    label: str
    retracted: bool = False


@dataclass(frozen=True)
class Item:
    """One scored question. `number` is its place in the quiz, in the editor's order: "4",
    or "5.2" for the second question of the case study at 5, whose `scenario` it is read
    against."""

    number: str
    kind: str  # single_choice, multiple_response, true_false or ordering
    prompt: str
    explanation: str = ""
    choices: tuple[Choice, ...] = ()
    steps: tuple[str, ...] = ()
    scenario: str = ""
    tags: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()

    @property
    def case(self) -> str:
        """The case study the item belongs to ("" for a question of its own)."""
        return self.number.partition(".")[0] if "." in self.number else ""

    @property
    def stem(self) -> str:
        """The start of the prompt, to name the item by."""
        return preview(self.prompt)


@dataclass(frozen=True)
class QuizItems:
    """A quiz's scored items. A summative quiz counts toward completion or credit."""

    name: str
    items: tuple[Item, ...]
    summative: bool = True


@dataclass(frozen=True)
class ItemWarning:
    quiz: str
    number: str
    stem: str
    rule: Rule
    message: str

    def __str__(self) -> str:
        return f"{self.quiz}, {self.where}"

    @property
    def where(self) -> str:
        """The warning without the quiz's name, for a report already headed by it."""
        return f"question {self.number} (“{self.stem}”): {self.message}"


@dataclass
class BankSummary:
    """Counts over the quizzes checked, for the report's summary line."""

    items_per_quiz: list[tuple[str, int]] = field(default_factory=list)
    kinds: Counter = field(default_factory=Counter)
    single_answer: int = 0  # single-choice items with written options
    key_longest: int = 0  # ... whose key is at least as long as every other option
    cited: int = 0

    @property
    def total(self) -> int:
        return sum(count for _, count in self.items_per_quiz)

    @property
    def key_longest_share(self) -> float:
        return self.key_longest / self.single_answer if self.single_answer else 0.0


def preview(text: str, limit: int = STEM_PREVIEW_CHARACTERS) -> str:
    """The start of `text`, cut at a word, with an ellipsis if anything was cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


# -- the rules for one item ----------------------------------------------------------------


def _key_longest(item: Item) -> Iterable[str]:
    keys = [choice for choice in item.choices if choice.correct]
    others = [choice for choice in item.choices if not choice.correct]
    if item.kind != "single_choice" or len(keys) != 1 or not others:
        return
    key, longest_other = len(keys[0].text), max(len(choice.text) for choice in others)
    if key > KEY_LENGTH_MARGIN * longest_other:
        yield (
            f"the correct answer is the longest option ({key} characters; the longest of the "
            f"others has {longest_other}). Test-wise trainees pick the longest option: make "
            "the options similar in length."
        )


def _absolute_words(item: Item) -> Iterable[str]:
    if item.kind not in ("single_choice", "multiple_response"):
        return
    for choice in item.choices:
        found = [] if choice.correct else ABSOLUTE_WORDS.findall(choice.text)
        if found:
            words = " and ".join(f"“{word.lower()}”" for word in dict.fromkeys(found))
            yield (
                f"the wrong option “{preview(choice.text, 50)}” says {words}. Absolute words "
                "give wrong options away: qualify the option or reword it."
            )


def _explanation(item: Item) -> Iterable[str]:
    words = len(item.explanation.split())
    if not words:
        yield (
            "it has no explanation. Trainees read it when they review an attempt: say why "
            "the answer is right and the others are not."
        )
    elif words < MIN_EXPLANATION_WORDS:
        yield (
            f"its explanation has {words} word{'' if words == 1 else 's'}. Say why the answer "
            f"is right and the others are not (at least {MIN_EXPLANATION_WORDS} words)."
        )


def _research_text(item: Item) -> str:
    return " ".join([item.scenario, item.prompt, *(c.text for c in item.choices), *item.steps])


def _uncited_research(item: Item) -> Iterable[str]:
    if item.sources:
        return
    found = RESEARCH_WORDS.search(_research_text(item))
    if found:
        yield (
            f"it mentions “{found.group(0)}”, so it rests on research, but cites no source. "
            "Add the reference under Citations."
        )
    elif RESEARCH_TAG in item.tags:
        yield (
            f"it is tagged {RESEARCH_TAG} but cites no source. Add the reference under Citations."
        )


def _retracted_sources(item: Item) -> Iterable[str]:
    for source in item.sources:
        if source.retracted:
            yield (
                f"it cites {source.label}, which has been retracted. An item must not rest on "
                "a retracted source: cite the evidence that stands, or drop the item."
            )


def _true_false(item: Item, summative: bool) -> Iterable[str]:
    if summative and item.kind == "true_false":
        yield (
            "it is a true/false question. In a quiz that counts, a guess is right half the "
            "time: ask it as a single-choice question with three or four options."
        )


def _no_key(item: Item) -> Iterable[str]:
    if item.kind in ("single_choice", "multiple_response") and not any(
        choice.correct for choice in item.choices
    ):
        yield (
            "no choice is marked correct, so no answer can be right: trainees' attempts leave "
            "it out of the score. Mark the correct choice."
        )


def check_item(item: Item, *, summative: bool = True) -> list[tuple[Rule, str]]:
    """Every rule that applies to one item on its own, as (rule, message) pairs."""
    return [
        *((Rule.NO_KEY, message) for message in _no_key(item)),
        *((Rule.KEY_LONGEST, message) for message in _key_longest(item)),
        *((Rule.ABSOLUTE_WORD, message) for message in _absolute_words(item)),
        *((Rule.EXPLANATION, message) for message in _explanation(item)),
        *((Rule.UNCITED_RESEARCH, message) for message in _uncited_research(item)),
        *((Rule.RETRACTED_SOURCE, message) for message in _retracted_sources(item)),
        *((Rule.TRUE_FALSE, message) for message in _true_false(item, summative)),
    ]


def check_quiz(quiz: QuizItems) -> list[ItemWarning]:
    """The warnings for each item of one quiz (duplicates across quizzes aside)."""
    return [
        ItemWarning(quiz.name, item.number, item.stem, rule, message)
        for item in quiz.items
        for rule, message in check_item(item, summative=quiz.summative)
    ]


# -- duplicated stems ----------------------------------------------------------------------


def stem_words(item: Item, *, with_scenario: bool = True) -> set[str]:
    """The lowercase words of an item's stem; a case's questions are read with the case."""
    text = f"{item.scenario} {item.prompt}" if with_scenario else item.prompt
    return set(WORD.findall(text.lower()))


def stem_similarity(a: Item, b: Item, *, same_case: bool = False) -> float:
    """Jaccard index of two stems' word sets. Two questions about the same case share the
    case's words, so they are compared by their prompts alone."""
    words_a = stem_words(a, with_scenario=not same_case)
    words_b = stem_words(b, with_scenario=not same_case)
    union = words_a | words_b
    return len(words_a & words_b) / len(union) if union else 0.0


def duplicate_stems(
    quizzes: Sequence[QuizItems], *, focus: QuizItems | None = None
) -> list[ItemWarning]:
    """Pairs of items, within or across `quizzes`, that ask nearly the same question. Each
    pair is reported once, on the later item; with `focus`, only pairs involving that quiz,
    reported on its item (what the author of that quiz needs to see)."""
    placed = [(quiz, item) for quiz in quizzes for item in quiz.items]
    warnings = []
    for (quiz_a, a), (quiz_b, b) in itertools.combinations(placed, 2):
        if focus is not None and focus is not quiz_a and focus is not quiz_b:
            continue
        same_case = quiz_a is quiz_b and a.case != "" and a.case == b.case
        similarity = stem_similarity(a, b, same_case=same_case)
        if similarity < DUPLICATE_STEM_SIMILARITY:
            continue
        (quiz, item), (other_quiz, other) = (quiz_b, b), (quiz_a, a)
        if focus is not None and quiz_b is not focus:
            (quiz, item), (other_quiz, other) = (quiz_a, a), (quiz_b, b)
        elsewhere = "" if other_quiz is quiz else f" in {other_quiz.name}"
        warnings.append(
            ItemWarning(
                quiz.name,
                item.number,
                item.stem,
                Rule.DUPLICATE_STEM,
                f"it asks nearly the same question as question {other.number}{elsewhere} "
                f"(“{other.stem}”; {similarity:.0%} of their words are shared). Ask it in a "
                "new way or keep only one.",
            )
        )
    return warnings


# -- a course ------------------------------------------------------------------------------


def _in_order(warnings: list[ItemWarning], quizzes: Sequence[QuizItems]) -> list[ItemWarning]:
    order = {quiz.name: index for index, quiz in enumerate(quizzes)}

    def key(warning: ItemWarning):
        numbers = tuple(int(part) for part in warning.number.split(".") if part.isdigit())
        return order.get(warning.quiz, len(order)), numbers

    return sorted(warnings, key=key)


def check_course(quizzes: Sequence[QuizItems]) -> list[ItemWarning]:
    """Every warning for a course's quizzes, in course and question order."""
    warnings = [warning for quiz in quizzes for warning in check_quiz(quiz)]
    return _in_order([*warnings, *duplicate_stems(quizzes)], quizzes)


def check_quiz_in_course(quiz: QuizItems, others: Sequence[QuizItems]) -> list[ItemWarning]:
    """The warnings an author of `quiz` needs: its own, and its stems that repeat one
    another or the course's `others`."""
    duplicates = duplicate_stems([*others, quiz], focus=quiz)
    return _in_order([*check_quiz(quiz), *duplicates], [quiz])


def summarise(quizzes: Sequence[QuizItems]) -> BankSummary:
    summary = BankSummary()
    for quiz in quizzes:
        summary.items_per_quiz.append((quiz.name, len(quiz.items)))
        for item in quiz.items:
            summary.kinds[item.kind] += 1
            summary.cited += bool(item.sources)
            keys = [len(choice.text) for choice in item.choices if choice.correct]
            others = [len(choice.text) for choice in item.choices if not choice.correct]
            if item.kind == "single_choice" and len(keys) == 1 and others:
                summary.single_answer += 1
                summary.key_longest += keys[0] >= max(others)
    return summary
