"""Importing a course package: a preview of what it would change, and the import itself.

A package is checked whole before anything is written (the file and place of the first
mistake are named), and written in one transaction: a package that fails half-way leaves
the site as it was. A preview is the same import, rolled back.

What matches what, so that importing the same package again changes nothing:
- the course by its slug on the site; each page by its slug under its parent (or, for a
  page the package moved to another module, by its type and slug within the course);
- references by DOI, or by title and year when they have none;
- images by the hash of their file; the code of ethics by its title and version.

Pages are updated in place, so their ids, and the training records that point at them,
stay. Nothing is deleted: a page of the course that the package does not hold is kept and
reported. No training record is written. Imported changes are saved as new revisions by
the importing user; they are published only when `publish=True` (see
docs/course-packages.md), otherwise they wait as drafts for clinical review.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import models, transaction
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.utils.file import hash_filelike

from courses.models import CourseIndexPage, CoursePage, EthicsCode, EvaluationQuestion, Reference
from courses.models.references import normalise_doi
from courses.packages import fields as schema
from courses.packages import richtext
from courses.packages.format import (
    COURSE_FILE,
    IMAGE_DIR,
    REFERENCES_FILE,
    Package,
    Where,
    map_choosers,
)

SLUG = re.compile(r"^[-\w]+$")
NODE_KEYS = {"type", "slug", "fields", "children", "tags", "form_fields"}
STATUS_FIELDS = {"status", "status_note", "status_changed_on", "notice_url"}
ACTIONS = ("created", "updated", "published", "moved", "unchanged", "kept")


@dataclass
class Change:
    action: str  # one of ACTIONS
    kind: str  # "course", "lesson", "reference", "image", "code of ethics"…
    label: str
    note: str = ""


@dataclass
class ImportReport:
    """What an import did (or, for a preview, would do), item by item."""

    course_title: str = ""
    source: str = ""
    exported_at: str = ""
    dry_run: bool = False
    publish: bool = False
    changes: list[Change] = field(default_factory=list)
    course_id: int | None = None

    def record(self, action, kind, label, note=""):
        self.changes.append(Change(action, kind, label, note))

    def count(self, action: str) -> int:
        return Counter(change.action for change in self.changes)[action]

    @property
    def counts(self) -> dict[str, int]:
        return {action: self.count(action) for action in ACTIONS}

    @property
    def changes_anything(self) -> bool:
        return any(change.action not in ("unchanged", "kept") for change in self.changes)

    def summary(self) -> str:
        return ", ".join(f"{self.count(action)} {action}" for action in ACTIONS)


@dataclass
class Node:
    type: str
    slug: str
    fields: dict
    where: Where
    children: list[Node]
    tags: list[str] | None
    form_fields: list[dict] | None

    @property
    def model(self):
        return schema.PAGE_TYPES[self.type]

    @property
    def label(self) -> str:
        return f"{self.fields.get('title') or self.slug} ({self.slug})"


class _Rollback(Exception):
    pass


# -- reading and checking ------------------------------------------------------------------


class PackageReader:
    """Checks a package's content and turns it into `Node`s, before the database is used."""

    def __init__(self, package: Package):
        self.package = package
        self.reference_keys: set[str] = set()
        self.image_keys: set[str] = set()

    def read(self):
        self.references = self.read_references()
        where = Where(COURSE_FILE)
        data = self.package.course
        if not isinstance(data, dict):
            where.fail("expected a mapping with 'course' and 'images'")
        unknown = data.keys() - {"course", "images"}
        if unknown:
            where.fail(f"unknown key(s) {', '.join(sorted(unknown))}")
        self.images = self.read_images(data.get("images") or [], where / "images")
        if "course" not in data:
            where.fail("missing course")
        self.course = self.read_node(data["course"], where / "course", allowed=("course",))
        self.places = set()
        self.collect_places(self.course, ())
        return self

    def collect_places(self, node: Node, place: tuple):
        """Every page's place in the course, as the slugs below the course."""
        for child in node.children:
            self.places.add((*place, child.slug))
            self.collect_places(child, (*place, child.slug))

    def read_references(self) -> list[tuple[str, dict, Where]]:
        where = Where(REFERENCES_FILE)
        data = self.package.references
        if data is None:
            data = []
        if not isinstance(data, list):
            where.fail("expected a list of references")
        names = schema.reference_fields(Reference)
        references = []
        for i, item in enumerate(data):
            here = where / i
            if not isinstance(item, dict) or item.keys() != {"key", "fields"}:
                here.fail("expected a reference with a 'key' and 'fields'")
            key = item["key"]
            if not isinstance(key, str) or not SLUG.match(key):
                (here / "key").fail("expected a key of letters, digits and hyphens")
            if key in self.reference_keys:
                (here / "key").fail(f"a second reference with key {key!r}")
            values = self.check_fields(item["fields"], names, here / "fields")
            self.reference_keys.add(key)
            references.append((key, values, here))
        return references

    def read_images(self, data, where: Where) -> dict[str, dict]:
        if not isinstance(data, list):
            where.fail("expected a list of images")
        images = {}
        for i, item in enumerate(data):
            here = where / i
            if not isinstance(item, dict) or not {"key", "title"} <= item.keys():
                here.fail("expected an image with a 'key' and a 'title'")
            unknown = item.keys() - {"key", "title", "sha1", "description"}
            if unknown:
                here.fail(f"unknown key(s) {', '.join(sorted(unknown))}")
            key = item["key"]
            if not isinstance(key, str) or not key.startswith(IMAGE_DIR) or key in images:
                (here / "key").fail("expected a file name under images/, listed once")
            if not isinstance(item["title"], str) or not item["title"].strip():
                (here / "title").fail("expected the image's title")
            content = self.package.read(key)
            try:
                from PIL import Image as PILImage

                PILImage.open(io.BytesIO(content)).verify()
            except Exception:  # noqa: BLE001 - Pillow raises many kinds of error for a bad file
                (here / "key").fail(f"{key} is not an image file")
            digest = hash_filelike(io.BytesIO(content))
            images[key] = {**item, "content": content, "sha1": digest}
        self.image_keys = set(images)
        return images

    def read_node(self, data, where: Where, allowed) -> Node:
        if not isinstance(data, dict):
            where.fail("expected a page: a mapping with 'type', 'slug' and 'fields'")
        unknown = data.keys() - NODE_KEYS
        if unknown:
            where.fail(f"unknown key(s) {', '.join(sorted(unknown))}")
        kind = data.get("type")
        if kind not in schema.PAGE_TYPES:
            (where / "type").fail(f"unknown page type {kind!r}")
        if kind not in allowed:
            (where / "type").fail(f"a {kind} page cannot be here (expected {' or '.join(allowed)})")
        slug = data.get("slug")
        if not isinstance(slug, str) or not SLUG.match(slug) or len(slug) > 255:
            (where / "slug").fail("expected a slug of letters, digits, hyphens and underscores")
        model = schema.PAGE_TYPES[kind]
        values = self.check_fields(data.get("fields"), schema.page_fields(model), where / "fields")
        if not values.get("title"):
            (where / "fields" / "title").fail("every page needs a title")
        tags = None
        if kind in schema.TAGGED_TYPES:
            tags = data.get("tags") or []
            if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
                (where / "tags").fail("expected a list of tags")
        elif "tags" in data:
            (where / "tags").fail(f"a {kind} page has no tags")
        form_fields = None
        if hasattr(model, "form_fields"):
            form_fields = self.check_form_fields(data.get("form_fields") or [], where)
        children_data = data.get("children") or []
        if not isinstance(children_data, list):
            (where / "children").fail("expected a list of pages")
        children = [
            self.read_node(child, where / "children" / i, schema.CHILD_TYPES[kind])
            for i, child in enumerate(children_data)
        ]
        slugs = Counter(child.slug for child in children)
        for child in children:
            if slugs[child.slug] > 1:
                child.where.fail(f"two pages here have the slug {child.slug!r}")
        return Node(kind, slug, values, where, children, tags, form_fields)

    def check_form_fields(self, data, where: Where) -> list[dict]:
        where = where / "form_fields"
        if not isinstance(data, list):
            where.fail("expected a list of questions")
        questions = []
        names = {name: EvaluationQuestion._meta.get_field(name) for name in schema.FORM_FIELD_NAMES}
        for i, item in enumerate(data):
            values = self.check_fields(item, names, where / i)
            question = EvaluationQuestion(**values)
            try:
                question.clean_fields(exclude=["page", "sort_order", "id"])
            except ValidationError as error:
                self.fail_validation(error, where / i)
            questions.append(values)
        return questions

    def check_fields(self, data, names: dict, where: Where) -> dict:
        """Field values converted to what the model stores; chooser values stay keys."""
        if not isinstance(data, dict):
            where.fail("expected a mapping of field names to values")
        unknown = data.keys() - names.keys()
        if unknown:
            where.fail(f"unknown field(s) {', '.join(sorted(unknown))} (not on this site)")
        values = {}
        for name, value in data.items():
            values[name] = self.check_value(names[name], value, where / name)
        return values

    def check_value(self, model_field, value, where: Where):
        if isinstance(model_field, StreamField):
            return map_choosers(
                model_field.stream_block, value or [], where, self.check_key, self.check_rich
            )
        if isinstance(model_field, RichTextField):
            if not isinstance(value, str):
                where.fail("expected rich text")
            return self.check_rich(value, where)
        if schema.is_image_link(model_field):
            if value is not None and value not in self.image_keys:
                where.fail(f"no image with key {value!r} in course.yaml images")
            return value
        if schema.is_ethics_link(model_field):
            if value is None:
                return None
            return self.check_fields(
                value,
                {name: EthicsCode._meta.get_field(name) for name in schema.ETHICS_FIELDS},
                where,
            )
        if value is None:
            if not model_field.null:
                where.fail("expected a value")
            return None
        if isinstance(model_field, models.DecimalField):
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                where.fail("expected a number")
        elif isinstance(model_field, models.DateTimeField):
            value = self.parse(datetime.datetime.fromisoformat, value, where)
        elif isinstance(model_field, models.DateField):
            value = self.parse(datetime.date.fromisoformat, value, where)
        elif isinstance(model_field, models.BooleanField):
            if not isinstance(value, bool):
                where.fail("expected true or false")
        elif isinstance(model_field, models.IntegerField):
            if not isinstance(value, int) or isinstance(value, bool):
                where.fail("expected a whole number")
        elif isinstance(model_field, models.CharField | models.TextField) and not isinstance(
            value, str
        ):
            where.fail("expected text")
        try:
            model_field.run_validators(value)
            too_long = isinstance(value, str) and len(value) > (
                model_field.max_length or len(value)
            )
            if too_long:
                where.fail(f"longer than {model_field.max_length} characters")
            if model_field.choices and value not in dict(model_field.flatchoices):
                where.fail(f"{value!r} is not one of the choices")
        except ValidationError as error:
            where.fail(" ".join(error.messages))
        return value

    @staticmethod
    def parse(parser, value, where: Where):
        if isinstance(value, datetime.date):  # YAML reads unquoted dates itself
            return value
        try:
            return parser(str(value))
        except ValueError:
            where.fail("expected a date (YYYY-MM-DD)")

    @staticmethod
    def check_rich(html: str, where: Where) -> str:
        others = richtext.other_links(html)
        if others:
            where.fail(f"holds {', '.join(others)} links, which cannot be imported")

        def check(place):
            if place and not place.startswith("@"):
                where.fail(f"a link to page id {place}: ids mean nothing on another site")
            return place

        return richtext.map_page_links(html, check)

    def check_key(self, block, value, where: Where):
        if block.target_model is Reference:
            if value not in self.reference_keys:
                where.fail(f"no reference with key {value!r} in {REFERENCES_FILE}")
            return value
        if block.target_model is get_image_model():
            if value not in self.image_keys:
                where.fail(f"no image with key {value!r} in course.yaml images")
            return value
        where.fail("this kind of link cannot be imported")

    @staticmethod
    def fail_validation(error: ValidationError, where: Where):
        if hasattr(error, "message_dict"):
            name, messages = next(iter(error.message_dict.items()))
            (where / name).fail(" ".join(messages))
        where.fail(" ".join(error.messages))


