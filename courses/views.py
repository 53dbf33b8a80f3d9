"""Public listings outside the page tree: lesson search and competency tag pages."""

import re

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from taggit.models import Tag

from courses.models import visible_lessons
from courses.search import active_enrolments, describe, find_lessons

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def _page_of(request, items):
    """The requested page of `items`; out-of-range or malformed numbers give the nearest page."""
    return Paginator(items, RESULTS_PER_PAGE).get_page(request.GET.get("page"))


def search_terms(query: str) -> str:
    """The words of a query, without punctuation that search backends treat as syntax."""
    return " ".join(re.findall(r"\w+", query))[:MAX_QUERY_LENGTH]


@require_safe
def search(request):
    """Lessons matching the query, as the viewer may see them (`courses.search`)."""
    query = request.GET.get("query", "").strip()[:MAX_QUERY_LENGTH]
    terms = search_terms(query)
    enrolments = active_enrolments(request.user) if terms else []
    page = _page_of(request, find_lessons(request.user, terms, enrolments))
    results = describe(list(page.object_list), request.user, terms, enrolments)
    return TemplateResponse(
        request,
        "courses/search.html",
        {"search_query": query, "search_results": page, "results": results},
    )


@require_safe
def tag_detail(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    lessons = visible_lessons().filter(tags=tag).order_by("path")
    if not lessons.exists():
        raise Http404("No lessons carry this tag.")
    return TemplateResponse(
        request,
        "courses/tag_detail.html",
        {"tag": tag, "lessons": _page_of(request, lessons)},
    )
