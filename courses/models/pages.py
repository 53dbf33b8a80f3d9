"""The course tree: CourseIndexPage → CoursePage → ModulePage → lessons and quizzes.

Order comes from the page tree; each type fixes its parents and children so that authors can
only build well-formed courses. Wagtail enforces page privacy only when a page is served, so
every listing here applies the same rule itself (`visible`): live and public pages whose
catalogue, course and module are live too.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from cms.shared_cache import cached
from courses.learning.access import reads_everything
from courses.learning.certification import CertificationStatus, certification_status
from courses.learning.navigation import CourseNavigation, OutlineEntry
from courses.learning.outline import continue_in_module, trainee_outline
from courses.learning.progress import course_progress
from courses.models.base import (
    TreePage,
    learning_objectives_field,
    summary_field,
    view_restrictions,
)
from courses.models.ethics import EthicsCode
from courses.models.evaluation import CourseEvaluationPage
from courses.models.steps import LessonPage, QuizPage

NAVIGATION_FIELDS = ("id", "title", "slug", "path", "depth", "url_path")


class CourseIndexPage(TreePage):
    """The catalogue: one per site, directly under the home page."""

    page_description = "The course catalogue: lists the courses below it. One per site."

    tree_role = "catalogue"

    intro = RichTextField(
        features=["bold", "italic", "link"], blank=True, help_text="Shown above the courses."
    )

    content_panels = [*Page.content_panels, FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.CoursePage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["courses"] = live_courses(site_root=self)
        return context


class CoursePage(TreePage):
    """A course: an overview, its objectives and CE hours, and its modules in tree order."""

    page_description = (
        "A course: its overview, objectives and CE hours; modules and a final test go below it."
    )

    tree_role = "course"

    summary = summary_field()
    audience = models.TextField(help_text="Who the course is for, and what they should know.")
    overview = RichTextField(
        features=["bold", "italic", "link", "ol", "ul"],
        blank=True,
        help_text="A longer description shown on the course page.",
    )
    learning_objectives = learning_objectives_field()
    ce_hours = models.DecimalField(
        "CE hours",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(200)],
        help_text="Continuing-education hours awarded on completion.",
    )
    estimated_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
        help_text="How long the course takes a typical trainee, in hours.",
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on the catalogue and the course page.",
    )
    image_alt = models.CharField(
        max_length=300,
        blank=True,
        help_text="Describes the image for screen readers; leave blank if it is decorative.",
    )
    modules_unlock_in_order = models.BooleanField(
        default=False,
        help_text="If ticked, trainees must complete each module before opening the next.",
    )
    credit_type = models.CharField(
        max_length=200,
        blank=True,
        help_text="The kind of credit, as the certificate states it after the hours, e.g. "
        "“CE hours for psychologists”.",
    )
    ethics_code = models.ForeignKey(
        EthicsCode,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The code of ethics, in the version trainees must attest to before their "
        "certificate is issued. Leave blank if the course asks for no attestation.",
    )
    certificate_valid_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(240)],
        help_text="How long a certificate stays valid, in months; leave blank if it never "
        "expires. After it expires the trainee recertifies by passing the final test again.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("audience"),
        FieldPanel("overview"),
        FieldPanel("learning_objectives"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("ce_hours"), FieldPanel("estimated_hours")]),
                FieldPanel("modules_unlock_in_order"),
            ],
            heading="Credit and pacing",
        ),
        MultiFieldPanel(
            [
                HelpPanel(
                    "A certificate is issued once a trainee has completed every module, "
                    "passed the final test, answered the course evaluation (if the course "
                    "has an evaluation page) and attested to the code of ethics (if one is "
                    "chosen here)."
                ),
                FieldPanel("credit_type"),
                FieldPanel("ethics_code"),
                FieldPanel("certificate_valid_months"),
            ],
            heading="Certificate",
        ),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Image"),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("audience"),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "courses.QuizPage", "courses.CourseEvaluationPage"]

    def navigation(self) -> CourseNavigation:
        """The live, public modules, lessons and quizzes of this course, in reading order.
        Built once per content generation and shared by every trainee."""
        return cached("course-outline", (self.pk,), self.build_navigation, local=True)

    def build_navigation(self) -> CourseNavigation:
        """The outline from the tree: four queries, however long the course."""
        restricted = restricted_paths()
        modules = [
            outline_entry(module, "module")
            for module in ModulePage.objects.live().child_of(self).order_by("path")
            if is_public(module, restricted)
        ]
        module_paths = {module.path for module in modules}
        lessons = (
            LessonPage.objects.live()
            .descendant_of(self)
            .only(*NAVIGATION_FIELDS, "summary", "estimated_minutes")
            .order_by("path")
        )
        quizzes = (
            QuizPage.objects.live()
            .descendant_of(self)
            .only(*NAVIGATION_FIELDS, "attempt_counts", "max_attempts")
            .order_by("path")
        )
        in_course = module_paths | {self.path}
        evaluation = (
            CourseEvaluationPage.objects.live().child_of(self).only(*NAVIGATION_FIELDS).first()
        )
        navigation = CourseNavigation(
            modules,
            [
                outline_entry(lesson, "lesson")
                for lesson in lessons
                if lesson.path[: -Page.steplen] in module_paths and is_public(lesson, restricted)
            ],
            [
                outline_entry(quiz, "quiz")
                for quiz in quizzes
                if quiz.path[: -Page.steplen] in in_course and is_public(quiz, restricted)
            ],
            evaluation=(
                outline_entry(evaluation, "evaluation")
                if evaluation is not None and is_public(evaluation, restricted)
                else None
            ),
        )
        navigation.steps  # noqa: B018 - computed once here, kept with the outline
        return navigation

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        progress = course_progress(self, request.user)
        context.update(
            progress=progress,
            outline=trainee_outline(progress),
            reads_everything=reads_everything(request.user),
            certification=self.certification(request.user, progress),
        )
        return context

    def ethics_label(self) -> str:
        """The code of ethics trainees attest to, with its version, or ""."""
        return str(self.ethics_code) if self.ethics_code_id else ""

    def certification(self, user, progress, records=None) -> CertificationStatus:
        """`user`'s requirements for this course's certificate, and their certificate."""
        return certification_status(
            self, user, progress, ethics_label=self.ethics_label(), records=records
        )


class ModulePage(TreePage):
    """A module of a course: its objectives and its lessons in tree order."""

    page_description = "A module of a course: its lessons and a module quiz go below it."

    tree_role = "module"

    summary = summary_field()
    learning_objectives = learning_objectives_field()
    estimated_minutes = models.PositiveIntegerField(
        validators=[MaxValueValidator(6000)], help_text="Time to work through the module."
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("learning_objectives"),
        FieldPanel("estimated_minutes"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("summary")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage", "courses.QuizPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.get_parent().specific
        progress = course_progress(course, request.user)
        outline = trainee_outline(progress)
        continue_at = continue_in_module(outline, self, enrolled=progress.enrolment is not None)
        module_number = progress.navigation.module_number(self)
        if module_number is None and getattr(request, "is_preview", False):
            module_number = self.tree_number()  # a preview of an unpublished module
        context.update(
            course=course,
            breadcrumb_trail=[course],
            module_number=module_number,
            lessons=progress.navigation.lessons_of(self),
            progress=progress,
            module_progress=progress.of_module(self),
            section=outline.of_module(self),
            continue_at=continue_at,
        )
        return context


def outline_entry(page: Page, kind: str) -> OutlineEntry:
    return OutlineEntry(
        pk=page.pk,
        title=page.title,
        path=page.path,
        depth=page.depth,
        url=page.url,
        kind=kind,
        step_label=getattr(page, "step_label", ""),
        summary=getattr(page, "summary", ""),
        estimated_minutes=getattr(page, "estimated_minutes", None),
        attempt_counts=getattr(page, "attempt_counts", ""),
        max_attempts=getattr(page, "max_attempts", 0),
    )


def restricted_paths() -> list[str]:
    """The paths of pages with a view restriction: they and their descendants are private."""
    return [path for path, _restriction in view_restrictions()]


def offline_paths() -> list[str]:
    """The paths of the catalogues, courses and modules that are not live: everything below
    them is offline too."""
    return cached(
        "offline-branches",
        (),
        local=True,
        build=lambda: list(
            Page.objects.not_live()
            .type(CourseIndexPage, CoursePage, ModulePage)
            .values_list("path", flat=True)
        ),
    )


def is_public(page: Page, restricted: list[str]) -> bool:
    """Wagtail's `.public()` for one page, given `restricted_paths()`."""
    return not any(page.path.startswith(path) for path in restricted)


def visible(queryset):
    """Live, public pages of `queryset` whose catalogue, course and module are live too.

    One query for the pages: the offline branches and view restrictions are kept in the
    content cache.
    """
    queryset = queryset.live()
    for path in restricted_paths() + offline_paths():
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def live_courses(site_root: Page) -> list[CoursePage]:
    """Every visible course below `site_root`, in tree order, with its image."""
    courses = CoursePage.objects.descendant_of(site_root).select_related("image")
    return list(visible(courses).order_by("path"))


def visible_lessons():
    return visible(LessonPage.objects.all())
