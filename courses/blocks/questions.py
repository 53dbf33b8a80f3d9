"""Quiz questions as StreamField blocks.

Each question type knows how to turn its value into a *snapshot* item: plain data holding
the prompt, the choices in the order shown, which are correct, the points and the
explanation. Attempts are graded and reviewed from that snapshot, never from the live page,
so editing a quiz later cannot change a past attempt.
"""

from __future__ import annotations

from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

QUESTION_TEXT_HELP = "The question as the trainee reads it."


class ChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=400)
    correct = blocks.BooleanBlock(required=False, help_text="Tick for a correct answer.")
    feedback = blocks.TextBlock(
        required=False, help_text="Optional: shown after the attempt beside this choice."
    )

    class Meta:
        icon = "radio-full"


def _common_fields():
    return [
        (
            "explanation",
            blocks.TextBlock(help_text="Why the right answer is right; shown in the review."),
        ),
        ("points", blocks.IntegerBlock(default=1, min_value=1, max_value=10)),
        (
            "tags",
            blocks.ListBlock(
                blocks.CharBlock(max_length=50),
                default=[],
                help_text="Competencies tested, e.g. 'screening'.",
            ),
        ),
        (
            "citations",
            blocks.ListBlock(
                SnippetChooserBlock("courses.Reference"),
                default=[],
                help_text="The sources of a research finding the question rests on.",
            ),
        ),
    ]


class QuestionBlock(blocks.StructBlock):
    """Shared fields and behaviour: explanation, points, tags and citations, after the
    question's own fields, and their part of the snapshot."""

    question_type = ""

    def __init__(self, local_blocks=None, **kwargs):
        super().__init__(local_blocks=[*(local_blocks or []), *_common_fields()], **kwargs)

    def snapshot_common(self, value, question_id) -> dict:
        return {
            "id": question_id,
            "type": self.question_type,
            "prompt": value.get("prompt", ""),
            "points": int(value.get("points") or 1),
            "explanation": value.get("explanation", ""),
            "tags": [tag for tag in value.get("tags") or [] if tag],
            "citations": [
                {"short": reference.short_citation, "full": str(reference.formatted())}
                for reference in value.get("citations") or []
                if reference is not None
            ],
        }

    def snapshot(self, value, question_id, rng, shuffle_choices) -> dict:
        raise NotImplementedError

    @staticmethod
    def _choices(value, rng, shuffle):
        choices = [
            {
                "id": _item_id(child, index),
                "text": child.value["text"],
                "correct": bool(child.value["correct"]),
                "feedback": child.value.get("feedback", ""),
            }
            for index, child in enumerate(value["choices"].bound_blocks)
        ]
        if shuffle:
            rng.shuffle(choices)
        return choices


class OneCorrectChoiceMixin:
    """For a StructBlock with `choices`: exactly one must be ticked correct."""

    def clean(self, value):
        value = super().clean(value)
        if sum(1 for choice in value["choices"] if choice["correct"]) != 1:
            raise blocks.StructBlockValidationError(
                non_block_errors=["Tick exactly one correct choice."]
            )
        return value


class ChoiceQuestionBlock(QuestionBlock):
    """A question answered by picking from `choices`; they are snapshotted in the order shown."""

    def snapshot(self, value, question_id, rng, shuffle_choices):
        item = self.snapshot_common(value, question_id)
        item["choices"] = self._choices(value, rng, shuffle_choices)
        return item


class SingleChoiceQuestionBlock(OneCorrectChoiceMixin, ChoiceQuestionBlock):
    question_type = "single_choice"
    prompt = blocks.TextBlock(help_text=QUESTION_TEXT_HELP)
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2, help_text="Tick exactly one correct.")

    class Meta:
        description = "A question with one correct choice."
        icon = "radio-full"
        label = "Single choice"


