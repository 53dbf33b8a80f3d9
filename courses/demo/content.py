"""Reads the flagship course from its data files (`courses/demo_content/`) and checks them.

The files are YAML written for people: markdown paragraphs, reference keys, image paths.
This module turns them into plain specs holding exactly the field values the pages will
store, so that the builder can compare and write them without further translation.
Block ids are derived from the lesson slug and position, so the same file always gives the
same StreamField data and a second load can see that nothing changed.
"""

from __future__ import annotations

import html.parser
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import markdown
import yaml

CONTENT_DIR = Path(__file__).resolve().parent.parent / "demo_content"
BLOCK_ID_NAMESPACE = uuid.UUID("6f1c2b1e-6a53-4a43-9d1c-6c1f0b7a2c11")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALLOWED_TAGS = {"p", "b", "i", "a", "ul", "ol", "li", "br"}
CALLOUT_KINDS = {"note", "caution", "safety"}


class DemoContentError(ValueError):
    """A data file does not follow the schema; the message names the file and the place."""


@dataclass
class ImageSpec:
    path: Path
    title: str


@dataclass
class ReferenceSpec:
    key: str
    fields: dict


@dataclass
class LessonSpec:
    slug: str
    fields: dict
    body: list
    tags: list[str]


@dataclass
class ModuleSpec:
    slug: str
    fields: dict
    lessons: list[LessonSpec] = field(default_factory=list)


@dataclass
class CourseSpec:
    slug: str
    fields: dict
    image_key: str | None
    references: list[ReferenceSpec]
    modules: list[ModuleSpec]
    images: dict[str, ImageSpec] = field(default_factory=dict)
    quizzes: dict = field(default_factory=dict)  # module slug → QuizSpec
    final_test: object | None = None  # QuizSpec

    @property
    def lessons(self) -> list[LessonSpec]:
        return [lesson for module in self.modules for lesson in module.lessons]


# -- small validation helpers -------------------------------------------------------------


class _Where:
    """Carries the file and the path inside it, for error messages."""

    def __init__(self, file: Path, trail: str = ""):
        self.file, self.trail = file, trail

    def __truediv__(self, part) -> _Where:
        return _Where(self.file, f"{self.trail}.{part}" if self.trail else str(part))

    def fail(self, message: str):
        place = f" at {self.trail}" if self.trail else ""
        raise DemoContentError(f"{self.file.name}{place}: {message}")


def _mapping(value, where: _Where, required: set[str], optional: set[str] = frozenset()) -> dict:
    if not isinstance(value, dict):
        where.fail("expected a mapping of keys to values")
    missing = required - value.keys()
    if missing:
        where.fail(f"missing {', '.join(sorted(missing))}")
    unknown = value.keys() - required - set(optional)
    if unknown:
        where.fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    return value


def _text(value, where: _Where, *, allow_empty=False) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        where.fail("expected non-empty text")
    return " ".join(value.split()) if "\n" not in value.strip() else value.strip()


def _plain(value, where: _Where) -> str:
    """Single-paragraph text with line breaks folded into spaces."""
    return " ".join(_text(value, where).split())


def _optional_plain(data: dict, key: str, where: _Where) -> str:
    return _plain(data[key], where / key) if data.get(key) else ""


def _slug(value, where: _Where) -> str:
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        where.fail("expected a slug of lowercase letters, digits and hyphens")
    return value


def _positive_int(value, where: _Where) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        where.fail("expected a positive whole number")
    return value


def _text_list(value, where: _Where) -> list[str]:
    if not isinstance(value, list) or not value:
        where.fail("expected a non-empty list")
    return [_plain(item, where / i) for i, item in enumerate(value)]


class _TagChecker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.bad.add(tag)
        for name, value in attrs:
            if tag != "a" or name != "href" or not (value or "").startswith("https://"):
                self.bad.add(f"{tag}[{name}={value}]")


