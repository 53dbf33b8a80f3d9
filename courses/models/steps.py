"""The steps a trainee works through: lessons and quizzes.

Both are served by `StepPage`, which asks the one gate (`courses.learning.access`) and
either serves the step, sends a visitor to sign in, or explains in a 403 page what must come
first, in words that fit a lesson, a module quiz and the final test alike.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.shared_cache import cached
from courses.assessment.grading import correct_answers, grade
from courses.assessment.results import result_items
from courses.assessment.rules import AttemptCounts, ResultDetail
from courses.assessment.snapshot import build_snapshot, public_view
from courses.blocks import LessonBodyBlock, QuizQuestionsBlock
from courses.citations import cited_references
from courses.clinical_review import review_credit
from courses.learning.access import Access
from courses.learning.certification import latest_certificate, recertify_since
from courses.learning.models import NOTE_MAX_LENGTH
from courses.learning.notes import notes_on
from courses.learning.outline import opens_when, trainee_outline
from courses.learning.standing import quiz_standing
from courses.learning.steps import StepState, step_state
from courses.models.base import TreePage, summary_field


class StepPage(TreePage):
    """A lesson or a quiz: served only to those the gate lets read it."""

    step_label = ""  # what the step is called in the trainee's words: "lesson", "quiz"

    class Meta:
        abstract = True

    def course_and_module(self):
        """The step's course, and its module (None for a course's final test), kept in the
        content cache (a page being previewed before it is saved has no key)."""
        if self.pk is None:
            return self.find_course_and_module()
        return cached("step-parents", (self.pk,), self.find_course_and_module)

    def find_course_and_module(self):
        """Its parent and grandparent: one query for the pages, one for each of their types."""
        paths = [self.path[: -self.steplen], self.path[: -2 * self.steplen]]
        parents = Page.objects.filter(path__in=paths).specific()
        roles = {getattr(page, "tree_role", ""): page for page in parents}
        return roles.get("course"), roles.get("module")

    def step_state(self, user) -> StepState:
        return step_state(self, user)

    def serve(self, request, *args, **kwargs):
        state = self.step_state(request.user)
        if state.access.access is Access.LOGIN_REQUIRED:
            return redirect_to_login(request.get_full_path())
        if not state.access.may_read:
            opens = opens_when(state.progress, state.module)
            context = {"page": self, "self": self, "state": state, "opens": opens}
            return TemplateResponse(request, "courses/step_unavailable.html", context, status=403)
        return super().serve(request, *args, state=state, **kwargs)

    def get_context(self, request, *args, state: StepState | None = None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        state = state or self.step_state(request.user)
        course, module, progress = state.course, state.module, state.progress
        navigation = progress.navigation
        module_number = navigation.module_number(module)
        in_outline = navigation.has_step(self)
        if getattr(request, "is_preview", False) and module is not None and module_number is None:
            # A preview of a step in an unpublished module: its real place in the tree.
            module_number = module.tree_number()
        outline = trainee_outline(progress)
        next_step = navigation.next(self)
        # The next step as the outline shows it to this trainee: when it is locked, the page
        # says so and what opens it, instead of linking to a refusal.
        next_locked = next(
            (
                step
                for step in outline.steps
                if next_step is not None and step.entry.pk == next_step.pk and step.is_locked
            ),
            None,
        )
        context.update(
            in_outline=in_outline,
            state=state,
            course=course,
            module=module,
            progress=progress,
            module_progress=progress.of_module(module),
            breadcrumb_trail=[page for page in (course, module) if page is not None],
            module_number=module_number,
            section=outline.of_module(module),
            previous_step=navigation.previous(self),
            next_step=next_step,
            next_locked=next_locked,
            review=review_credit(self, preview=getattr(request, "is_preview", False)),
        )
        return context


def section_anchor(block_id: str) -> str:
    """The id of a lesson's section heading, which its contents list links to."""
    return f"section-{block_id}"


# Blocks that show a trainee's own state (answers, a CSRF token): never shared between trainees.
PERSONAL_BLOCKS = {"knowledge_check"}


