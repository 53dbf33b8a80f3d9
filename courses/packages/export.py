"""Exporting a course as a package (see `courses.packages.format`).

Each page is written as its latest revision: what its editors last saved, published or not.
References are given keys made from the first author and the year; images are written once
each, under a name made from their file's hash.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter

from django.utils import timezone
from django.utils.text import slugify
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import Page, Site
from wagtail.utils.file import hash_filelike

from courses.models import CoursePage, Reference
from courses.packages import fields as schema
from courses.packages import richtext
from courses.packages.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    IMAGE_DIR,
    PackageError,
    Where,
    map_choosers,
    write_package,
)


class CourseExporter:
    def __init__(self, course: CoursePage):
        self.course = course
        self.reference_keys: dict[int, str] = {}
        self.image_keys: dict[int, str] = {}
        self.image_entries: list[dict] = []
        self.files: dict[str, bytes] = {}
        self.key_counts: Counter = Counter()

    def export(self) -> bytes:
        tree = self.node(self.course, Where("course.yaml", "course"))
        course = {"course": tree, "images": self.image_entries}
        references = [
            {"key": key, "fields": self.reference_data(Reference.objects.get(pk=pk))}
            for pk, key in self.reference_keys.items()
        ]
        site = Site.objects.filter(is_default_site=True).first()
        manifest = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "course": {"slug": self.course.slug, "title": self.course.title},
            "source_site": site.hostname if site else "",
            "source_site_name": site.site_name if site else "",
            "exported_at": timezone.now().replace(microsecond=0).isoformat(),
        }
        return write_package(manifest, course, references, self.files)

    # -- pages ----------------------------------------------------------------------------

    def node(self, page, where: Where) -> dict:
        page = page.specific
        type_name = schema.TYPE_NAMES[type(page)]
        current = page.get_latest_revision_as_object() if page.latest_revision_id else page
        node = {"type": type_name, "slug": page.slug, "fields": {}}
        for name, field in schema.page_fields(type(page)).items():
            node["fields"][name] = self.field_value(current, field, where / "fields" / name)
        if type_name in schema.TAGGED_TYPES:
            node["tags"] = sorted(item.tag.name for item in current.tagged_items.all())
        if hasattr(current, "form_fields"):
            node["form_fields"] = [schema.form_field_data(q) for q in current.form_fields.all()]
        children = []
        for child in page.get_children().order_by("path").specific():
            if type(child) in schema.TYPE_NAMES:
                children.append(self.node(child, where / "children" / len(children)))
        if children or schema.CHILD_TYPES[type_name]:
            node["children"] = children
        return node

    def field_value(self, instance, field, where: Where):
        if isinstance(field, StreamField):
            raw = schema.stream_raw(instance, field)
            return map_choosers(field.stream_block, raw, where, self.chooser_key, self.rich)
        if isinstance(field, RichTextField):
            return self.rich(getattr(instance, field.attname), where)
        if schema.is_image_link(field):
            image_id = getattr(instance, field.attname)
            return self.image_key(image_id) if image_id else None
        if schema.is_ethics_link(field):
            code = getattr(instance, field.name)
            return schema.ethics_data(code) if code else None
        if field.is_relation:
            where.fail("this kind of link cannot be moved between sites")
        return schema.plain_value(field, getattr(instance, field.attname))

    def rich(self, html: str, where: Where) -> str:
        """Rich text with its page links written as places (see `richtext`)."""
        others = richtext.other_links(html)
        if others:
            where.fail(f"holds {', '.join(others)} links, which cannot be moved between sites")
        return richtext.map_page_links(html, self.page_place)

    def page_place(self, value: str) -> str:
        page = Page.objects.filter(pk=int(value)).first() if value.isdigit() else None
        return richtext.place_of(page, self.course) if page is not None else ""

    def chooser_key(self, block, value, where: Where):
        pk = value.pk if hasattr(value, "pk") else value
        if block.target_model is Reference:
            return self.reference_key(pk, where)
        if block.target_model is get_image_model():
            return self.image_key(pk)
        where.fail("this kind of link cannot be moved between sites")

    # -- references and images ------------------------------------------------------------

    def reference_key(self, pk, where: Where) -> str:
        if pk not in self.reference_keys:
            reference = Reference.objects.filter(pk=pk).first()
            if reference is None:
                where.fail(f"cites a reference that no longer exists (id {pk})")
            first = re.split(r"[ ,]", reference.authors.strip() or "source", maxsplit=1)[0]
            base = slugify(f"{first} {reference.year}") or "reference"
            self.key_counts[base] += 1
            count = self.key_counts[base]
            self.reference_keys[pk] = base if count == 1 else f"{base}-{count}"
        return self.reference_keys[pk]

    @staticmethod
    def reference_data(reference: Reference) -> dict:
        return {
            name: schema.plain_value(field, getattr(reference, field.attname))
            for name, field in schema.reference_fields(Reference).items()
        }

    def image_key(self, pk) -> str:
        if pk not in self.image_keys:
            image = get_image_model().objects.filter(pk=pk).first()
            if image is None:
                raise PackageError(f"the course uses an image that no longer exists (id {pk})")
            with image.open_file() as handle:
                content = handle.read()
                handle.seek(0)
                digest = hash_filelike(handle)
            extension = posixpath.splitext(image.file.name)[1].lower() or ".img"
            key = f"{IMAGE_DIR}{digest[:16]}{extension}"
            self.files[key] = content
            entry = {"key": key, "title": image.title, "sha1": digest}
            if getattr(image, "description", ""):
                entry["description"] = image.description
            self.image_entries.append(entry)
            self.image_keys[pk] = key
        return self.image_keys[pk]


def export_course(course: CoursePage) -> bytes:
    """The package of `course`, as the bytes of a zip file."""
    return CourseExporter(course).export()


def package_filename(course: CoursePage) -> str:
    return f"{course.slug}-{timezone.now():%Y%m%d}.zip"
