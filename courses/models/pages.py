"""The course tree: CourseIndexPage → CoursePage → ModulePage → LessonPage.

Order comes from the page tree; each type fixes its parents and children so that authors can
only build well-formed courses.
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from courses.access import Access, lesson_access, reads_everything
from courses.blocks import LearningObjectivesBlock, LessonBodyBlock
from courses.catalogue import live_courses
from courses.citations import cited_references
from courses.progress import ReadingState, course_progress, reading_state


class OfflineBranchMixin:
    """Pages below an unpublished catalogue, course or module are offline too, for visitors.

    Wagtail only checks the last page of a URL; this stops a live lesson from being served
    through a module or course that an editor has taken offline.
    """

    def route(self, request, path_components):
        if path_components and not self.live:
            raise Http404
        return super().route(request, path_components)


class CourseContentPage(OfflineBranchMixin, Page):
    """Fields every course, module and lesson page has: a plain summary for listings."""

    summary = models.TextField(
        max_length=600,
        help_text="One to three plain sentences, shown in listings and search results.",
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        abstract = True


def learning_objectives_field():
    return StreamField(
        LearningObjectivesBlock(),
        blank=True,
        help_text="What a trainee will be able to do afterwards; about one per CE hour.",
    )


class CourseIndexPage(OfflineBranchMixin, Page):
    """The catalogue: one per site, directly under the home page."""

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


class CoursePage(CourseContentPage):
    """A course: an overview, its objectives and CE hours, and its modules in tree order."""

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
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading="Image"),
    ]

    search_fields = [*CourseContentPage.search_fields, index.SearchField("audience")]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.ModulePage", "courses.QuizPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        progress = course_progress(self, request.user)
        context.update(progress=progress, reads_everything=reads_everything(request.user))
        return context


class ModulePage(CourseContentPage):
    """A module of a course: its objectives and its lessons in tree order."""

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

    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage", "courses.QuizPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course = self.get_parent().specific
        progress = course_progress(course, request.user)
        context.update(
            course=course,
            breadcrumb_trail=[course],
            module_number=progress.navigation.module_number(self),
            lessons=progress.navigation.lessons_of(self),
            progress=progress,
            module_progress=progress.of_module(self),
        )
        return context


class LessonPageTag(TaggedItemBase):
    """A competency tag on a lesson (e.g. 'screening', 'integration')."""

    content_object = ParentalKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class LessonPage(CourseContentPage):
    """A lesson: the teaching itself, in blocks, with the references it cites listed below."""

    step_label = "lesson"

    estimated_minutes = models.PositiveIntegerField(
        validators=[MaxValueValidator(600)], help_text="Time to read and reflect on the lesson."
    )
    body = StreamField(LessonBodyBlock(), help_text="The lesson, block by block.")
    tags = ClusterTaggableManager(
        through=LessonPageTag,
        blank=True,
        help_text="Competencies the lesson teaches, e.g. 'screening', 'integration'.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        HelpPanel(
            "Follow each clinical claim with a Citation block; the lesson lists every "
            "reference it cites at the end."
        ),
        FieldPanel("body"),
    ]
    promote_panels = [*Page.promote_panels, FieldPanel("tags")]

    search_fields = [
        *CourseContentPage.search_fields,
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]

    parent_page_types = ["courses.ModulePage"]
    subpage_types: list[str] = []

    def reading_state(self, user) -> ReadingState:
        """The lesson's course and module, and `user`'s progress through the course."""
        return reading_state(self, user)

    def serve(self, request, *args, **kwargs):
        """Serves the lesson only to those who may read it (see `courses.access`)."""
        state = self.reading_state(request.user)
        access = lesson_access(request.user, state.module, state.progress)
        if access.access is Access.LOGIN_REQUIRED:
            return redirect_to_login(request.get_full_path())
        if not access.allowed:
            context = {"page": self, "state": state, "access": access, "self": self}
            return TemplateResponse(request, "courses/lesson_unavailable.html", context, status=403)
        return super().serve(request, *args, state=state, **kwargs)

    def get_context(self, request, *args, state=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        state = state or self.reading_state(request.user)
        navigation = state.progress.navigation
        references = cited_references(self.body)
        context.update(
            course=state.course,
            module=state.module,
            progress=state.progress,
            module_progress=state.progress.of_module(state.module) if state.module else None,
            breadcrumb_trail=[page for page in (state.course, state.module) if page is not None],
            module_number=navigation.module_number(state.module),
            outline=navigation.lessons_of(state.module),
            previous_lesson=navigation.previous(self),
            next_lesson=navigation.next(self),
            references=references,
            reference_numbers={ref.pk: number for number, ref in enumerate(references, 1)},
        )
        return context
