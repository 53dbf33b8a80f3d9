"""A course's evaluation: a short form, written by authors with Wagtail's form builder.

The page sits directly under its course; a course that has a live evaluation page asks each
trainee to complete it before their certificate is issued. The form opens once the trainee
has completed every module and passed the final test. Answers are training records
(`courses.learning.models.EvaluationResponse`), saved by the learning app's view, one per
trainee and course; the page only shows the form and where the trainee stands.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.views import redirect_to_login
from django.db import models
from django.template.response import TemplateResponse
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, HelpPanel, InlinePanel
from wagtail.contrib.forms.forms import FormBuilder, WagtailAdminFormPageForm
from wagtail.contrib.forms.models import FORM_FIELD_CHOICES, AbstractFormField
from wagtail.models import Page

from courses.learning.access import reads_everything
from courses.learning.models import EvaluationResponse
from courses.learning.progress import course_progress

RATING_SCALE = [
    (5, "5 – Strongly agree"),
    (4, "4 – Agree"),
    (3, "3 – Neither agree nor disagree"),
    (2, "2 – Disagree"),
    (1, "1 – Strongly disagree"),
]


class EvaluationFormBuilder(FormBuilder):
    """Wagtail's form builder with one more field type: a rating from 1 to 5."""

    def create_rating_field(self, field, options):
        options["choices"] = RATING_SCALE
        return forms.TypedChoiceField(coerce=int, widget=forms.RadioSelect, **options)


class EvaluationQuestion(AbstractFormField):
    """One question of a course evaluation."""

    field_type = models.CharField(
        verbose_name="field type",
        max_length=16,
        choices=[("rating", "Rating, 1 (strongly disagree) to 5 (strongly agree)")]
        + list(FORM_FIELD_CHOICES),
    )
    field_type.required_on_save = True
    page = ParentalKey(
        "courses.CourseEvaluationPage", on_delete=models.CASCADE, related_name="form_fields"
    )


class CourseEvaluationPage(Page):
    """The evaluation of a course: whether each learning objective was met, relevance to
    practice, perceived commercial bias and comments, as the authors write it."""

    page_description = "The course evaluation trainees answer before their certificate is issued."

    intro = models.TextField(
        blank=True, help_text="Shown above the questions: why the evaluation matters."
    )
    thank_you = models.TextField(
        blank=True,
        default="Thank you: your evaluation helps us improve the course.",
        help_text="Shown once the trainee has sent the evaluation.",
    )

    base_form_class = WagtailAdminFormPageForm
    form_builder = EvaluationFormBuilder

    content_panels = [
        *Page.content_panels,
        HelpPanel(
            "Trainees answer once, after completing every module and the final test; their "
            "certificate is issued only once they have. Use a “Rating” question per "
            "learning objective, and for relevance to practice and commercial bias. Editing a "
            "question's label later keeps the answers already given."
        ),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Questions"),
        FieldPanel("thank_you"),
    ]

    parent_page_types = ["courses.CoursePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = "course evaluation"

    def get_form_fields(self):
        return self.form_fields.all()

    def get_form_class(self):
        return self.form_builder(self.get_form_fields()).get_form_class()

    def get_form(self, *args, **kwargs):
        return self.get_form_class()(*args, **kwargs)

    def labels(self) -> dict[str, str]:
        return {field.clean_name: field.label for field in self.get_form_fields()}

    def course(self):
        parent = self.get_parent()
        return parent.specific if parent is not None else None

    def standing(self, user):
        """Where `user` stands: "preview" (an editor, not enrolled), "login", "not_enrolled",
        "not_ready" (modules or final test to finish), "done" (with the response) or
        "open"."""
        course = self.course()
        if not getattr(user, "is_authenticated", False):
            return "login", None, None
        progress = course_progress(course, user)
        if progress.enrolment is None:
            return ("preview" if reads_everything(user) else "not_enrolled"), progress, None
        response = EvaluationResponse.objects.filter(user=user, course_id=course.pk).first()
        if response is not None:
            return "done", progress, response
        if not progress.is_complete:
            return "not_ready", progress, None
        return "open", progress, None

    def serve(self, request, *args, form=None, **kwargs):
        state, progress, response = self.standing(request.user)
        if state == "login":
            return redirect_to_login(request.get_full_path())
        context = self.get_context(request, *args, **kwargs)
        course = self.course()
        context.update(
            course=course,
            breadcrumb_trail=[course] if course is not None else [],
            state=state,
            progress=progress,
            response=response,
            form=form or (self.get_form() if state in ("open", "preview") else None),
        )
        status = 403 if state == "not_enrolled" else (400 if form is not None else 200)
        return TemplateResponse(request, self.get_template(request), context, status=status)

    def serve_preview(self, request, mode_name):
        context = self.get_context(request)
        course = self.course()
        context.update(
            course=course,
            breadcrumb_trail=[course] if course is not None else [],
            state="preview",
            form=self.get_form(),
        )
        return TemplateResponse(request, self.get_template(request), context)
