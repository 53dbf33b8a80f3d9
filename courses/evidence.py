"""The evidence register's alarm: which published lessons and quizzes cite a source that has
been corrected or retracted.

Citations are Reference choosers inside lesson bodies and question explanations; Wagtail's
reference index already records which page points at which reference, so nothing here reads
page bodies. Work is the same for every editor and small (a handful of flagged sources), so
it is read fresh on each request.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from wagtail.blocks import StreamValue
from wagtail.blocks.list_block import ListValue
from wagtail.fields import StreamField
from wagtail.models import Page, ReferenceIndex

from courses.models import Reference


@dataclass(frozen=True)
class FlaggedCitation:
    """A page that cites a corrected or retracted reference."""

    page: Page
    reference: Reference

    @property
    def revised(self) -> bool:
        """The page was published again after the source was marked."""
        return not self.reference.flags(self.page)


def flagged_references():
    return Reference.objects.exclude(status=Reference.Status.CURRENT)


def flagged_citations() -> list[FlaggedCitation]:
    """Every page citing a flagged reference, one row per page and reference, in tree order."""
    references = {reference.pk: reference for reference in flagged_references()}
    if not references:
        return []
    rows = (
        ReferenceIndex.objects.filter(
            to_content_type=ContentType.objects.get_for_model(Reference),
            to_object_id__in=[str(pk) for pk in references],
            base_content_type=ContentType.objects.get_for_model(Page),
        )
        .values_list("object_id", "to_object_id")
        .distinct()
    )
    pairs = {(int(page_id), int(reference_id)) for page_id, reference_id in rows}
    pages = Page.objects.filter(pk__in={page_id for page_id, _ in pairs}).specific().in_bulk()
    return sorted(
        (
            FlaggedCitation(pages[page_id], references[reference_id])
            for page_id, reference_id in pairs
            if page_id in pages
        ),
        key=lambda row: (row.page.path, row.reference.authors),
    )


def unrevised(citations: list[FlaggedCitation]) -> list[FlaggedCitation]:
    return [citation for citation in citations if not citation.revised]


def flagged_references_cited_by(page: Page) -> list[Reference]:
    """The corrected or retracted references `page` cites that it has not been revised for."""
    ids = ReferenceIndex.get_references_for_object(page).filter(
        to_content_type=ContentType.objects.get_for_model(Reference)
    )
    cited = flagged_references().filter(
        pk__in=[int(pk) for pk in ids.values_list("to_object_id", flat=True)]
    )
    return [reference for reference in cited if reference.flags(page)]


def references_in(page) -> set[int]:
    """The ids of the references `page` cites, read from its StreamFields as they stand in
    memory: on saving a draft, the content the author has just written (the reference index
    follows the live page)."""
    found: set[int] = set()

    def walk(value):
        if isinstance(value, Reference):
            found.add(value.pk)
        elif isinstance(value, StreamValue):
            for child in value:
                walk(child.value)
        elif isinstance(value, dict):  # a StructValue
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple | ListValue):
            for item in value:
                walk(item)

    for field in page._meta.concrete_fields:
        if isinstance(field, StreamField):
            walk(getattr(page, field.name))
    return found


def flagged_references_in(page) -> list[Reference]:
    """The corrected or retracted references `page` cites, retracted first."""
    ids = references_in(page)
    if not ids:
        return []
    return sorted(
        flagged_references().filter(pk__in=ids),
        key=lambda reference: (reference.status != Reference.Status.RETRACTED, reference.pk),
    )