# -- writing -------------------------------------------------------------------------------


class CourseImporter:
    def __init__(self, reader: PackageReader, report: ImportReport, *, user, publish, dry_run):
        self.reader, self.report = reader, report
        self.user, self.publish, self.dry_run = user, publish, dry_run
        self.reference_ids: dict[str, int] = {}
        self.image_ids: dict[str, int] = {}
        self.record = report.record
        self.second_pass = False
        self.pending = False
        self.deferred: list[tuple[Node, Page]] = []

    def run(self):
        self.sync_references()
        self.sync_images()
        catalogue = self.catalogue()
        node = self.reader.course
        site_root = Site.objects.get(is_default_site=True).root_page
        course = CoursePage.objects.descendant_of(site_root).filter(slug=node.slug).first()
        if course is not None:
            self.course_root = course
            self.sync(node, course.get_parent(), existing=course)
        else:
            self.course_root = None
            self.sync(node, catalogue)
        # Pages whose links point at pages this import created later: now they exist.
        self.second_pass, self.record = True, lambda *args, **kwargs: None
        for deferred, page in self.deferred:
            values = self.resolved(deferred)
            self.update(deferred, deferred.model.objects.get(pk=page.pk), values)

    # -- references, images, the code of ethics -------------------------------------------

    def sync_references(self):
        for key, values, where in self.reader.references:
            doi = normalise_doi(values.get("doi") or "") if values.get("doi") else ""
            if values.get("doi") and doi is None:
                (where / "fields" / "doi").fail(f"{values['doi']!r} is not a DOI")
            if doi:
                values = {**values, "doi": doi}
                reference = Reference.objects.filter(doi__iexact=doi).first()
            else:
                reference = Reference.objects.filter(
                    doi="", title=values.get("title", ""), year=values.get("year")
                ).first()
            label = f"{key}: {values.get('title', '')}"
            if reference is None:
                reference = Reference(**values)
                self.clean(reference, where / "fields")
                reference.save()
                self.record("created", "reference", label)
                self.reference_ids[key] = reference.pk
                continue
            note = ""
            if reference.is_flagged and values.get("status", "current") == "current":
                # A correction or retraction known here is never undone by an older copy.
                values = {name: v for name, v in values.items() if name not in STATUS_FIELDS}
                note = f"kept as {reference.get_status_display().lower()} on this site"
            if any(getattr(reference, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(reference, name, value)
                self.clean(reference, where / "fields")
                reference.save()
                self.record("updated", "reference", label, note)
            else:
                self.record("unchanged", "reference", label, note)
            self.reference_ids[key] = reference.pk

    def sync_images(self):
        Image = get_image_model()
        for key, entry in self.reader.images.items():
            image = Image.objects.filter(file_hash=entry["sha1"]).first()
            if image is None:
                image = next(
                    (i for i in Image.objects.filter(file_hash="") if _hash(i) == entry["sha1"]),
                    None,
                )
            if image is None:
                image = Image(title=entry["title"], description=entry.get("description", ""))
                if self.dry_run:  # a preview writes no file: a row is enough, and is undone
                    image.file.name, image.width, image.height = key, 1, 1
                    image.file_hash = entry["sha1"]
                    image.save()
                else:
                    name = key[len(IMAGE_DIR) :]
                    image.file = ImageFile(io.BytesIO(entry["content"]), name=name)
                    image._set_image_file_metadata()
                    image.save()
                self.record("created", "image", f"{entry['title']} ({key})")
            else:
                self.record("unchanged", "image", f"{entry['title']} ({key})")
            self.image_ids[key] = image.pk

    def ethics_code(self, values: dict | None, where: Where):
        if values is None:
            return None
        code = EthicsCode.objects.filter(title=values["title"], version=values["version"]).first()
        label = f"{values['title']}, version {values['version']}"
        if code is None:
            code = EthicsCode(**values)
            self.clean(code, where)
            code.save()
            self.record("created", "code of ethics", label)
        elif any(getattr(code, name) != value for name, value in values.items()):
            # Trainees attest to a version's text: a version on this site is never rewritten.
            self.record("kept", "code of ethics", label, "this site's text of this version differs")
        else:
            self.record("unchanged", "code of ethics", label)
        return code.pk

    @staticmethod
    def clean(instance, where: Where):
        try:
            instance.full_clean()
        except ValidationError as error:
            PackageReader.fail_validation(error, where)

    # -- pages ----------------------------------------------------------------------------

    def catalogue(self):
        site_root = Site.objects.get(is_default_site=True).root_page
        catalogue = CourseIndexPage.objects.descendant_of(site_root).first()
        if catalogue is None:
            catalogue = CourseIndexPage(title="Courses", slug="courses", live=False)
            site_root.add_child(instance=catalogue)
            revision = catalogue.save_revision(user=self.user, log_action=True)
            if self.publish:
                revision.publish(user=self.user)
            self.record("created", "course catalogue", "Courses (courses)")
        return catalogue

    def resolved(self, node: Node) -> dict:
        """The node's field values with keys swapped for this site's ids, as stored."""
        values = {}
        for name, value in node.fields.items():
            model_field = node.model._meta.get_field(name)
            where = node.where / "fields" / name
            if isinstance(model_field, StreamField):
                raw = map_choosers(
                    model_field.stream_block, value, where, self.chooser_id, self.resolve_rich
                )
                self.check_stream(model_field, raw, where)
                values[model_field.attname] = schema.normalised(raw)
            elif isinstance(model_field, RichTextField):
                values[model_field.attname] = self.resolve_rich(value, where)
            elif schema.is_image_link(model_field):
                values[model_field.attname] = self.image_ids[value] if value else None
            elif schema.is_ethics_link(model_field):
                values[model_field.attname] = self.ethics_code(value, where)
            else:
                values[model_field.attname] = value
        return values

    def resolve_rich(self, html: str, where: Where) -> str:
        """Rich text with page places swapped for this site's page ids. A place in the course
        whose page this import has not created yet is kept, and the page done again once
        every page exists."""

        def swap(place):
            if not place.startswith("@"):
                return place
            if place.startswith("@@"):
                page = richtext.find_place(place, None)
                if page is None:
                    where.fail(f"links to a page that is not on this site: {place[2:]}")
                return str(page.pk)
            page = richtext.find_place(place, self.course_root) if self.course_root else None
            if page is not None:
                return str(page.pk)
            parts = tuple(part for part in place[1:].split("/") if part)
            if self.second_pass or (parts and parts not in self.reader.places):
                where.fail(f"links to a page the package does not hold: {place[1:]}")
            self.pending = True
            return place

        return richtext.map_page_links(html, swap)

    def chooser_id(self, block, value, where):
        if block.target_model is Reference:
            return self.reference_ids[value]
        return self.image_ids[value]

    @staticmethod
    def check_stream(model_field, raw, where: Where):
        block = model_field.stream_block
        try:
            block.clean(block.to_python(raw))
        except ValidationError as error:
            where = _place(error, where, raw)
            where.fail(_message(error))

    def sync(self, node: Node, parent, existing=None):
        model = node.model
        self.pending = False
        values = self.resolved(node)
        pending = self.pending
        page = existing or model.objects.child_of(parent).filter(slug=node.slug).first()
        if page is None and self.course_root is not None:
            page = self.moved_page(model, node)
            if page is not None:
                page.move(parent, pos="last-child")
                page = model.objects.get(pk=page.pk)
                self.record("moved", node.type, node.label)
        if page is None:
            page = self.create(node, parent, values)
        else:
            page = self.update(node, page.specific, values)
        if pending:
            self.deferred.append((node, page))
        if node.type == "course":
            self.course_root = page
            self.report.course_id = page.pk
        children = [self.sync(child, page) for child in node.children]
        _keep_in_order(page, children)
        in_package = {child.pk for child in children}
        for other in page.get_children().exclude(pk__in=in_package).specific():
            if type(other) in schema.TYPE_NAMES:
                self.record(
                    "kept",
                    schema.TYPE_NAMES[type(other)],
                    f"{other.title} ({other.slug})",
                    "on this site, not in the package",
                )
        return page

    def moved_page(self, model, node: Node):
        """A page of the node's type and slug elsewhere in the course, at a place the package
        does not fill: the package moved it here."""
        root = self.course_root
        for page in model.objects.descendant_of(root).filter(slug=node.slug).order_by("path"):
            ancestors = page.get_ancestors().filter(depth__gt=root.depth).order_by("depth")
            place = (*[ancestor.slug for ancestor in ancestors], page.slug)
            if place not in self.reader.places:
                return page
        return None

    def create(self, node: Node, parent, values: dict):
        page = node.model(slug=node.slug, live=False, owner=self.user, **values)
        self.check_slug(page, parent, node)
        if node.form_fields is not None:
            page.form_fields = [EvaluationQuestion(**data) for data in node.form_fields]
        try:
            parent.add_child(instance=page)
        except ValidationError as error:
            PackageReader.fail_validation(error, node.where / "fields")
        if node.tags is not None:
            page.tags.set(node.tags)
        self.save(page, node)
        self.record("created", node.type, node.label)
        return page

    def update(self, node: Node, page, values: dict):
        current = page.get_latest_revision_as_object() if page.latest_revision_id else page
        if self.same(current, node, values):
            if self.publish and (not page.live or page.has_unpublished_changes):
                current.get_latest_revision().publish(user=self.user)
                self.record("published", node.type, node.label)
            else:
                self.record("unchanged", node.type, node.label)
            return page
        for name, value in values.items():
            setattr(current, name, value)
        if node.form_fields is not None:
            questions = list(current.form_fields.all())
            for i, data in enumerate(node.form_fields):
                if i < len(questions):
                    for name, value in data.items():
                        setattr(questions[i], name, value)
                else:
                    questions.append(EvaluationQuestion(**data))
            current.form_fields = questions[: len(node.form_fields)]
        if node.tags is not None:
            current.tags.set(node.tags)
        self.save(current, node)
        self.record("updated", node.type, node.label)
        return page

    @staticmethod
    def same(current, node: Node, values: dict) -> bool:
        for name, value in values.items():
            stored = getattr(current, name)
            if name in {f.attname for f in current._meta.fields if isinstance(f, StreamField)}:
                stored = schema.normalised(stored.raw_data)
            if stored != value:
                return False
        if node.tags is not None:
            tags = sorted(item.tag.name for item in current.tagged_items.all())
            if tags != sorted(node.tags):
                return False
        if node.form_fields is not None:
            questions = [schema.form_field_data(q) for q in current.form_fields.all()]
            if questions != node.form_fields:
                return False
        return True

    def save(self, page, node: Node):
        try:
            revision = page.save_revision(user=self.user, log_action=True)
        except ValidationError as error:
            PackageReader.fail_validation(error, node.where / "fields")
        if self.publish:
            revision.publish(user=self.user)

    @staticmethod
    def check_slug(page, parent, node: Node):
        if not Page._slug_is_available(node.slug, parent, page):
            (node.where / "slug").fail(f"the slug {node.slug!r} is taken here by another page")


def _place(error, where: Where, raw) -> Where:
    """The place of a StreamField error: the block (and field) it belongs to."""
    if isinstance(error, StreamBlockValidationError) and error.block_errors:
        index, inner = next(iter(error.block_errors.items()))
        return _place(inner, where / index, None)
    if isinstance(error, StructBlockValidationError) and error.block_errors:
        name, inner = next(iter(error.block_errors.items()))
        return _place(inner, where / name, None)
    return where


def _message(error) -> str:
    while isinstance(error, StreamBlockValidationError | StructBlockValidationError) and getattr(
        error, "block_errors", None
    ):
        error = next(iter(error.block_errors.values()))
    if isinstance(error, list):
        error = error[0]
    return " ".join(getattr(error, "messages", [str(error)])) or "not valid"


def _hash(image) -> str:
    try:
        return image.get_file_hash()
    except (OSError, ValueError):
        return ""


def _keep_in_order(parent, pages):
    """Put `pages` (children of `parent`) in the package's order, after any other children."""
    ids = [page.pk for page in pages]
    current = [pk for pk in parent.get_children().values_list("pk", flat=True) if pk in ids]
    if current != ids:
        for page in pages:
            Page.objects.get(pk=page.pk).move(parent, pos="last-child")


def read_package(data: bytes) -> tuple[Package, PackageReader]:
    package = Package(data)
    return package, PackageReader(package).read()


def import_package(data: bytes, *, user=None, publish=False, dry_run=False) -> ImportReport:
    """Import the package `data` (a zip file's bytes); or, with `dry_run`, report what the
    import would do and change nothing. Raises PackageError, naming the place, for a package
    that cannot be imported; nothing is written then."""
    package, reader = read_package(data)
    manifest = package.manifest
    report = ImportReport(
        course_title=reader.course.fields.get("title", ""),
        source=str(manifest.get("source_site_name") or manifest.get("source_site") or ""),
        exported_at=str(manifest.get("exported_at") or ""),
        dry_run=dry_run,
        publish=publish,
    )
    importer = CourseImporter(reader, report, user=user, publish=publish, dry_run=dry_run)
    try:
        with transaction.atomic():
            importer.run()
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return report