class LessonPageTag(TaggedItemBase):
    """A competency tag on a lesson (e.g. 'screening', 'integration')."""

    content_object = ParentalKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LessonPage(StepPage):
    """A lesson: the teaching itself, in blocks, with the references it cites listed below."""

    page_description = (
        "A lesson: teaching in blocks, with the references it cites. Trainees mark it complete."
    )

    step_label = "lesson"

    summary = summary_field()
    estimated_minutes = models.PositiveIntegerField(
        validators=[MaxValueValidator(600)], help_text="Time to read and reflect on the lesson."
    )
    body = StreamField(LessonBodyBlock(), help_text="The lesson, block by block.")
    tags = ClusterTaggableManager(
        through=LessonPageTag,
        blank=True,
        help_text="Competencies the lesson teaches, e.g. 'screening', 'integration'.",
    )
    authors = models.CharField(
        max_length=300,
        blank=True,
        help_text="Who wrote the lesson, as trainees see it, e.g. 'Dr Ana Ruiz; Sam Lee, LCSW'.",
    )
    clinical_reviewer = models.CharField(
        max_length=200,
        blank=True,
        help_text="The clinician who last reviewed the lesson's clinical content.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the clinical content was last reviewed."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        MultiFieldPanel(
            [
                FieldPanel("authors"),
                FieldRowPanel([FieldPanel("clinical_reviewer"), FieldPanel("last_reviewed")]),
            ],
            heading="Authors and clinical review",
        ),
        HelpPanel(
            "Follow each clinical claim with a Citation block; the lesson lists every "
            "reference it cites at the end."
        ),
        FieldPanel("body"),
        FieldPanel("tags", heading="Competencies"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    def clean(self):
        super().clean()
        if self.last_reviewed and self.last_reviewed > timezone.localdate():
            raise ValidationError({"last_reviewed": "A review date cannot be in the future."})
        if self.last_reviewed and not self.clinical_reviewer:
            raise ValidationError(
                {"clinical_reviewer": "Name the clinician who reviewed the lesson on that date."}
            )

    def contents(self) -> list[tuple[str, str]]:
        """The lesson's sections, as (anchor, heading) pairs for its contents list."""
        return [
            (section_anchor(block.id), block.value["text"])
            for block in self.body
            if block.block_type == "heading" and block.value["level"] == "h2"
        ]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        parts = self.rendered_parts(request)
        # A trainee's private notes are drawn on each request, below the shared HTML of their
        # reflection prompts, and only for the trainee who may keep notes here (never for
        # staff reading the lesson): the cached parts never hold anyone's note.
        keeps_notes = context["state"].access.may_record
        notes = notes_on(request.user, self.pk) if keeps_notes else {}
        context.update(
            note_max_length=NOTE_MAX_LENGTH,
            contents=self.contents(),
            # (HTML, None, note box) for a shared block; (None, block, None) for one drawn per
            # trainee. A note box (the prompt's block id and the note, if any) follows a
            # reflection prompt.
            # (Read from the raw data: building every block would query for its images.)
            body_parts=[
                (
                    (None, self.body[index], None)
                    if html is None
                    else (
                        mark_safe(html),  # noqa: S308
                        None,
                        {"block_id": str(raw["id"]), "note": notes.get(str(raw["id"]))}
                        if keeps_notes and raw["type"] == "reflection" and raw.get("id")
                        else None,
                    )
                )
                for index, (raw, html) in enumerate(
                    zip(self.body.raw_data, parts["blocks"], strict=True)
                )
            ],
            references_html=mark_safe(parts["references"]),  # noqa: S308
            tags_html=mark_safe(parts["tags"]),  # noqa: S308
            flagged_sources_html=mark_safe(parts.get("flagged", "")),  # noqa: S308
        )
        return context

    def rendered_parts(self, request) -> dict:
        """The lesson's body, reference list and competency tags as HTML: the same for every
        trainee, so rendered once per published revision and kept in the content cache.
        Blocks that show the trainee's own state (knowledge checks) are left as None and
        drawn on each request. Previews are never cached."""
        if getattr(request, "is_preview", False) or self.pk is None:
            return self.render_parts(request)
        key = (self.pk, self.live_revision_id)
        return cached("lesson-parts", key, lambda: self.render_parts(request), local=True)

    def render_parts(self, request) -> dict:
        references = cited_references(self.body)
        numbers = {reference.pk: number for number, reference in enumerate(references, 1)}
        context = {"page": self, "self": self, "request": request, "reference_numbers": numbers}
        return {
            "blocks": [
                None
                if block.block_type in PERSONAL_BLOCKS
                else str(block.render_as_block({**context, "block_id": block.id}))
                for block in self.body
            ],
            "references": render_to_string(
                "components/lesson_references.html", {"references": references}
            ),
            "tags": render_to_string("components/lesson_tags.html", {"tags": self.tags.all()}),
            "flagged": render_to_string(
                "components/flagged_sources_notice.html",
                {"flagged": [reference for reference in references if reference.flags(self)]},
            ),
        }


class QuizPage(StepPage):
    """A quiz: the module's quiz (under a module) or the course's final post-test (under a
    course). Its rules are read when an attempt starts and frozen into it."""

    page_description = (
        "A graded quiz: a module's quiz, or the course's final post-test when placed "
        "under a course."
    )

    step_label = "quiz"

    intro = models.TextField(
        blank=True, help_text="Shown on the quiz page before a trainee starts an attempt."
    )
    pass_mark = models.PositiveSmallIntegerField(
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The percentage needed to pass. 75% is the usual standard for CE post-tests.",
    )
    max_attempts = models.PositiveSmallIntegerField(
        default=3,
        validators=[MaxValueValidator(100)],
        help_text="How many attempts a trainee may make; 0 means no limit.",
    )
    attempt_counts = models.CharField(
        max_length=20,
        choices=AttemptCounts.choices,
        default=AttemptCounts.HIGHEST,
        help_text="Which attempt decides whether the trainee has passed.",
    )
    shuffle_questions = models.BooleanField(
        default=True, help_text="Show the questions in a different order in each attempt."
    )
    shuffle_choices = models.BooleanField(
        default=True, help_text="Show each question's choices in a different order."
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text="Optional. The server closes the attempt when time is up (after a short "
        "grace period) and grades what was saved.",
    )
    result_detail = models.CharField(
        max_length=20,
        choices=ResultDetail.choices,
        default=ResultDetail.FULL,
        help_text="What the trainee sees after submitting an attempt.",
    )
    answers_after_pass_only = models.BooleanField(
        default=False,
        help_text="Show correct answers and explanations only once the trainee has passed "
        "the quiz or used every attempt.",
    )
    questions = StreamField(QuizQuestionsBlock(), help_text="The questions, in order.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("max_attempts")]),
                FieldPanel("attempt_counts"),
                FieldPanel("time_limit_minutes"),
                FieldRowPanel([FieldPanel("shuffle_questions"), FieldPanel("shuffle_choices")]),
                FieldPanel("result_detail"),
                FieldPanel("answers_after_pass_only"),
            ],
            heading="Rules",
        ),
        FieldPanel("questions"),
    ]

    parent_page_types = ["courses.ModulePage", "courses.CoursePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    preview_modes = [("", "The quiz"), ("result", "A result (all answers right)")]

    class Meta:
        verbose_name = "quiz"

    @property
    def question_count(self) -> int:
        """Scored questions: a case vignette counts each of its questions."""
        return sum(
            len(block["value"]["questions"]) if block["type"] == "case_vignette" else 1
            for block in self.questions.raw_data  # no need to build every block to count
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        state = context["state"]
        may_attempt = state.access.may_record
        since = None
        if may_attempt and state.is_final_test:
            since = recertify_since(latest_certificate(state.progress.enrolment))
        context.update(
            may_attempt=may_attempt,
            standing=quiz_standing(request.user, self, since=since) if may_attempt else None,
            recertify_since=since,
            question_count=self.question_count,
        )
        return context

    def serve_preview(self, request, mode_name):
        """Authors' previews: the quiz as a trainee sees it, or a result with every answer
        right, built by the same engine as real attempts."""
        snapshot = build_snapshot(self, seed=0)
        if mode_name == "result":
            answers = correct_answers(snapshot)
            result = grade(snapshot, answers)
            context = {
                "page": self,
                "preview": True,
                "attempt": {"number": 1, "percent": result.percent, "passed": result.passed},
                "items": result_items(snapshot, answers, result.as_record(), ResultDetail.FULL),
                "detail": ResultDetail.FULL,
                "snapshot": snapshot,
            }
            return TemplateResponse(request, "learning/result.html", context)
        context = {"page": self, "preview": True, "questions": public_view(snapshot), "answers": {}}
        return TemplateResponse(request, "learning/attempt.html", context)