def rich_text(source, where: _Where) -> str:
    """Markdown (paragraphs, bold, italic, lists, https links) → Wagtail rich text HTML."""
    converted = markdown.markdown(_text(source, where))
    converted = re.sub(r"<(/?)strong>", r"<\1b>", converted)
    converted = re.sub(r"<(/?)em>", r"<\1i>", converted)
    checker = _TagChecker()
    checker.feed(converted)
    if checker.bad:
        where.fail(f"markdown produced markup lessons may not use: {sorted(checker.bad)}")
    return join_lines(converted)


def join_lines(html: str) -> str:
    """Markdown's HTML on one line: a line break between tags goes, and one inside text (where
    the YAML source wrapped a paragraph) becomes a space, so no two words are glued together."""
    html = re.sub(r">\s*\n\s*<", "><", html)
    return re.sub(r"\s*\n\s*", " ", html)


def block_id(*parts) -> str:
    return str(uuid.uuid5(BLOCK_ID_NAMESPACE, ":".join(str(part) for part in parts)))


def list_items(values: list, *id_parts) -> list[dict]:
    """ListBlock raw data with stable item ids."""
    return [
        {"type": "item", "value": value, "id": block_id(*id_parts, "item", i)}
        for i, value in enumerate(values)
    ]


def objectives(values: list[str], *id_parts) -> list[dict]:
    return [
        {"type": "objective", "value": value, "id": block_id(*id_parts, "objective", i)}
        for i, value in enumerate(values)
    ]


# -- the course --------------------------------------------------------------------------


def load_course(content_dir: Path = CONTENT_DIR) -> CourseSpec:
    """Reads and checks every data file of the flagship course."""
    course_file = content_dir / "course.yaml"
    where = _Where(course_file)
    data = _mapping(
        _read_yaml(course_file),
        where,
        {"title", "slug", "summary", "audience", "ce_hours", "estimated_hours"}
        | {"learning_objectives", "modules"},
        {"image", "overview", "modules_unlock_in_order", "quizzes", "final_test"},
    )
    slug = _slug(data["slug"], where / "slug")
    references = _load_references(content_dir / "references.yaml")
    image_key = None
    images: dict[str, ImageSpec] = {}
    if "image" in data:
        spec = _mapping(data["image"], where / "image", {"file", "title", "alt"})
        image_key = spec["file"]
        images[image_key] = _image(content_dir, image_key, _plain(spec["title"], where), where)
    fields = {
        "title": _plain(data["title"], where / "title"),
        "summary": _plain(data["summary"], where / "summary"),
        "audience": _plain(data["audience"], where / "audience"),
        "overview": rich_text(data["overview"], where / "overview") if "overview" in data else "",
        "learning_objectives": objectives(
            _text_list(data["learning_objectives"], where / "learning_objectives"), slug
        ),
        "ce_hours": _decimal(data["ce_hours"], where / "ce_hours"),
        "estimated_hours": _decimal(data["estimated_hours"], where / "estimated_hours"),
        "modules_unlock_in_order": bool(data.get("modules_unlock_in_order", False)),
        "image_alt": _plain(data["image"]["alt"], where / "image.alt") if image_key else "",
    }
    keys = {reference.key for reference in references}
    modules = [
        _load_module(content_dir, name, keys, images)
        for name in _text_list(data["modules"], where / "modules")
    ]
    _check_unique([m.slug for m in modules], where / "modules", "module slug")
    _check_unique([lesson.slug for m in modules for lesson in m.lessons], where, "lesson slug")
    quizzes, final_test = _load_quizzes(content_dir, data, where, modules, keys)
    return CourseSpec(slug, fields, image_key, references, modules, images, quizzes, final_test)


def _load_quizzes(content_dir: Path, data: dict, where: _Where, modules, keys):
    from courses.demo.quizzes import load_quiz

    listed = data.get("quizzes") or {}
    if not isinstance(listed, dict):
        (where / "quizzes").fail("expected a mapping of module slug to quiz file")
    module_slugs = {module.slug for module in modules}
    quizzes = {}
    for module_slug, name in listed.items():
        if module_slug not in module_slugs:
            (where / "quizzes").fail(f"no module with slug {module_slug!r}")
        quizzes[module_slug] = load_quiz(content_dir / str(name), keys)
    final_test = (
        load_quiz(content_dir / str(data["final_test"]), keys) if data.get("final_test") else None
    )
    all_quizzes = [*quizzes.values(), *([final_test] if final_test else [])]
    _check_unique([quiz.slug for quiz in all_quizzes], where, "quiz slug")
    return quizzes, final_test


