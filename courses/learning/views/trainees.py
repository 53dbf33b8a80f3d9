"""Trainees in the admin, for training administrators: a list to search and filter, and each
trainee's whole record (`courses.learning.trainee_record`). Both read only; the actions on
a record are in `courses.learning.views.overrides`."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_safe
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.generic.base import BaseListingView
from wagtail.admin.widgets.boolean_radio_select import BooleanRadioSelect

from cms.users.models import Profession
from cms.users.permissions import ADMIN_ACCESS
from courses.learning.models import Cohort, CohortMembership, CourseCompletion, Enrolment
from courses.learning.trainee_record import trainee_record
from courses.learning.views.admin_access import training_admin_required
from courses.learning.views.reports.filters import IdFilter
from courses.models import CoursePage

User = get_user_model()


def _count(model, **filters):
    rows = (
        model.objects.filter(user=OuterRef("pk"), **filters)
        .order_by()
        .values("user")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows[:1], output_field=IntegerField()), Value(0))


def trainees():
    """Everyone who has enrolled in a course, and every account without admin access (the
    people who may enrol), with how many courses they are enrolled in and have completed.
    One query, however many there are."""
    app_label, codename = ADMIN_ACCESS.split(".")
    admin_access = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    staff = Q(is_superuser=True) | Q(groups__permissions__in=admin_access)
    staff |= Q(user_permissions__in=admin_access)
    staff_ids = User.objects.filter(staff).values("pk")
    return (
        User.objects.annotate(
            enrolled=_count(Enrolment, unenrolled_at=None),
            completed=_count(CourseCompletion),
            ever_enrolled=Exists(Enrolment.objects.filter(user=OuterRef("pk"))),
        )
        .filter(Q(ever_enrolled=True) | ~Q(pk__in=staff_ids))
        .order_by("full_name", "email")
    )


class TraineeFilterSet(WagtailFilterSet):
    cohort = IdFilter(label="Cohort", queryset=Cohort.objects.order_by("name"), method="in_cohort")
    course = IdFilter(
        label="Enrolled in", queryset=CoursePage.objects.order_by("title"), method="enrolled_in"
    )
    profession = django_filters.ChoiceFilter(label="Profession", choices=Profession.choices)
    is_active = django_filters.BooleanFilter(label="Active account", widget=BooleanRadioSelect)

    class Meta:
        model = User
        fields = []

    def in_cohort(self, queryset, name, cohort):
        members = CohortMembership.objects.filter(user=OuterRef("pk"), cohort=cohort)
        return queryset.filter(Exists(members))

    def enrolled_in(self, queryset, name, course):
        enrolments = Enrolment.objects.filter(
            user=OuterRef("pk"), course_id=course.pk, unenrolled_at=None
        )
        return queryset.filter(Exists(enrolments))


class NameColumn(TitleColumn):
    def get_value(self, instance):
        return str(instance)


@method_decorator(training_admin_required, name="dispatch")
class TraineeIndexView(BaseListingView):
    page_title = "Trainees"
    header_icon = "group"
    index_url_name = "training_trainees"
    index_results_url_name = "training_trainees_results"
    is_searchable = True
    search_backend_name = None  # the ORM over the fields below
    search_fields = ["full_name", "first_name", "last_name", "email", "username", "licence_number"]
    filterset_class = TraineeFilterSet
    paginate_by = 50
    default_ordering = "full_name"
    verbose_name = "trainee"
    verbose_name_plural = "trainees"
    columns = [
        NameColumn("name", label="Name", url_name="training_trainee", sort_key="full_name"),
        Column("email", label="Email", sort_key="email"),
        Column("profession", label="Profession", accessor="get_profession_display"),
        Column("enrolled", label="Courses enrolled", sort_key="enrolled"),
        Column("completed", label="Courses completed", sort_key="completed"),
        DateColumn("last_login", label="Last signed in", sort_key="last_login"),
        BooleanColumn("is_active", label="Active"),
    ]

    def get_base_queryset(self):
        return trainees()

    def order_queryset(self, queryset):
        ordering = self.ordering
        if ordering in ("full_name", "-full_name"):
            return queryset.order_by(ordering, "email")
        return queryset.order_by(ordering, "full_name", "email") if ordering else queryset


@training_admin_required
@require_safe
def trainee_view(request, user_id):
    trainee = get_object_or_404(User, pk=user_id)
    record = trainee_record(trainee)
    return TemplateResponse(
        request,
        "learning/admin/trainee.html",
        {
            "trainee": trainee,
            "record": record,
            "header_title": str(trainee),
            "breadcrumbs_items": [
                {"url": reverse("wagtailadmin_home"), "label": "Home"},
                {"url": reverse("training_trainees"), "label": "Trainees"},
                {"url": "", "label": str(trainee)},
            ],
            "may_edit_account": request.user.has_perm(
                f"{User._meta.app_label}.change_{User._meta.model_name}"
            ),
        },
    )
