"""What may go live: every publish path checks the content the edit form would check.

The edit form validates a page before publishing it; a listing's bulk Publish, scheduled
publishing (`manage.py publish_scheduled`) and the approval that ends a clinical review
publish a saved revision without a form. They all end in `Page.publish`, where the course
tree's pages call `refuse_invalid` first, so nothing invalid goes live whatever the path; the
admin's paths ask `publish_problems` before they start, so that the editor reads the page and
the reason rather than an error.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from wagtail.fields import StreamField


class PublishRefused(Exception):
    """A revision that would publish invalid content."""

    def __init__(self, page, problems: list[str]):
        self.page = page
        self.problems = problems
        super().__init__(describe_refusal(page, problems))


def describe_refusal(page, problems: list[str]) -> str:
    return f"“{page.title}” was not published: {'; '.join(problems)}."


def _messages(error: ValidationError) -> list[str]:
    return [str(message).rstrip(".") for message in error.messages]


def _block_problems(error, value=None, prefix: str = "") -> list[str]:
    """Readable lines for a StreamField's validation error, naming each block by its place
    and type, e.g. "body, block 3 (Callout), text: This field is required"."""
    problems = []
    for key, child in (getattr(error, "block_errors", None) or {}).items():
        if isinstance(key, int):
            label = f"block {key + 1}"
            block_type = getattr(value[key], "block", None) if value is not None else None
            if block_type is not None:
                label += f" ({block_type.label})"
        else:
            label = str(key).replace("_", " ")
        children = child if isinstance(child, list) else [child]
        for item in children:
            problems += _block_problems(item, None, f"{prefix}, {label}")
    non_block = getattr(error, "non_block_errors", None)
    if non_block:
        problems += [f"{prefix}: {message}" for message in _messages(ValidationError(non_block))]
    if not getattr(error, "block_errors", None) and not non_block:
        problems += [f"{prefix}: {message}" for message in _messages(error)]
    return problems


def publish_problems(page) -> list[str]:
    """Why `page` (a page as a revision would publish it) could not be saved from its edit
    form: its fields' and blocks' validation and the model's own rules. Empty if it may go
    live."""
    streams = [field for field in page._meta.concrete_fields if isinstance(field, StreamField)]
    problems = []
    try:
        page.full_clean()
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            if field in {stream.name for stream in streams}:
                continue  # reported block by block below
            name = "" if field == NON_FIELD_ERRORS else f"{field.replace('_', ' ')}: "
            problems += [f"{name}{str(message).rstrip('.')}" for message in messages]
    for field in streams:
        value = getattr(page, field.name)
        try:
            field.stream_block.clean(value)
        except ValidationError as error:
            problems += _block_problems(error, value, field.name.replace("_", " "))
    return problems


def revision_problems(revision) -> list[str]:
    return publish_problems(revision.as_object())


def refuse_invalid(revision) -> None:
    """Raise PublishRefused if `revision` holds content its edit form would refuse."""
    page = revision.as_object()
    problems = publish_problems(page)
    if problems:
        raise PublishRefused(page, problems)


def refusals(pages) -> list[str]:
    """For each page of `pages` whose latest revision could not go live, the page and why:
    what a listing's bulk Publish would publish."""
    found = []
    for page in pages:
        revision = page.get_latest_revision()
        candidate = revision.as_object() if revision else page.specific
        problems = publish_problems(candidate)
        if problems:
            found.append(describe_refusal(candidate, problems))
    return found


def withhold_invalid_schedules(revisions) -> list[str]:
    """Scheduled revisions due to go live whose content could not: their schedule is
    withdrawn (so they are not tried again every minute) and the page and reason returned.
    The page stays as it is; an editor fixes it and schedules it again."""
    withheld = []
    for revision in revisions:
        page = revision.as_object()
        problems = publish_problems(page)
        if problems:
            revision.approved_go_live_at = None
            revision.save(update_fields=["approved_go_live_at"])
            withheld.append(describe_refusal(page, problems))
    return withheld