def _read_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise DemoContentError(f"{path.name}: file not found in {path.parent}") from None
    except yaml.YAMLError as error:
        raise DemoContentError(f"{path.name}: not valid YAML ({error})") from None


def _decimal(value, where: _Where) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        where.fail("expected a number of hours")
    return Decimal(str(value)).quantize(Decimal("0.1"))


def _check_unique(values: list[str], where: _Where, what: str):
    seen = set()
    for value in values:
        if value in seen:
            where.fail(f"the {what} {value!r} is used twice")
        seen.add(value)


def _image(content_dir: Path, relative: str, title: str, where: _Where) -> ImageSpec:
    path = (content_dir / str(relative)).resolve()
    if content_dir.resolve() not in path.parents or not path.is_file():
        where.fail(f"image file {relative!r} not found in {content_dir}")
    return ImageSpec(path, title)


def _load_references(path: Path) -> list[ReferenceSpec]:
    where = _Where(path)
    data = _read_yaml(path)
    if not isinstance(data, list):
        where.fail("expected a list of references")
    references = []
    optional = {"volume", "issue", "pages", "doi", "url", "status", "status_note", "journal"}
    for i, item in enumerate(data):
        here = where / i
        item = _mapping(item, here, {"key", "authors", "year", "title"}, optional)
        status = item.get("status", "current")
        if status not in {"current", "corrected", "retracted"}:
            (here / "status").fail("expected current, corrected or retracted")
        if not isinstance(item["year"], int):
            (here / "year").fail("expected a year")
        fields = {"authors": _plain(item["authors"], here / "authors"), "year": item["year"]}
        fields |= {"title": _plain(item["title"], here / "title"), "status": status}
        for name in sorted(optional - {"status"}):
            fields[name] = _plain(item[name], here / name) if item.get(name) else ""
        references.append(ReferenceSpec(_slug(item["key"], here / "key"), fields))
    _check_unique([reference.key for reference in references], where, "reference key")
    return references


def _load_module(content_dir: Path, name: str, keys: set[str], images: dict) -> ModuleSpec:
    path = content_dir / "modules" / name
    where = _Where(path)
    data = _mapping(
        _read_yaml(path),
        where,
        {"title", "slug", "summary", "estimated_minutes", "learning_objectives", "lessons"},
    )
    slug = _slug(data["slug"], where / "slug")
    fields = {
        "title": _plain(data["title"], where / "title"),
        "summary": _plain(data["summary"], where / "summary"),
        "estimated_minutes": _positive_int(data["estimated_minutes"], where / "estimated_minutes"),
        "learning_objectives": objectives(
            _text_list(data["learning_objectives"], where / "learning_objectives"), slug
        ),
    }
    if not isinstance(data["lessons"], list) or not data["lessons"]:
        (where / "lessons").fail("expected a non-empty list of lessons")
    lessons = [
        _load_lesson(content_dir, item, where / "lessons" / i, keys, images)
        for i, item in enumerate(data["lessons"])
    ]
    return ModuleSpec(slug, fields, lessons)


def _load_lesson(content_dir, data, where: _Where, keys, images) -> LessonSpec:
    data = _mapping(data, where, {"title", "slug", "summary", "estimated_minutes", "tags", "body"})
    slug = _slug(data["slug"], where / "slug")
    fields = {
        "title": _plain(data["title"], where / "title"),
        "summary": _plain(data["summary"], where / "summary"),
        "estimated_minutes": _positive_int(data["estimated_minutes"], where / "estimated_minutes"),
    }
    tags = [_slug(tag, where / "tags") for tag in _text_list(data["tags"], where / "tags")]
    if not isinstance(data["body"], list) or not data["body"]:
        (where / "body").fail("expected a non-empty list of blocks")
    body = [
        _block(content_dir, block, where / "body" / i, slug, i, keys, images)
        for i, block in enumerate(data["body"])
    ]
    return LessonSpec(slug, fields, body, tags)


