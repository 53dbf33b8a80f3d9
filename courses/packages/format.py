"""The course package format: one zip file holding a course, its references and its images.

    manifest.yaml     format name and version, the course's slug and title, the site it came
                      from and when it was exported
    course.yaml       the course page tree: each page's type, slug, fields and children
    references.yaml   the references the course cites, each under a key
    images/…          the image files, listed in course.yaml under `images`

Field values are stored as the pages store them: rich text as Wagtail's HTML, StreamFields
as their raw block data with block ids. Only the links that are ids on one site are written
as keys instead: a reference chooser holds a reference key, an image chooser an image key
(the file's path in the package), the course's code of ethics is written out whole. Reading
a package checks every file strictly; an error names the file and the place in it.
"""

from __future__ import annotations

import io
import zipfile

import yaml
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

FORMAT_NAME = "pathway-course-package"
FORMAT_VERSION = 1
MANIFEST = "manifest.yaml"
COURSE_FILE = "course.yaml"
REFERENCES_FILE = "references.yaml"
IMAGE_DIR = "images/"
# A package is a course's text and a few images; anything much bigger is not one.
MAX_PACKAGE_BYTES = 50 * 1024 * 1024
MAX_MEMBER_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 2000


class PackageError(ValueError):
    """A package that cannot be imported; the message names the file and the place."""


class Where:
    """A file of the package and a path inside it, for error messages:
    `course.yaml: children[2].children[0].fields.body[3]: unknown block type 'foo'`."""

    def __init__(self, file: str, trail: str = ""):
        self.file, self.trail = file, trail

    def __truediv__(self, part) -> Where:
        if isinstance(part, int):
            return Where(self.file, f"{self.trail}[{part}]")
        return Where(self.file, f"{self.trail}.{part}" if self.trail else str(part))

    def __str__(self):
        return f"{self.file}: {self.trail}" if self.trail else self.file

    def fail(self, message: str):
        raise PackageError(f"{self}: {message}")


def dump_yaml(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100).encode("utf-8")


def write_package(manifest: dict, course: dict, references: list, files: dict[str, bytes]):
    """The package's bytes: the YAML files and the image files, in a zip."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST, dump_yaml(manifest))
        archive.writestr(COURSE_FILE, dump_yaml(course))
        archive.writestr(REFERENCES_FILE, dump_yaml(references))
        for name, content in sorted(files.items()):
            archive.writestr(name, content)
    return buffer.getvalue()


class Package:
    """A package read from its bytes, with its YAML parsed and its files at hand. Checks the
    container (a zip within the size limits, a manifest of a known format and version); the
    importer checks the content."""

    def __init__(self, data: bytes):
        if len(data) > MAX_PACKAGE_BYTES:
            raise PackageError(
                f"the package is larger than {MAX_PACKAGE_BYTES // (1024 * 1024)} MB"
            )
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            members = self.archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise PackageError(
                f"not a course package: the file is not a zip archive ({error})"
            ) from None
        if len(members) > MAX_MEMBERS:
            raise PackageError(f"the package holds more than {MAX_MEMBERS} files")
        self.sizes = {}
        for member in members:
            if member.file_size > MAX_MEMBER_BYTES:
                raise PackageError(f"{member.filename}: larger than the limit for one file")
            self.sizes[member.filename] = member.file_size
        if MANIFEST not in self.sizes:
            raise PackageError(f"not a course package: {MANIFEST} is missing")
        self.manifest = self._manifest()
        self.course = self.yaml(COURSE_FILE)
        self.references = self.yaml(REFERENCES_FILE)

    def read(self, name: str) -> bytes:
        if name not in self.sizes:
            raise PackageError(f"{name}: missing from the package")
        try:
            return self.archive.read(name)
        except (zipfile.BadZipFile, OSError, ValueError, RuntimeError) as error:
            raise PackageError(f"{name}: cannot be read ({error})") from None

    def yaml(self, name: str):
        try:
            return yaml.safe_load(self.read(name).decode("utf-8"))
        except UnicodeDecodeError:
            raise PackageError(f"{name}: not UTF-8 text") from None
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark else ""
            raise PackageError(f"{name}{where}: not valid YAML") from None

    def _manifest(self) -> dict:
        where = Where(MANIFEST)
        manifest = self.yaml(MANIFEST)
        if not isinstance(manifest, dict):
            where.fail("expected a mapping")
        if manifest.get("format") != FORMAT_NAME:
            (where / "format").fail(f"not a course package (expected {FORMAT_NAME!r})")
        version = manifest.get("version")
        if version != FORMAT_VERSION:
            (where / "version").fail(
                f"format version {version!r} is not supported; this site reads version "
                f"{FORMAT_VERSION}"
            )
        return manifest


# -- StreamField data ----------------------------------------------------------------------


def map_choosers(block, raw, where: Where, swap, rich=None):
    """`raw` (StreamField raw data for `block`) with every chooser value passed through
    `swap(chooser_block, value, where)`, and every rich text through `rich(html, where)`.
    Fails on a block type the definition does not know, naming the place."""
    if isinstance(block, blocks.StreamBlock):
        if not isinstance(raw, list):
            where.fail("expected a list of blocks")
        result = []
        for i, item in enumerate(raw):
            here = where / i
            if not isinstance(item, dict) or "type" not in item or "value" not in item:
                here.fail("expected a block with a 'type' and a 'value'")
            child = block.child_blocks.get(item["type"])
            if child is None:
                here.fail(f"unknown block type {item['type']!r}")
            result.append({**item, "value": map_choosers(child, item["value"], here, swap, rich)})
        return result
    if isinstance(block, blocks.ListBlock):
        if not isinstance(raw, list):
            where.fail("expected a list")
        result = []
        for i, item in enumerate(raw):
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                value = map_choosers(block.child_block, item["value"], where / i, swap, rich)
                result.append({**item, "value": value})
            else:
                result.append(map_choosers(block.child_block, item, where / i, swap, rich))
        return result
    if isinstance(block, blocks.StructBlock):
        if not isinstance(raw, dict):
            where.fail("expected a mapping of the block's fields")
        unknown = raw.keys() - block.child_blocks.keys()
        if unknown:
            where.fail(f"unknown field(s) {', '.join(sorted(unknown))}")
        return {
            name: map_choosers(block.child_blocks[name], value, where / name, swap, rich)
            if name in block.child_blocks
            else value
            for name, value in raw.items()
        }
    if isinstance(block, blocks.RichTextBlock):
        if not isinstance(raw, str):
            where.fail("expected rich text")
        return rich(raw, where) if rich else raw
    if isinstance(block, SnippetChooserBlock | ImageChooserBlock):
        return None if raw in (None, "") else swap(block, raw, where)
    if isinstance(block, blocks.ChooserBlock):
        where.fail("links to other pages or documents cannot be moved between sites")
    return raw
