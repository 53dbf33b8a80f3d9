"""Admin hooks: users who have training records are never deleted, and the training
administration actions are named in the history."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from wagtail import hooks

from courses.learning import audit
from courses.learning.models import Enrolment, LessonCompletion, QuizAttempt

KEEP_MESSAGE = (
    "training records (enrolments, completions or quiz attempts), which are kept for their "
    "continuing-education credit"
)


def has_training_records(user) -> bool:
    return any(
        model.objects.filter(user=user).exists()
        for model in (Enrolment, LessonCompletion, QuizAttempt)
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


hooks.register("register_log_actions", audit.register_log_actions)