class MultipleResponseQuestionBlock(ChoiceQuestionBlock):
    question_type = "multiple_response"
    prompt = blocks.TextBlock(help_text=QUESTION_TEXT_HELP)
    scoring = blocks.ChoiceBlock(
        choices=[
            ("all_or_nothing", "All or nothing"),
            ("partial", "Partial credit (right picks minus wrong picks)"),
        ],
        default="all_or_nothing",
    )
    choices = blocks.ListBlock(ChoiceBlock(), min_num=2, help_text="Tick every correct choice.")

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["correct"] for choice in value["choices"]):
            raise blocks.StructBlockValidationError(
                non_block_errors=["Tick at least one correct choice."]
            )
        return value

    def snapshot(self, value, question_id, rng, shuffle_choices):
        return {
            **super().snapshot(value, question_id, rng, shuffle_choices),
            "scoring": value["scoring"],
        }

    class Meta:
        description = "A question where every correct choice must be ticked."
        icon = "tasks"
        label = "Multiple response"


class TrueFalseQuestionBlock(QuestionBlock):
    question_type = "true_false"
    prompt = blocks.TextBlock(help_text="A statement the trainee judges true or false.")
    answer = blocks.BooleanBlock(required=False, help_text="Tick if the statement is true.")

    def snapshot(self, value, question_id, rng, shuffle_choices):
        item = self.snapshot_common(value, question_id)
        item["type"] = "single_choice"  # graded and shown as a choice between two
        item["choices"] = [
            {"id": "true", "text": "True", "correct": bool(value["answer"]), "feedback": ""},
            {"id": "false", "text": "False", "correct": not value["answer"], "feedback": ""},
        ]
        return item

    class Meta:
        description = "A statement the trainee marks true or false."
        icon = "tick-inverse"
        label = "True or false"


class OrderingQuestionBlock(QuestionBlock):
    question_type = "ordering"
    prompt = blocks.TextBlock(help_text=QUESTION_TEXT_HELP)
    steps = blocks.ListBlock(
        blocks.CharBlock(max_length=300),
        min_num=2,
        help_text="The steps in the CORRECT order; trainees see them shuffled.",
    )

    def snapshot(self, value, question_id, rng, shuffle_choices):
        item = self.snapshot_common(value, question_id)
        steps = [
            {"id": _item_id(child, position), "text": child.value, "position": position}
            for position, child in enumerate(value["steps"].bound_blocks, 1)
        ]
        shown = steps[:]
        while len(shown) > 1 and shown == steps:  # never shown already in order
            rng.shuffle(shown)
        item["steps"] = shown
        return item

    class Meta:
        description = "Steps the trainee puts in the right order."
        icon = "order"
        label = "Ordering"


class VignetteQuestionBlock(SingleChoiceQuestionBlock):
    class Meta:
        icon = "radio-full"
        label = "Question about the case"


class CaseVignetteQuestionBlock(blocks.StructBlock):
    """A clinical scenario followed by several single-choice questions."""

    title = blocks.CharBlock(max_length=150)
    scenario = blocks.TextBlock(help_text="The fictional clinical scenario.")
    questions = blocks.ListBlock(VignetteQuestionBlock(), min_num=1)

    def snapshot(self, value, question_id, rng, shuffle_choices):
        child_block = self.child_blocks["questions"].child_block
        return {
            "id": question_id,
            "type": "case_vignette",
            "title": value["title"],
            "scenario": value["scenario"],
            "questions": [
                child_block.snapshot(
                    child.value, f"{question_id}.{_item_id(child, index)}", rng, shuffle_choices
                )
                for index, child in enumerate(value["questions"].bound_blocks)
            ],
        }

    class Meta:
        description = "A clinical scenario followed by questions about it."
        icon = "user"
        label = "Case vignette"


class QuizQuestionsBlock(blocks.StreamBlock):
    single_choice = SingleChoiceQuestionBlock()
    multiple_response = MultipleResponseQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    ordering = OrderingQuestionBlock()
    case_vignette = CaseVignetteQuestionBlock()

    class Meta:
        min_num = 1


def _item_id(child, index: int) -> str:
    """A list item's block id; unsaved items (in an admin preview) have none yet."""
    return str(child.id) if child.id else f"item-{index}"
