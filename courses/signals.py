"""What makes cached content out of date (see `cms.shared_cache`): whenever an editor
changes something a trainee could see, the content generation changes."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from cms.shared_cache import content_changed
from courses.models import Reference


def changed(**kwargs):
    """Now (for this transaction's own later reads) and again once it commits (for everyone
    else: a reader in between may have kept the content as it was before the commit)."""
    content_changed()
    transaction.on_commit(content_changed)


def page_changed(sender, instance, **kwargs):
    """Any page saved or deleted: a draft saved changes nothing a trainee sees, but a page
    saved live (or deleted with its subtree) does, and telling them apart costs more than
    starting a new generation."""
    if isinstance(instance, Page):
        changed()


def connect():
    page_published.connect(changed, dispatch_uid="pathway-content-published")
    page_unpublished.connect(changed, dispatch_uid="pathway-content-unpublished")
    post_page_move.connect(changed, dispatch_uid="pathway-content-moved")
    post_save.connect(page_changed, dispatch_uid="pathway-page-saved")
    post_delete.connect(page_changed, dispatch_uid="pathway-page-deleted")
    for model in (PageViewRestriction, Site, Reference, get_image_model()):
        post_save.connect(changed, sender=model, dispatch_uid=f"pathway-saved-{model.__name__}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"pathway-deleted-{model.__name__}")
