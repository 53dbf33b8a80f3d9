"""Writes the flagship course specs into published Wagtail pages, idempotently.

Each page is found by its slug under its parent. A missing page is created and published.
An existing page whose fields already match is left alone. One that differs is updated only
if nobody has edited it in the admin (all its revisions were written by this loader, which
writes them without a user), or when `overwrite=True`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.files.images import ImageFile
from django.db import transaction
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from courses.demo.content import CourseSpec, ImageSpec
from courses.models import (
    CourseIndexPage,
    CoursePage,
    LessonPage,
    ModulePage,
    QuizPage,
    Reference,
)


@dataclass
class SyncReport:
    """What a load did, page by page: created, updated, unchanged or kept (admin-edited)."""

    actions: list[tuple[str, str]] = field(default_factory=list)

    def record(self, action: str, what: str):
        self.actions.append((action, what))

    def count(self, action: str) -> int:
        return Counter(action for action, _ in self.actions)[action]


def edited_in_admin(page: Page) -> bool:
    """True if anyone but the loader (which saves revisions without a user) has saved it."""
    return page.revisions.exclude(user=None).exists()


def _differs(instance, fields: dict) -> bool:
    return any(_field_value(instance, name) != value for name, value in fields.items())


def _field_value(instance, name):
    value = getattr(instance, name)
    return list(value.raw_data) if hasattr(value, "raw_data") else value


class CourseBuilder:
    def __init__(self, spec: CourseSpec, *, overwrite: bool = False):
        self.spec, self.overwrite, self.report = spec, overwrite, SyncReport()
        self.images: dict[str, object] = {}
        self.references: dict[str, Reference] = {}

    @transaction.atomic
    def build(self) -> SyncReport:
        home = Site.objects.get(is_default_site=True).root_page.specific
        self._sync_references()
        self._sync_images()
        index = self._sync_page(
            home, CourseIndexPage, "courses", {"title": "Courses"}, what="course catalogue"
        )
        course_fields = dict(self.spec.fields)
        course_fields["image"] = self.images.get(self.spec.image_key)
        course = self._sync_page(index, CoursePage, self.spec.slug, course_fields)
        for module_spec in self.spec.modules:
            module = self._sync_page(course, ModulePage, module_spec.slug, module_spec.fields)
            lessons = []
            for lesson_spec in module_spec.lessons:
                lesson_fields = {
                    **lesson_spec.fields,
                    "body": [self._resolve(block) for block in lesson_spec.body],
                }
                lessons.append(
                    self._sync_page(
                        module,
                        LessonPage,
                        lesson_spec.slug,
                        lesson_fields,
                        tags=lesson_spec.tags,
                        within=course,
                    )
                )
            _keep_in_order(module, lessons)
            quiz_spec = self.spec.quizzes.get(module_spec.slug)
            if quiz_spec is not None:
                self._sync_quiz(module, quiz_spec)
        if self.spec.final_test is not None:
            self._sync_quiz(course, self.spec.final_test)
        return self.report

    def _sync_quiz(self, parent, spec):
        fields = {**spec.fields, "questions": self._with_reference_ids(spec.fields["questions"])}
        self._sync_page(parent, QuizPage, spec.slug, fields)

    def _with_reference_ids(self, value):
        """Quiz data with the reference keys under every `citations` swapped for ids."""
        if isinstance(value, dict):
            return {
                key: (
                    [{**item, "value": self.references[item["value"]].pk} for item in item_list]
                    if key == "citations" and isinstance(item_list := inner, list)
                    else self._with_reference_ids(inner)
                )
                for key, inner in value.items()
            }
        if isinstance(value, list):
            return [self._with_reference_ids(item) for item in value]
        return value

    # -- snippets and images -------------------------------------------------------------

    def _sync_references(self):
        for spec in self.spec.references:
            fields = spec.fields
            lookup = {"doi": fields["doi"]} if fields["doi"] else {"title": fields["title"]}
            reference = Reference.objects.filter(**lookup).first()
            label = f"reference {spec.key}"
            if reference is None:
                reference = Reference.objects.create(**fields)
                self.report.record("created", label)
            elif not _differs(reference, fields):
                self.report.record("unchanged", label)
            elif self.overwrite:
                for name, value in fields.items():
                    setattr(reference, name, value)
                reference.save()
                self.report.record("updated", label)
            else:
                self.report.record("kept", label)
            self.references[spec.key] = reference

    def _sync_images(self):
        Image = get_image_model()
        for key, spec in self.spec.images.items():
            image = Image.objects.filter(title=spec.title).first()
            if image is None:
                image = self._create_image(Image, spec)
                self.report.record("created", f"image {key}")
            else:
                self.report.record("unchanged", f"image {key}")
            self.images[key] = image

    @staticmethod
    def _create_image(Image, spec: ImageSpec):
        with spec.path.open("rb") as handle:
            image = Image(title=spec.title, file=ImageFile(handle, name=spec.path.name))
            image.save()
        return image

    def _resolve(self, block: dict) -> dict:
        """Swap reference keys and image paths in a block for database ids."""
        if block["type"] == "citation":
            value = {**block["value"], "reference": self.references[block["value"]["reference"]].pk}
            return {**block, "value": value}
        if block["type"] == "figure":
            return {
                **block,
                "value": {**block["value"], "image": self.images[block["value"]["image"]].pk},
            }
        return block

    # -- pages ----------------------------------------------------------------------------

    def _sync_page(self, parent, model, slug, fields, *, tags=None, what=None, within=None):
        """Create, update or keep the page `slug` under `parent`. A page of that slug found
        elsewhere `within` a course (a lesson the data files moved to another module) is
        moved under `parent`, so a second load never leaves a duplicate behind."""
        what = what or f"{model._meta.verbose_name} {slug}"
        page = model.objects.child_of(parent).filter(slug=slug).first()
        if page is None and within is not None:
            page = model.objects.descendant_of(within).filter(slug=slug).first()
            if page is not None:
                page.move(parent, pos="last-child")
                page = model.objects.get(pk=page.pk)
                self.report.record("moved", what)
        if page is None:
            page = model(slug=slug, live=False, **fields)
            parent.add_child(instance=page)
            self._publish(page, tags)
            self.report.record("created", what)
            return page
        tags_differ = tags is not None and sorted(page.tags.names()) != sorted(tags)
        if not _differs(page, fields) and not tags_differ:
            self.report.record("unchanged", what)
        elif self.overwrite or not edited_in_admin(page):
            for name, value in fields.items():
                setattr(page, name, value)
            self._publish(page, tags)
            self.report.record("updated", what)
        else:
            self.report.record("kept", what)
        return page

    @staticmethod
    def _publish(page, tags):
        if tags is not None:
            page.tags.set(tags)
        page.save_revision(user=None, log_action=True).publish(user=None)


def _keep_in_order(parent, pages):
    """Put `pages` (children of `parent`) in the order given, after any other children."""
    ids = [page.pk for page in pages]
    current = [pk for pk in parent.get_children().values_list("pk", flat=True) if pk in ids]
    if current != ids:
        for page in pages:
            Page.objects.get(pk=page.pk).move(parent, pos="last-child")


def build_course(spec: CourseSpec, *, overwrite: bool = False) -> SyncReport:
    return CourseBuilder(spec, overwrite=overwrite).build()
