from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from courses.item_warnings import warn_about_items
from courses.models import CoursePage, EthicsCode
from courses.viewsets import EthicsCodeViewSet, ReferenceViewSet

register_snippet(ReferenceViewSet)
register_snippet(EthicsCodeViewSet)
hooks.register("after_create_page", warn_about_items)
hooks.register("after_edit_page", warn_about_items)


@hooks.register("before_delete_snippet")
def keep_codes_of_ethics_in_use(request, instances):
    """A version of the code that trainees have attested to, or that a course requires, is
    kept: deleting it would lose the text the attestations were made to."""
    kept = [
        code
        for code in instances
        if isinstance(code, EthicsCode)
        and (code.is_attested() or CoursePage.objects.filter(ethics_code=code).exists())
    ]
    if not kept:
        return None
    names = ", ".join(f"“{code}”" for code in kept)
    messages.error(
        request,
        f"Nothing was deleted: {names} {'is' if len(kept) == 1 else 'are'} required by a course "
        "or attested to by trainees, and attestations keep the version they were made to. "
        "Write a new version instead.",
    )
    return redirect("wagtailsnippets_courses_ethicscode:list")
