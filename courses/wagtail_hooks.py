from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from courses.viewsets import ReferenceViewSet

register_snippet(ReferenceViewSet)


@hooks.register("before_delete_user")
def keep_users_with_training_records(request, user):
    """A trainee's enrolments, completions and attempts are their CE record: the user cannot
    be deleted while they exist (the records PROTECT the user). Say so, instead of failing."""
    if user.enrolments.exists() or user.lesson_completions.exists() or user.quiz_attempts.exists():
        messages.error(
            request,
            f"“{user}” has training records (enrolments, completions or quiz attempts), which "
            "are kept for their continuing-education credit, so the account cannot be deleted. "
            "Make the account inactive instead: untick “Active” on this page.",
        )
        return redirect("wagtailusers_users:edit", user.pk)
    return None
