"""What an author sees on saving a quiz in the admin: the item-writing review of that quiz
(`courses.item_review`) as one warning beside Wagtail's own message. It never blocks the
save. Registered for Wagtail's `after_create_page` and `after_edit_page` hooks in
`courses/wagtail_hooks.py`."""

from django.contrib import messages
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from wagtail.admin.messages import render

from courses.item_review import review_quiz
from courses.models import QuizPage


def warn_about_items(request, page):
    """Add the quiz's item-writing warnings to the page the author lands on. An autosave
    (a JSON request) has no page to land on, so it gets none; the next save shows them."""
    if not isinstance(page, QuizPage) or not request.accepts("text/html"):
        return None
    warnings = review_quiz(page)
    if not warnings:
        return None
    count = f"{len(warnings)} thing{'' if len(warnings) == 1 else 's'}"
    heading = format_html(
        "The item-writing check found {} to look at in “{}”. The quiz was saved: these are "
        "suggestions, not errors. Questions are counted in the order the editor lists them "
        "(5.2 is the second question of the case study at 5).",
        count,
        page.title,
    )
    detail = format_html(
        "<ul>{}</ul>",
        format_html_join("", "<li>{}</li>", ((capfirst(warning.where),) for warning in warnings)),
    )
    messages.warning(request, render(heading, None, detail=detail))
    return None
