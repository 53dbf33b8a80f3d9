"""The flagship course's data files as a course package.

The data files (`courses/demo_content/`) are written for people: markdown, reference keys,
image paths. `courses.demo.content` reads them into specs that hold exactly what the pages
store, with reference keys and image paths in place of ids: the package's own form. This
module writes those specs, with the certificate requirements of `certification.yaml`, as a
package. Importing it gives the same course as `setup_demo` builds (a test compares them).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from django.utils import timezone

from courses.demo import certification
from courses.demo.content import CONTENT_DIR, load_course
from courses.packages.format import (
    FORMAT_NAME,
    FORMAT_VERSION,
    IMAGE_DIR,
    PackageError,
    write_package,
)


def _plain(values: dict) -> dict:
    return {
        name: str(value) if hasattr(value, "as_tuple") else value for name, value in values.items()
    }


def demo_package(content_dir: Path = CONTENT_DIR) -> bytes:
    """The package of the course in `content_dir`, as the bytes of a zip file."""
    spec = load_course(content_dir)
    data = certification.load()
    files, images = {}, []
    for key, image in spec.images.items():
        if not key.startswith(IMAGE_DIR):
            raise PackageError(f"image {key!r}: the data files keep images under {IMAGE_DIR}")
        files[key] = image.path.read_bytes()
        images.append({"key": key, "title": image.title})
    modules = []
    for module in spec.modules:
        children = [
            {
                "type": "lesson",
                "slug": lesson.slug,
                "fields": {**lesson.fields, "body": lesson.body},
                "tags": lesson.tags,
            }
            for lesson in module.lessons
        ]
        quiz = spec.quizzes.get(module.slug)
        if quiz is not None:
            children.append({"type": "quiz", "slug": quiz.slug, "fields": quiz.fields})
        modules.append(
            {"type": "module", "slug": module.slug, "fields": module.fields, "children": children}
        )
    if spec.final_test is not None:
        modules.append(
            {"type": "quiz", "slug": spec.final_test.slug, "fields": spec.final_test.fields}
        )
    code = data["ethics_code"]
    objectives = SimpleNamespace(
        learning_objectives=[
            SimpleNamespace(value=item["value"]) for item in spec.fields["learning_objectives"]
        ]
    )
    evaluation = certification.evaluation_page(objectives, data["evaluation"])
    modules.append(
        {
            "type": "evaluation",
            "slug": evaluation.slug,
            "fields": {
                "title": evaluation.title,
                "intro": evaluation.intro,
                "thank_you": evaluation.thank_you,
            },
            "form_fields": [
                {
                    "clean_name": question.get_field_clean_name(),
                    "label": question.label,
                    "field_type": question.field_type,
                    "required": question.required,
                    "choices": question.choices,
                    "default_value": question.default_value,
                    "help_text": question.help_text,
                }
                for question in evaluation.form_fields.all()
            ],
        }
    )
    course_fields = {
        **_plain(spec.fields),
        "image": spec.image_key,
        "credit_type": data["credit_type"],
        "ethics_code": {"title": code["title"], "version": code["version"], "text": code["text"]},
        "certificate_valid_months": data["valid_for_months"],
    }
    course = {
        "course": {
            "type": "course",
            "slug": spec.slug,
            "fields": course_fields,
            "children": modules,
        },
        "images": images,
    }
    references = [{"key": ref.key, "fields": ref.fields} for ref in spec.references]
    manifest = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "course": {"slug": spec.slug, "title": spec.fields["title"]},
        "source_site": "courses/demo_content",
        "source_site_name": "The flagship course's data files",
        "exported_at": timezone.now().replace(microsecond=0).isoformat(),
    }
    return write_package(manifest, course, references, files)
