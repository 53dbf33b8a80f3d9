"""Who clinically reviewed a lesson or quiz, and when, as trainees read it.

The record is the last approval of the page's "Clinical review" task (Wagtail keeps each
approval as a task state, with who approved and when), for a revision no newer than the one
that is live: an approval of a change scheduled for later does not vouch for what trainees
read now. A page never approved through the workflow (content from before the workflow
existed) shows what its author typed in the lesson's review fields, if anything.

An approval publishes a new revision, so a credit kept per live revision is never stale.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.models import Page, TaskState

from cms.shared_cache import cached
from courses.roles import WORKFLOW


@dataclass(frozen=True)
class ReviewCredit:
    reviewer: str
    on: datetime.date | None
    from_workflow: bool


def last_approval(page) -> ReviewCredit | None:
    """The last approval of the page's clinical review, up to its live revision."""
    approvals = TaskState.objects.filter(
        workflow_state__base_content_type=ContentType.objects.get_for_model(Page),
        workflow_state__object_id=str(page.pk),
        task__name=WORKFLOW,
        status=TaskState.STATUS_APPROVED,
        finished_at__isnull=False,
        finished_by__isnull=False,
    )
    if page.live_revision_id:
        approvals = approvals.filter(revision_id__lte=page.live_revision_id)
    approval = approvals.select_related("finished_by").order_by("-finished_at", "-pk").first()
    if approval is None:
        return None
    reviewer = approval.finished_by
    name = reviewer.get_full_name() or reviewer.get_username()
    return ReviewCredit(name, timezone.localdate(approval.finished_at), from_workflow=True)


def typed_credit(page) -> ReviewCredit | None:
    """What the author typed in the lesson's review fields (quizzes have none)."""
    reviewer = getattr(page, "clinical_reviewer", "")
    if not reviewer:
        return None
    return ReviewCredit(reviewer, getattr(page, "last_reviewed", None), from_workflow=False)


def review_credit(page, *, preview: bool = False) -> ReviewCredit | None:
    """The "Clinically reviewed by … on …" line's reviewer and date for `page`. Kept in the
    content cache per live revision; a preview reads it fresh."""
    if preview or page.pk is None:
        return (last_approval(page) if page.pk else None) or typed_credit(page)
    key = (page.pk, page.live_revision_id)
    # Kept in a tuple: the cache reads None as "not kept yet".
    (credit,) = cached(
        "clinical-review", key, lambda: (last_approval(page) or typed_credit(page),), local=True
    )
    return credit
