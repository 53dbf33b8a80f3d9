"""Reads the flagship course from its data files (`courses/demo_content/`) and checks them.

The files are YAML written for people: markdown paragraphs, reference keys, image paths.
This module turns them into plain specs holding exactly the field values the pages will
store, so that the builder can compare and write them without further translation.
Block ids are derived from the lesson slug and position, so the same file always gives the
same StreamField data and a second load can see that nothing changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from courses.demo import schema
from courses.demo.quizzes import QuizSpec, load_quiz
from courses.weburls import is_web_url

CONTENT_DIR = Path(__file__).resolve().parent.parent / "demo_content"
CALLOUT_KINDS = {"note", "caution", "safety"}


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
    quizzes: dict[str, QuizSpec] = field(default_factory=dict)  # by module slug
    final_test: QuizSpec | None = None

    @property
    def lessons(self) -> list[LessonSpec]:
        return [lesson for module in self.modules for lesson in module.lessons]


# -- the course --------------------------------------------------------------------------


def load_course(content_dir: Path = CONTENT_DIR) -> CourseSpec:
    """Reads and checks every data file of the flagship course."""
    course_file = content_dir / "course.yaml"
    where = schema.Where(course_file)
    data = schema.mapping(
        schema.read_yaml(course_file),
        where,
        {"title", "slug", "summary", "audience", "ce_hours", "estimated_hours"}
        | {"learning_objectives", "modules"},
        {"image", "overview", "modules_unlock_in_order", "quizzes", "final_test"},
    )
    slug = schema.slug(data["slug"], where / "slug")
    references = _load_references(content_dir / "references.yaml")
    image_key = None
    images: dict[str, ImageSpec] = {}
    if "image" in data:
        spec = schema.mapping(data["image"], where / "image", {"file", "title", "alt"})
        image_key = spec["file"]
        images[image_key] = _image(
            content_dir, image_key, schema.plain(spec["title"], where), where
        )
    fields = {
        "title": schema.plain(data["title"], where / "title"),
        "summary": schema.plain(data["summary"], where / "summary"),
        "audience": schema.plain(data["audience"], where / "audience"),
        "overview": schema.rich_text(data["overview"], where / "overview")
        if "overview" in data
        else "",
        "learning_objectives": schema.objectives(
            schema.text_list(data["learning_objectives"], where / "learning_objectives"), slug
        ),
        "ce_hours": schema.decimal(data["ce_hours"], where / "ce_hours"),
        "estimated_hours": schema.decimal(data["estimated_hours"], where / "estimated_hours"),
        "modules_unlock_in_order": bool(data.get("modules_unlock_in_order", False)),
        "image_alt": schema.plain(data["image"]["alt"], where / "image.alt") if image_key else "",
    }
    keys = {reference.key for reference in references}
    modules = [
        _load_module(content_dir, name, keys, images)
        for name in schema.text_list(data["modules"], where / "modules")
    ]
    schema.check_unique([m.slug for m in modules], where / "modules", "module slug")
    schema.check_unique(
        [lesson.slug for m in modules for lesson in m.lessons], where, "lesson slug"
    )
    quizzes, final_test = _load_quizzes(content_dir, data, where, modules, keys)
    return CourseSpec(slug, fields, image_key, references, modules, images, quizzes, final_test)


def _load_quizzes(content_dir: Path, data: dict, where: schema.Where, modules, keys):
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
    schema.check_unique([quiz.slug for quiz in all_quizzes], where, "quiz slug")
    return quizzes, final_test


def _image(content_dir: Path, relative: str, title: str, where: schema.Where) -> ImageSpec:
    path = (content_dir / str(relative)).resolve()
    if content_dir.resolve() not in path.parents or not path.is_file():
        where.fail(f"image file {relative!r} not found in {content_dir}")
    return ImageSpec(path, title)


def _load_references(path: Path) -> list[ReferenceSpec]:
    where = schema.Where(path)
    data = schema.read_yaml(path)
    if not isinstance(data, list):
        where.fail("expected a list of references")
    references = []
    optional = {"volume", "issue", "pages", "doi", "url", "status", "status_note", "journal"}
    for i, item in enumerate(data):
        here = where / i
        item = schema.mapping(item, here, {"key", "authors", "year", "title"}, optional)
        status = item.get("status", "current")
        if status not in {"current", "corrected", "retracted"}:
            (here / "status").fail("expected current, corrected or retracted")
        if not isinstance(item["year"], int):
            (here / "year").fail("expected a year")
        fields = {"authors": schema.plain(item["authors"], here / "authors"), "year": item["year"]}
        fields |= {"title": schema.plain(item["title"], here / "title"), "status": status}
        for name in sorted(optional - {"status"}):
            fields[name] = schema.plain(item[name], here / name) if item.get(name) else ""
        if fields["url"] and not is_web_url(fields["url"]):
            (here / "url").fail("expected a web address starting with http:// or https://")
        references.append(ReferenceSpec(schema.slug(item["key"], here / "key"), fields))
    schema.check_unique([reference.key for reference in references], where, "reference key")
    return references


def _load_module(content_dir: Path, name: str, keys: set[str], images: dict) -> ModuleSpec:
    path = content_dir / "modules" / name
    where = schema.Where(path)
    data = schema.mapping(
        schema.read_yaml(path),
        where,
        {"title", "slug", "summary", "estimated_minutes", "learning_objectives", "lessons"},
    )
    slug = schema.slug(data["slug"], where / "slug")
    fields = {
        "title": schema.plain(data["title"], where / "title"),
        "summary": schema.plain(data["summary"], where / "summary"),
        "estimated_minutes": schema.positive_int(
            data["estimated_minutes"], where / "estimated_minutes"
        ),
        "learning_objectives": schema.objectives(
            schema.text_list(data["learning_objectives"], where / "learning_objectives"), slug
        ),
    }
    if not isinstance(data["lessons"], list) or not data["lessons"]:
        (where / "lessons").fail("expected a non-empty list of lessons")
    lessons = [
        _load_lesson(content_dir, item, where / "lessons" / i, keys, images)
        for i, item in enumerate(data["lessons"])
    ]
    return ModuleSpec(slug, fields, lessons)


def _load_lesson(content_dir, data, where: schema.Where, keys, images) -> LessonSpec:
    data = schema.mapping(
        data, where, {"title", "slug", "summary", "estimated_minutes", "tags", "body"}
    )
    slug = schema.slug(data["slug"], where / "slug")
    fields = {
        "title": schema.plain(data["title"], where / "title"),
        "summary": schema.plain(data["summary"], where / "summary"),
        "estimated_minutes": schema.positive_int(
            data["estimated_minutes"], where / "estimated_minutes"
        ),
    }
    tags = [
        schema.slug(tag, where / "tags") for tag in schema.text_list(data["tags"], where / "tags")
    ]
    if not isinstance(data["body"], list) or not data["body"]:
        (where / "body").fail("expected a non-empty list of blocks")
    body = [
        _block(content_dir, block, where / "body" / i, slug, i, keys, images)
        for i, block in enumerate(data["body"])
    ]
    return LessonSpec(slug, fields, body, tags)


def _block(content_dir, data, where: schema.Where, lesson_slug, index, keys, images) -> dict:
    """One body block as StreamField raw data. Citations keep the reference *key* and figures
    the image *path* under `value`; the builder swaps them for database ids."""
    if not isinstance(data, dict) or "type" not in data:
        where.fail("expected a block with a 'type'")
    kind = data["type"]
    data = {key: value for key, value in data.items() if key != "type"}
    block_key = (lesson_slug, index)
    if kind == "heading":
        data = schema.mapping(data, where, {"text", "level"})
        if data["level"] not in (2, 3):
            (where / "level").fail("expected 2 or 3")
        value = {"text": schema.plain(data["text"], where / "text"), "level": f"h{data['level']}"}
    elif kind == "text":
        value = schema.rich_text(schema.mapping(data, where, {"text"})["text"], where / "text")
    elif kind == "callout":
        data = schema.mapping(data, where, {"kind", "text"}, {"title"})
        if data["kind"] not in CALLOUT_KINDS:
            (where / "kind").fail(f"expected one of {sorted(CALLOUT_KINDS)}")
        value = {
            "kind": data["kind"],
            "title": schema.optional_plain(data, "title", where),
            "text": schema.rich_text(data["text"], where / "text"),
        }
    elif kind == "key_points":
        data = schema.mapping(data, where, {"points"}, {"title"})
        points = schema.text_list(data["points"], where / "points")
        value = {
            "title": schema.plain(data.get("title") or "Key points", where / "title"),
            "points": schema.list_items(points, *block_key),
        }
    elif kind == "reflection":
        data = schema.mapping(data, where, {"prompt"}, {"guidance"})
        value = {
            "prompt": schema.plain(data["prompt"], where / "prompt"),
            "guidance": schema.optional_plain(data, "guidance", where),
        }
    elif kind == "case_vignette":
        data = schema.mapping(data, where, {"title", "scenario"}, {"questions"})
        questions = data.get("questions") and schema.text_list(
            data["questions"], where / "questions"
        )
        value = {
            "title": schema.plain(data["title"], where / "title"),
            "scenario": schema.rich_text(data["scenario"], where / "scenario"),
            "questions": schema.list_items(questions or [], *block_key),
        }
    elif kind == "citation":
        data = schema.mapping(data, where, {"reference"}, {"locator"})
        if data["reference"] not in keys:
            (where / "reference").fail(f"no reference with key {data['reference']!r}")
        value = {
            "reference": data["reference"],
            "locator": schema.optional_plain(data, "locator", where),
        }
    elif kind == "figure":
        data = schema.mapping(data, where, {"image", "alt_text", "caption"}, {"credit"})
        relative = schema.text(data["image"], where / "image")
        caption = schema.plain(data["caption"], where / "caption")
        images.setdefault(relative, _image(content_dir, relative, caption, where / "image"))
        value = {
            "image": relative,
            "alt_text": schema.plain(data["alt_text"], where / "alt_text"),
            "caption": caption,
            "credit": schema.optional_plain(data, "credit", where),
        }
    elif kind == "quote":
        data = schema.mapping(data, where, {"text"}, {"attribution"})
        value = {
            "text": schema.plain(data["text"], where / "text"),
            "attribution": schema.optional_plain(data, "attribution", where),
        }
    elif kind == "knowledge_check":
        data = schema.mapping(data, where, {"prompt", "choices", "explanation"})
        value = {
            "prompt": schema.plain(data["prompt"], where / "prompt"),
            "choices": schema.choices(
                data["choices"], where / "choices", block_key, exactly_correct=1
            ),
            "explanation": schema.plain(data["explanation"], where / "explanation"),
        }
    else:
        (where / "type").fail(f"unknown block type {kind!r}")
    return {"type": kind, "value": value, "id": schema.block_id(*block_key)}
