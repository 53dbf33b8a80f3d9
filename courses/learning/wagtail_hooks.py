"""Admin hooks: users who have training records are never deleted; training administration
(its pages under /admin/training/, the Training menu, the cohort viewset, the dashboard
panel, links from the Users area, and the names of its actions in the history); the
training reports in the Reports menu; certificates and course evaluations."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy

from courses.learning import admin_urls, audit
from courses.learning.dashboard import TrainingPanel
from courses.learning.models import (
    Certificate,
    Cohort,
    Enrolment,
    EthicsAttestation,
    EvaluationResponse,
    LessonCompletion,
    QuizAttempt,
)
from courses.learning.permission_policy import TrainingPermissionPolicy
from courses.learning.permissions import administers_training
from courses.learning.services.certificates import REVOKE_ACTION
from courses.learning.views import admin_certificates, admin_evaluations
from courses.learning.views.reports import urls as report_urls
from courses.learning.viewsets import CohortViewSet

KEEP_MESSAGE = (
    "training records (enrolments, completions, quiz attempts, certificates, attestations or "
    "evaluations), which are kept for their continuing-education credit"
)


def has_training_records(user) -> bool:
    return any(
        model.objects.filter(user=user).exists()
        for model in (
            Enrolment,
            LessonCompletion,
            QuizAttempt,
            Certificate,
            EthicsAttestation,
            EvaluationResponse,
        )
    )


@hooks.register("before_delete_user")
def keep_users_with_training_records(request, user):
    """A trainee's records are their CE record: the user cannot be deleted while they exist
    (the records PROTECT the user). Say so, instead of failing."""
    if has_training_records(user):
        messages.error(
            request,
            f"“{user}” has {KEEP_MESSAGE}, so the account cannot be deleted. "
            "Make the account inactive instead: untick “Active” on this page.",
        )
        return redirect("wagtailusers_users:edit", user.pk)
    return None


@hooks.register("before_bulk_action")
def keep_users_with_training_records_in_bulk(request, action_type, objects, action_class):
    """The bulk delete of users refuses, as the single delete does, when any selected user
    has training records; nothing is deleted."""
    if action_type != "delete" or action_class.model is not get_user_model():
        return None
    kept = [user for user in objects if has_training_records(user)]
    if not kept:
        return None
    names = ", ".join(f"“{user}”" for user in kept)
    messages.error(
        request,
        f"Nothing was deleted: {names} {'has' if len(kept) == 1 else 'have'} {KEEP_MESSAGE}. "
        "Make those accounts inactive instead, and delete the others on their own.",
    )
    return redirect("wagtailusers_users:index")


# Training administration: its views under /admin/training/, a "Training" menu (shown to
# those who administer training only), and the names of its actions in the history.

hooks.register("register_log_actions", audit.register_log_actions)
register_permission_policy(Cohort, TrainingPermissionPolicy(Cohort))

TRAINING_MENU_HOOK = "register_training_menu_item"


@hooks.register("register_admin_urls")
def training_admin_urls():
    return [path("", include(admin_urls))]


@hooks.register("register_log_actions")
def certificate_log_actions(actions):
    @actions.register_action(REVOKE_ACTION)
    class RevokeCertificate(LogFormatter):
        label = "Revoke certificate"

        def format_message(self, log_entry):
            return f"Certificate revoked. Reason: {log_entry.data.get('reason', '')}"


class TrainingMenuItem(MenuItem):
    """Shown only to those who administer training."""

    def is_shown(self, request):
        return administers_training(request.user)


@hooks.register("register_admin_menu_item")
def training_menu():
    return SubmenuMenuItem(
        "Training",
        Menu(register_hook_name=TRAINING_MENU_HOOK),
        name="training",
        icon_name="group",
        order=250,
    )


@hooks.register(TRAINING_MENU_HOOK)
def trainees_menu_item():
    return TrainingMenuItem(
        "Trainees", reverse("training_trainees"), name="trainees", icon_name="user", order=100
    )


@hooks.register("register_admin_viewset")
def cohort_viewset():
    return CohortViewSet()


@hooks.register("construct_homepage_panels")
def training_dashboard_panel(request, panels):
    if administers_training(request.user):
        panels.append(TrainingPanel())


@hooks.register("register_user_listing_buttons")
def training_record_button(user, request_user):
    """Users list: a link to each person's training record, for those who may see it."""
    if administers_training(request_user):
        yield Button(
            "Training record",
            url=reverse("training_trainee", args=[user.pk]),
            icon_name="list-ul",
            priority=50,
        )


# --- Training reports ---------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_training_report_urls():
    return [path("training-reports/", include(report_urls, namespace="training_reports"))]


def _report_menu_item(label, name, icon, order):
    return TrainingMenuItem(
        label,
        reverse(f"training_reports:{name}"),
        name=f"training-{name}",
        icon_name=icon,
        order=order,
    )


@hooks.register("register_reports_menu_item")
def register_course_progress_report():
    return _report_menu_item("Course progress", "progress", "table", 10)


@hooks.register("register_reports_menu_item")
def register_quiz_results_report():
    return _report_menu_item("Quiz results", "quiz_results", "list-ul", 20)


@hooks.register("register_reports_menu_item")
def register_item_analysis_report():
    return _report_menu_item("Item analysis", "item_analysis", "tasks", 30)


@hooks.register("register_admin_urls")
def certificate_admin_urls():
    report = admin_certificates.CertificateReportView
    return [
        path("training/certificates/", report.as_view(), name="training_certificates"),
        path(
            "training/certificates/results/",
            report.as_view(results_only=True),
            name="training_certificates_results",
        ),
        path(
            "training/certificates/<int:pk>/revoke/",
            admin_certificates.revoke_view,
            name="training_certificate_revoke",
        ),
        path(
            "training/evaluations/",
            admin_evaluations.evaluations_index,
            name="training_evaluations",
        ),
        path(
            "training/evaluations/<int:course_id>/",
            admin_evaluations.evaluation_summary,
            name="training_evaluation_summary",
        ),
    ]


@hooks.register(TRAINING_MENU_HOOK)
def certificates_menu_item():
    return TrainingMenuItem(
        "Certificates",
        reverse("training_certificates"),
        name="certificates",
        icon_name="doc-full",
        order=300,
    )


@hooks.register(TRAINING_MENU_HOOK)
def evaluations_menu_item():
    return TrainingMenuItem(
        "Course evaluations",
        reverse("training_evaluations"),
        name="evaluations",
        icon_name="form",
        order=400,
    )