def _block(content_dir, data, where: _Where, lesson_slug, index, keys, images) -> dict:
    """One body block as StreamField raw data. Citations keep the reference *key* and figures
    the image *path* under `value`; the builder swaps them for database ids."""
    if not isinstance(data, dict) or "type" not in data:
        where.fail("expected a block with a 'type'")
    kind = data["type"]
    data = {key: value for key, value in data.items() if key != "type"}
    block_key = (lesson_slug, index)
    if kind == "heading":
        data = _mapping(data, where, {"text", "level"})
        if data["level"] not in (2, 3):
            (where / "level").fail("expected 2 or 3")
        value = {"text": _plain(data["text"], where / "text"), "level": f"h{data['level']}"}
    elif kind == "text":
        value = rich_text(_mapping(data, where, {"text"})["text"], where / "text")
    elif kind == "callout":
        data = _mapping(data, where, {"kind", "text"}, {"title"})
        if data["kind"] not in CALLOUT_KINDS:
            (where / "kind").fail(f"expected one of {sorted(CALLOUT_KINDS)}")
        value = {
            "kind": data["kind"],
            "title": _optional_plain(data, "title", where),
            "text": rich_text(data["text"], where / "text"),
        }
    elif kind == "key_points":
        data = _mapping(data, where, {"points"}, {"title"})
        points = _text_list(data["points"], where / "points")
        value = {
            "title": _plain(data.get("title") or "Key points", where / "title"),
            "points": list_items(points, *block_key),
        }
    elif kind == "reflection":
        data = _mapping(data, where, {"prompt"}, {"guidance"})
        value = {
            "prompt": _plain(data["prompt"], where / "prompt"),
            "guidance": _optional_plain(data, "guidance", where),
        }
    elif kind == "case_vignette":
        data = _mapping(data, where, {"title", "scenario"}, {"questions"})
        questions = data.get("questions") and _text_list(data["questions"], where / "questions")
        value = {
            "title": _plain(data["title"], where / "title"),
            "scenario": rich_text(data["scenario"], where / "scenario"),
            "questions": list_items(questions or [], *block_key),
        }
    elif kind == "citation":
        data = _mapping(data, where, {"reference"}, {"locator"})
        if data["reference"] not in keys:
            (where / "reference").fail(f"no reference with key {data['reference']!r}")
        value = {"reference": data["reference"], "locator": _optional_plain(data, "locator", where)}
    elif kind == "figure":
        data = _mapping(data, where, {"image", "alt_text", "caption"}, {"credit"})
        relative = _text(data["image"], where / "image")
        caption = _plain(data["caption"], where / "caption")
        images.setdefault(relative, _image(content_dir, relative, caption, where / "image"))
        value = {
            "image": relative,
            "alt_text": _plain(data["alt_text"], where / "alt_text"),
            "caption": caption,
            "credit": _optional_plain(data, "credit", where),
        }
    elif kind == "quote":
        data = _mapping(data, where, {"text"}, {"attribution"})
        value = {
            "text": _plain(data["text"], where / "text"),
            "attribution": _optional_plain(data, "attribution", where),
        }
    elif kind == "knowledge_check":
        data = _mapping(data, where, {"prompt", "choices", "explanation"})
        from courses.demo.quizzes import _choices

        value = {
            "prompt": _plain(data["prompt"], where / "prompt"),
            "choices": _choices(data["choices"], where / "choices", block_key, exactly_correct=1),
            "explanation": _plain(data["explanation"], where / "explanation"),
        }
    else:
        (where / "type").fail(f"unknown block type {kind!r}")
    return {"type": kind, "value": value, "id": block_id(*block_key)}
