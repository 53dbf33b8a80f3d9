"""The data files' schema helpers: strict readers for YAML values, with errors that name the
file and the place, markdown to Wagtail rich text, and stable block ids.

The course loader (`content.py`) and the quiz loader (`quizzes.py`) build on these.
"""

from __future__ import annotations

import html.parser
import re
import uuid
from decimal import Decimal
from pathlib import Path

import markdown
import yaml

BLOCK_ID_NAMESPACE = uuid.UUID("6f1c2b1e-6a53-4a43-9d1c-6c1f0b7a2c11")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ALLOWED_TAGS = {"p", "b", "i", "a", "ul", "ol", "li", "br"}
CHOICE_MAX = 400


class DemoContentError(ValueError):
    """A data file does not follow the schema; the message names the file and the place."""


class Where:
    """Carries the file and the path inside it, for error messages."""

    def __init__(self, file: Path, trail: str = ""):
        self.file, self.trail = file, trail

    def __truediv__(self, part) -> Where:
        return Where(self.file, f"{self.trail}.{part}" if self.trail else str(part))

    def fail(self, message: str):
        place = f" at {self.trail}" if self.trail else ""
        raise DemoContentError(f"{self.file.name}{place}: {message}")


def mapping(value, where: Where, required: set[str], optional: set[str] = frozenset()) -> dict:
    if not isinstance(value, dict):
        where.fail("expected a mapping of keys to values")
    missing = required - value.keys()
    if missing:
        where.fail(f"missing {', '.join(sorted(missing))}")
    unknown = value.keys() - required - set(optional)
    if unknown:
        where.fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    return value


def text(value, where: Where, *, allow_empty=False) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        where.fail("expected non-empty text")
    return " ".join(value.split()) if "\n" not in value.strip() else value.strip()


def plain(value, where: Where) -> str:
    """Single-paragraph text with line breaks folded into spaces."""
    return " ".join(text(value, where).split())


def optional_plain(data: dict, key: str, where: Where) -> str:
    return plain(data[key], where / key) if data.get(key) else ""


def slug(value, where: Where) -> str:
    if not isinstance(value, str) or not SLUG_PATTERN.match(value):
        where.fail("expected a slug of lowercase letters, digits and hyphens")
    return value


def positive_int(value, where: Where) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
        where.fail("expected a positive whole number")
    return value


def text_list(value, where: Where) -> list[str]:
    if not isinstance(value, list) or not value:
        where.fail("expected a non-empty list")
    return [plain(item, where / i) for i, item in enumerate(value)]


class TagChecker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.bad: set[str] = set()

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.bad.add(tag)
        for name, value in attrs:
            if tag != "a" or name != "href" or not (value or "").startswith("https://"):
                self.bad.add(f"{tag}[{name}={value}]")


def rich_text(source, where: Where) -> str:
    """Markdown (paragraphs, bold, italic, lists, https links) → Wagtail rich text HTML."""
    converted = markdown.markdown(text(source, where))
    converted = re.sub(r"<(/?)strong>", r"<\1b>", converted)
    converted = re.sub(r"<(/?)em>", r"<\1i>", converted)
    checker = TagChecker()
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


def read_yaml(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except FileNotFoundError:
        raise DemoContentError(f"{path.name}: file not found in {path.parent}") from None
    except yaml.YAMLError as error:
        raise DemoContentError(f"{path.name}: not valid YAML ({error})") from None


def decimal(value, where: Where) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        where.fail("expected a number of hours")
    return Decimal(str(value)).quantize(Decimal("0.1"))


def check_unique(values: list[str], where: Where, what: str):
    seen = set()
    for value in values:
        if value in seen:
            where.fail(f"the {what} {value!r} is used twice")
        seen.add(value)


def choices(items, where, key, *, exactly_correct=None, at_least_correct=None) -> list[dict]:
    if not isinstance(items, list) or len(items) < 2:
        where.fail("expected two or more choices")
    choices = []
    for i, item in enumerate(items):
        item = mapping(item, where / i, {"text", "correct"}, {"feedback"})
        text = plain(item["text"], where / i / "text")
        if len(text) > CHOICE_MAX:
            (where / i / "text").fail(f"choices are at most {CHOICE_MAX} characters")
        if not isinstance(item["correct"], bool):
            (where / i / "correct").fail("expected true or false")
        feedback = plain(item["feedback"], where / i) if item.get("feedback") else ""
        choices.append({"text": text, "correct": item["correct"], "feedback": feedback})
    correct = sum(1 for choice in choices if choice["correct"])
    if exactly_correct is not None and correct != exactly_correct:
        where.fail("a single-choice question needs exactly one correct choice")
    if at_least_correct is not None and correct < at_least_correct:
        where.fail("tick at least one correct choice")
    return list_items(choices, *key, "choices")
