"""What every page of the course tree shares."""

from django.db import models
from django.http import Http404
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction

from cms.shared_cache import cached
from courses.blocks import LearningObjectivesBlock
from courses.publishing import refuse_invalid


class OfflineBranchMixin:
    """Pages below an unpublished catalogue, course or module are offline too, for visitors.

    Wagtail only checks the last page of a URL; this stops a live lesson from being served
    through a module or course that an editor has taken offline.
    """

    def route(self, request, path_components):
        if path_components and not self.live:
            raise Http404
        return super().route(request, path_components)


def summary_field():
    return models.TextField(
        max_length=600,
        help_text="One to three plain sentences, shown in listings and search results.",
    )


def learning_objectives_field():
    return StreamField(
        LearningObjectivesBlock(),
        blank=True,
        help_text="What a trainee will be able to do afterwards; about one per CE hour.",
    )


def view_restrictions() -> list[tuple[str, PageViewRestriction]]:
    """Every page view restriction on the site, with the path of the page it restricts: it
    applies to that page and everything below it. Kept in the content cache."""
    return cached(
        "view-restrictions",
        (),
        local=True,
        build=lambda: [
            (restriction.page.path, restriction)
            for restriction in PageViewRestriction.objects.select_related("page")
        ],
    )


class TreePage(OfflineBranchMixin, Page):
    """A page of the course tree. `tree_role` says which part of a course it is, so that a
    page can tell its course and module among its ancestors without importing their types."""

    tree_role = ""
    # The admin lists a catalogue's courses and a course's modules in course order.
    admin_default_ordering = "ord"

    class Meta:
        abstract = True

    def tree_number(self) -> int:
        """The page's 1-based place among its siblings of its own type, published or not:
        what a preview shows for a module the outline (live pages only) does not hold yet."""
        return (
            Page.objects.sibling_of(self)
            .filter(content_type_id=self.content_type_id, path__lte=self.path)
            .count()
        )

    def get_view_restrictions(self):
        """Wagtail's check before serving a page, from the cached restrictions instead of
        two queries a request (aliases are not used in the course tree)."""
        return [r for path, r in view_restrictions() if self.path.startswith(path)]

    def publish(self, revision, *args, **kwargs):
        """Every path that publishes a saved revision (a listing's bulk Publish, scheduled
        publishing, a workflow's approval) ends here: content that the edit form would refuse
        never goes live (`courses.publishing`)."""
        refuse_invalid(revision)
        return super().publish(revision, *args, **kwargs)
