"""StreamField blocks for lesson bodies. Each block renders with its own template in
`templates/blocks/`, named after the block."""

import random

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from courses.blocks.questions import ChoiceBlock, OneCorrectChoiceMixin

# The rich text an author may use inside a lesson: no headings (the heading block keeps the
# outline in order), no embeds or images (the figure and video blocks carry alt text).
LESSON_RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, help_text="The section heading.")
    level = blocks.ChoiceBlock(
        choices=[("h2", "Section (level 2)"), ("h3", "Subsection (level 3)")],
        default="h2",
        help_text="Level 2 for sections, level 3 inside them, so the outline stays in order.",
    )

    class Meta:
        description = (
            "A section or subsection heading; level 2 headings make the lesson's contents list."
        )
        icon = "title"
        template = "blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[
            ("note", "Note"),
            ("caution", "Caution"),
            ("safety", "Safety-critical"),
        ],
        default="note",
        help_text="Safety-critical is for points a trainee must not miss.",
    )
    title = blocks.CharBlock(max_length=120, required=False, help_text="Optional short title.")
    text = blocks.RichTextBlock(features=LESSON_RICH_TEXT_FEATURES)

    class Meta:
        description = (
            "A boxed note, caution or safety-critical point that stands out from the text."
        )
        icon = "warning"
        template = "blocks/callout.html"


class KeyPointsBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120, default="Key points", required=False)
    points = blocks.ListBlock(blocks.CharBlock(max_length=400), min_num=1)

    class Meta:
        description = "A short list of the points to remember."
        icon = "list-ul"
        template = "blocks/key_points.html"


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(help_text="A question for the trainee to think or write about.")
    guidance = blocks.TextBlock(required=False, help_text="Optional hint on how to approach it.")

    class Meta:
        description = "A question for the trainee to think or write about."
        icon = "help"
        template = "blocks/reflection_prompt.html"


class CaseVignetteBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=150)
    scenario = blocks.RichTextBlock(
        features=LESSON_RICH_TEXT_FEATURES,
        help_text="A fictional clinical scenario. Never use real patient details.",
    )
    questions = blocks.ListBlock(
        blocks.TextBlock(), min_num=0, help_text="Discussion questions that follow the scenario."
    )

    class Meta:
        description = "A fictional clinical scenario with discussion questions."
        icon = "user"
        template = "blocks/case_vignette.html"


class CitationBlock(blocks.StructBlock):
    """Cites a Reference for the claim just above it; the lesson lists every cited reference."""

    reference = SnippetChooserBlock("courses.Reference")
    locator = blocks.CharBlock(
        max_length=80, required=False, help_text="Optional pointer, e.g. 'p. 74' or 'results'."
    )

    class Meta:
        description = "Cites a reference for the claim just above; the lesson lists it at the end."
        icon = "doc-full"
        template = "blocks/citation.html"

    def get_context(self, value, parent_context=None):
        """Adds the reference's number in the page's reference list (`reference_numbers`)."""
        context = super().get_context(value, parent_context=parent_context)
        numbers = (parent_context or {}).get("reference_numbers") or {}
        reference = value.get("reference")
        context["number"] = numbers.get(reference.pk) if reference else None
        return context


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=300, help_text="What the image shows, for people who cannot see it."
    )
    caption = blocks.CharBlock(max_length=300)
    credit = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        description = "An image with alt text, a caption and a credit."
        icon = "image"
        template = "blocks/figure.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(help_text="A link to the video, e.g. on YouTube or Vimeo.")
    title = blocks.CharBlock(max_length=200, help_text="Names the video for screen readers.")
    transcript = blocks.TextBlock(
        required=False, help_text="A transcript or summary, for people who cannot watch it."
    )

    class Meta:
        description = "An embedded video with a title and a transcript."
        icon = "media"
        template = "blocks/video.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(max_length=200, required=False)

    class Meta:
        description = "A quotation with its attribution."
        icon = "openquote"
        template = "blocks/quote.html"


class KnowledgeCheckBlock(OneCorrectChoiceMixin, blocks.StructBlock):
    """One practice question inside a lesson, answered on the page and checked by the server.

    Practice only: nothing is recorded and it does not count towards completion. The answer
    key stays on the server until the trainee has answered.
    """

    prompt = blocks.TextBlock(help_text="The question.")
    choices = blocks.ListBlock(
        ChoiceBlock(), min_num=2, help_text="Tick exactly one correct choice."
    )
    explanation = blocks.TextBlock(help_text="Shown once the trainee has answered.")

    class Meta:
        description = "A practice question answered on the page; nothing is recorded."
        icon = "help"
        template = "blocks/knowledge_check.html"
        label = "Knowledge check"

    def get_context(self, value, parent_context=None):
        """Adds the choices in this reader's order and their last answer to this check (kept
        in their session), if any.

        The lesson page renders knowledge checks per request, outside the lesson body shared
        by every trainee (`LessonPage.rendered_parts`), so the order can be the reader's own."""
        context = super().get_context(value, parent_context=parent_context)
        parent_context = parent_context or {}
        block_id = parent_context.get("block_id")
        request = parent_context.get("request")
        answered = {}
        if block_id and request is not None and hasattr(request, "session"):
            answered = request.session.get("knowledge_checks", {}).get(str(block_id), {})
        user = getattr(request, "user", None)
        context.update(
            block_id=block_id,
            answered=answered,
            choices=shuffled_choices(value, block_id, getattr(user, "pk", None)),
            has_key=any(choice["correct"] for choice in value["choices"]),
        )
        return context


def shuffled_choices(value, block_id, user_id) -> list:
    """The check's choices (bound blocks) in an order of their own for each reader: seeded by
    the reader and the block, so reloading the lesson or answering never reorders them, while
    the author's order (the right answer often first) is nobody's. Readers who are not signed
    in share one order per block."""
    choices = list(value["choices"].bound_blocks)
    rng = random.Random(f"knowledge-check:{block_id}:{user_id or 'anonymous'}")  # noqa: S311 - display order, not security
    rng.shuffle(choices)
    return choices


class LessonBodyBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        features=LESSON_RICH_TEXT_FEATURES,
        template="blocks/text.html",
        icon="pilcrow",
        description="Paragraphs and lists of teaching text.",
    )
    heading = HeadingBlock()
    callout = CalloutBlock()
    key_points = KeyPointsBlock()
    reflection = ReflectionPromptBlock()
    case_vignette = CaseVignetteBlock()
    citation = CitationBlock()
    figure = FigureBlock()
    video = VideoBlock()
    quote = QuoteBlock()
    knowledge_check = KnowledgeCheckBlock()


class LearningObjectivesBlock(blocks.StreamBlock):
    objective = blocks.CharBlock(
        max_length=300, help_text="What a trainee will be able to do, starting with a verb."
    )
