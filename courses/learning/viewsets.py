"""Cohorts in the admin: list, add, edit, a cohort's page with its members and where each
stands, and its history. Only those who administer training see any of it (others get a
403 page); a cohort with members cannot be deleted (its members' records would lose their
cohort), and nothing here touches a training record."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from courses.learning.cohorts import cohorts_with_counts, members_with_standing
from courses.learning.forms import IdChoiceField
from courses.learning.models import Cohort
from courses.learning.permissions import administers_training
from courses.learning.views.admin_access import TrainingAdminRequiredMixin, forbidden
from courses.models import CoursePage


class CohortForm(WagtailAdminModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "course", "starts_on", "due_on"]
        # A course id too large for the database is "not one of the choices", not a 500.
        field_classes = {"course": IdChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        course = self.fields["course"]
        course.queryset = CoursePage.objects.order_by("title")
        course.help_text = "The course the cohort takes together."
        self.fields["starts_on"].help_text = "Optional: when the cohort starts."

    def clean(self):
        cleaned = super().clean()
        starts_on, due_on = cleaned.get("starts_on"), cleaned.get("due_on")
        if starts_on and due_on and due_on < starts_on:
            self.add_error("due_on", ValidationError("The due date comes before the start date."))
        return cleaned


class CohortIndexView(TrainingAdminRequiredMixin, generic.IndexView):
    def get_base_queryset(self):
        # No join to the course page: a cohort whose course was deleted stays listed.
        return cohorts_with_counts(Cohort.objects.all(), timezone.localdate())


class CohortInspectView(TrainingAdminRequiredMixin, generic.InspectView):
    template_name = "learning/admin/cohort.html"

    def get_page_title(self):
        return "Cohort"

    @cached_property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            HeaderButton(
                "Import members from a CSV file",
                url=reverse("training_cohort_import", args=[self.object.pk]),
                icon_name="upload",
                priority=5,
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        course = CoursePage.objects.filter(pk=self.object.course_id).first()
        lesson_ids = [lesson.pk for lesson in course.navigation().lessons] if course else []
        members = list(members_with_standing(self.object, lesson_ids))
        today = timezone.localdate()
        past_due = bool(self.object.due_on and self.object.due_on < today)
        for member in members:
            member.is_behind = past_due and not member.completed_at and not member.unenrolled_at
        context.update(
            course=course,
            lesson_total=len(lesson_ids),
            members=members,
            behind_count=sum(1 for member in members if member.is_behind),
            completed_count=sum(1 for member in members if member.completed_at),
        )
        return context


class CohortDeleteView(TrainingAdminRequiredMixin, generic.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if not administers_training(request.user):
            return forbidden(request)
        if self.object.memberships.exists():
            messages.error(
                request,
                f"“{self.object}” has members, so it cannot be deleted: their place in it is "
                "part of their training history.",
            )
            return redirect("training_cohorts:inspect", self.object.pk)
        return super().dispatch(request, *args, **kwargs)


def _guarded(view_class):
    return type(view_class.__name__, (TrainingAdminRequiredMixin, view_class), {})


class CohortViewSet(ModelViewSet):
    model = Cohort
    name = "training_cohorts"
    url_prefix = "training/cohorts"
    icon = "group"
    menu_hook = "register_training_menu_item"  # the Training menu (wagtail_hooks.py)
    menu_label = "Cohorts"
    menu_order = 200
    inspect_view_enabled = True
    # Not "course": the page may be gone (the cohort keeps its id); the page shows it itself.
    inspect_view_fields = ["name", "starts_on", "due_on"]
    copy_view_enabled = False
    search_fields = ["name"]
    list_filter = ["course"]
    ordering = ["-created_at"]
    list_per_page = 50
    list_display = [
        "name",
        Column("course_title", label="Course"),
        DateColumn("starts_on", label="Starts"),
        DateColumn("due_on", label="Due"),
        Column("member_count", label="Members", sort_key="member_count"),
        Column("completed_count", label="Completed", sort_key="completed_count"),
        Column("behind_count", label="Behind", sort_key="behind_count"),
    ]

    index_view_class = CohortIndexView
    add_view_class = _guarded(generic.CreateView)
    edit_view_class = _guarded(generic.EditView)
    delete_view_class = CohortDeleteView
    inspect_view_class = CohortInspectView
    history_view_class = _guarded(generic.HistoryView)
    usage_view_class = _guarded(generic.UsageView)

    def get_form_class(self, for_update=False):
        return CohortForm
