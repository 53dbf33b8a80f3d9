"""The editorial roles and the clinical review every piece of course content passes before
it goes live.

- *Course authors* write and edit courses, modules, lessons and quizzes, references and
  images, and submit pages for review. They cannot publish.
- *Clinical reviewers* approve or reject what is submitted, with a comment. Approving the
  last task of a workflow publishes the page, so they hold the page permissions that
  approval needs (edit and publish on the course tree) and nothing else: no adding pages, no
  references, no users. Deleting and unpublishing course content, which the publish right
  would allow, are kept for site administrators (`courses.wagtail_hooks`).
- *Training administrators* (`courses.learning.permissions`) see trainees' records.

`ensure_roles(courses_root)` makes the groups, their permissions on the course tree and the
"Clinical review" workflow on it. It is safe to run again; `setup_demo` runs it.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

COURSE_AUTHORS = "Course authors"
CLINICAL_REVIEWERS = "Clinical reviewers"
WORKFLOW = "Clinical review"

AUTHOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
REVIEWER_PAGE_PERMISSIONS = ["change_page", "publish_page"]
AUTHOR_MODEL_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("courses", "add_reference"),
    ("courses", "change_reference"),
]
REVIEWER_MODEL_PERMISSIONS = [("wagtailadmin", "access_admin")]
AUTHOR_IMAGE_PERMISSIONS = ["add_image", "change_image", "choose_image"]


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)


def ensure_roles(courses_root) -> Workflow:
    """Groups, their rights on `courses_root` and below, and the review workflow there."""
    authors, _ = Group.objects.get_or_create(name=COURSE_AUTHORS)
    reviewers, _ = Group.objects.get_or_create(name=CLINICAL_REVIEWERS)
    authors.permissions.add(*(_permission(*pair) for pair in AUTHOR_MODEL_PERMISSIONS))
    reviewers.permissions.add(*(_permission(*pair) for pair in REVIEWER_MODEL_PERMISSIONS))
    for group, codenames in (
        (authors, AUTHOR_PAGE_PERMISSIONS),
        (reviewers, REVIEWER_PAGE_PERMISSIONS),
    ):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=courses_root, permission=_page_permission(codename)
            )
    root_collection = Collection.get_first_root_node()
    for codename in AUTHOR_IMAGE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=authors,
            collection=root_collection,
            permission=_permission("wagtailimages", codename),
        )
    task = GroupApprovalTask.objects.filter(name=WORKFLOW).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW)
    task.groups.add(reviewers)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=courses_root, defaults={"workflow": workflow})
    return workflow
