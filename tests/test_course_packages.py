"""Course packages: a course exported to one file and imported into another site, from the
admin and with management commands (see docs/course-packages.md)."""

import copy
import hashlib
import io
import zipfile

import pytest
import yaml
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.forms.models import model_to_dict
from django.urls import reverse
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from courses.demo.builder import build_course
from courses.demo.certification import earn_certificate, set_up_certification
from courses.demo.content import load_course
from courses.learning.services.completion import complete_lesson
from courses.learning.services.enrolment import enrol
from courses.models import (
    CourseEvaluationPage,
    CourseIndexPage,
    CoursePage,
    EthicsCode,
    LessonPage,
    ModulePage,
    QuizPage,
    Reference,
)
from courses.packages.demo import demo_package
from courses.packages.export import export_course
from courses.packages.format import PackageError
from courses.packages.importer import import_package
from courses.roles import COURSE_AUTHORS, ensure_roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db
SLUG = "pap-anxiety-clinical-foundations"


@pytest.fixture
def course():
    """The flagship course as `setup_demo` builds it (pages, references, images,
    certificate requirements), without the demo accounts."""
    build_course(load_course())
    course = CoursePage.objects.get(slug=SLUG)
    set_up_certification(course)
    return CoursePage.objects.get(pk=course.pk)


# -- a structural dump, written independently of the exporter ------------------------------


def reference_identity(pk):
    reference = Reference.objects.get(pk=pk)
    return reference.doi or f"{reference.title} ({reference.year})"


def image_identity(pk):
    image = get_image_model().objects.get(pk=pk)
    with image.open_file() as handle:
        return hashlib.sha1(handle.read()).hexdigest()  # noqa: S324 - a checksum


def portable(value):
    """Stream data with reference and image ids replaced by what identifies them anywhere."""
    if isinstance(value, list):
        return [portable(item) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("type") == "citation" and isinstance(value.get("value"), dict):
        inner = value["value"]
        return {**value, "value": {**inner, "reference": reference_identity(inner["reference"])}}
    if value.get("type") == "figure" and isinstance(value.get("value"), dict):
        inner = value["value"]
        return {**value, "value": {**inner, "image": image_identity(inner["image"])}}
    result = {}
    for key, inner in value.items():
        if key == "citations":
            result[key] = [{**item, "value": reference_identity(item["value"])} for item in inner]
        else:
            result[key] = portable(inner)
    return result


PAGE_FIELDS = {
    CoursePage: ["summary", "audience", "overview", "ce_hours", "estimated_hours"]
    + ["modules_unlock_in_order", "image_alt", "credit_type", "certificate_valid_months"],
    ModulePage: ["summary", "estimated_minutes"],
    LessonPage: ["summary", "estimated_minutes", "authors", "clinical_reviewer", "last_reviewed"],
    QuizPage: ["intro", "pass_mark", "max_attempts", "attempt_counts", "shuffle_questions"]
    + ["shuffle_choices", "time_limit_minutes", "result_detail", "answers_after_pass_only"],
    CourseEvaluationPage: ["intro", "thank_you"],
}


def structure(course) -> dict:
    """The course as a trainee and an editor know it: its page tree with every field, its
    block data with block ids, quiz questions and choices, references, tags, images."""
    pages = []
    for page in Page.objects.descendant_of(course, inclusive=True).order_by("path").specific():
        entry = {
            "depth": page.depth - course.depth,
            "type": type(page).__name__,
            "slug": page.slug,
            "title": page.title,
            "live": page.live,
            "unpublished_changes": page.has_unpublished_changes,
            **{name: getattr(page, name) for name in PAGE_FIELDS[type(page)]},
        }
        for name in ("learning_objectives", "body", "questions"):
            if hasattr(page, name):
                entry[name] = portable(list(getattr(page, name).raw_data))
        if isinstance(page, LessonPage):
            entry["tags"] = sorted(page.tags.names())
        if isinstance(page, CoursePage):
            entry["image"] = image_identity(page.image_id) if page.image_id else None
            code = page.ethics_code
            entry["ethics_code"] = (code.title, code.version, code.text) if code else None
        if isinstance(page, CourseEvaluationPage):
            entry["questions"] = [
                (q.clean_name, q.label, q.field_type, q.required, q.choices, q.help_text)
                for q in page.form_fields.all()
            ]
        pages.append(entry)
    references = sorted(
        (
            reference.doi,
            reference.title,
            reference.authors,
            reference.year,
            reference.journal,
            reference.volume,
            reference.issue,
            reference.pages,
            reference.url,
            reference.status,
            reference.status_note,
        )
        for reference in Reference.objects.all()
    )
    return {"pages": pages, "references": references}


def empty_the_site():
    """What a fresh site has: no catalogue, course, references, images or codes of ethics."""
    for catalogue in CourseIndexPage.objects.all():
        catalogue.delete()
    Reference.objects.all().delete()
    get_image_model().objects.all().delete()
    EthicsCode.objects.all().delete()


def revisions_and_pages():
    return (
        Revision.objects.count(),
        list(Page.objects.order_by("path").values_list("pk", "path", "latest_revision_id")),
        list(Reference.objects.order_by("pk").values()),
        get_image_model().objects.count(),
    )


# -- export → import -----------------------------------------------------------------------


def test_export_then_import_into_an_empty_site_reproduces_the_course_and_again_changes_nothing(
    course,
):
    before = structure(course)
    assert len(before["pages"]) > 30 and before["references"]
    package = export_course(course)

    empty_the_site()
    assert not CoursePage.objects.exists()
    report = import_package(package, publish=True)

    imported = CoursePage.objects.get(slug=SLUG)
    assert structure(imported) == before
    assert report.count("created") > 30 and report.count("updated") == 0

    # Importing the same package again: the preview and the import find nothing to change,
    # and no page gets a new revision.
    snapshot = revisions_and_pages()
    preview = import_package(package, publish=True, dry_run=True)
    again = import_package(package, publish=True)
    for repeated in (preview, again):
        changed = [c for c in repeated.changes if c.action != "unchanged"]
        assert not repeated.changes_anything and not changed, changed
    assert revisions_and_pages() == snapshot


def test_the_data_files_and_a_package_are_the_same_course(course):
    """The flagship course's data files convert to a package losslessly: importing it into
    an empty site gives exactly the course `setup_demo` builds from them."""
    built = structure(course)
    empty_the_site()
    import_package(demo_package(), publish=True)
    assert structure(CoursePage.objects.get(slug=SLUG)) == built
    # and a package of the database's course imports over it without a change
    assert not import_package(export_course(course_now()), publish=True).changes_anything


def course_now():
    return CoursePage.objects.get(slug=SLUG)


# -- helpers for small courses and edited packages -----------------------------------------


@pytest.fixture
def small_course():
    """A small published course: two modules of two lessons citing a reference, with a
    figure, tags, a module quiz and a final test."""
    from tests.factories import make_course, make_quiz, make_reference, question_stream

    reference = make_reference(title="A careful trial")
    course = make_course(reference=reference, slug="small-course")
    lesson = LessonPage.objects.descendant_of(course).order_by("path").first()
    lesson.tags.add("screening", "consent")
    lesson.save_revision().publish()
    module = ModulePage.objects.child_of(course).order_by("path").first()
    make_quiz(module, slug="module-quiz", questions=question_stream(reference))
    make_quiz(course, slug="final-test", questions=question_stream(reference))
    return CoursePage.objects.get(pk=course.pk)


def rewrite(package: bytes, name: str, change) -> bytes:
    """`package` with the YAML file `name` changed by `change(data)` (in place or returned)."""
    source = zipfile.ZipFile(io.BytesIO(package))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member in source.namelist():
            content = source.read(member)
            if member == name:
                data = yaml.safe_load(content)
                data = change(data) or data
                content = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            target.writestr(member, content)
    return buffer.getvalue()


def without(package: bytes, name: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(package))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for member in source.namelist():
            if member != name:
                target.writestr(member, source.read(member))
    return buffer.getvalue()


def first_lesson(data):
    return data["course"]["children"][0]["children"][0]


def training_records():
    """Every row of every training-record table, as values."""
    return {
        model.__name__: [model_to_dict(row) for row in model.objects.order_by("pk")]
        for model in apps.get_app_config("learning").get_models()
    }


# -- training records ----------------------------------------------------------------------


def test_importing_over_a_course_with_trainees_leaves_every_record_as_it_was(small_course):
    graduate = make_user("graduate", full_name="Ada Graduate")
    enrol(graduate, small_course)
    earn_certificate(graduate, small_course)
    learner = make_user("learner", full_name="Lee Learner")
    enrol(learner, small_course)
    lessons = list(LessonPage.objects.descendant_of(small_course).order_by("path"))
    complete_lesson(learner, lessons[0], lessons[0].step_state(learner))
    records = training_records()
    assert records["Certificate"] and records["QuizAttempt"] and records["LessonCompletion"]
    lesson_ids = [lesson.pk for lesson in lessons]

    def edit(data):
        module = data["course"]["children"][0]
        module["children"][0]["fields"]["title"] = "A retitled first lesson"
        module["children"][0]["fields"]["body"][1]["value"] = "<p>Revised teaching text.</p>"
        removed = module["children"].pop(1)  # a completed lesson, gone from the package
        new = copy.deepcopy(removed)
        new["slug"], new["fields"]["title"] = "a-new-lesson", "A new lesson"
        module["children"].insert(1, new)

    package = rewrite(export_course(small_course), "course.yaml", edit)
    preview = import_package(package, publish=True, dry_run=True)
    report = import_package(package, publish=True)

    assert training_records() == records
    assert preview.counts == report.counts
    assert report.count("created") == 1 and report.count("updated") == 1
    kept = [c.label for c in report.changes if c.action == "kept"]
    assert kept == [f"{lessons[1].title} ({lessons[1].slug})"]
    assert LessonPage.objects.filter(pk__in=lesson_ids).count() == len(lesson_ids)
    assert LessonPage.objects.get(pk=lessons[0].pk).title == "A retitled first lesson"


def test_a_draft_import_keeps_the_published_pages_and_waits_for_review(small_course):
    editor = make_user("importer", is_superuser=True, is_staff=True)
    lesson = LessonPage.objects.descendant_of(small_course).order_by("path").first()

    def edit(data):
        first_lesson(data)["fields"]["title"] = "Retitled, awaiting review"

    report = import_package(rewrite(export_course(small_course), "course.yaml", edit), user=editor)
    assert report.count("updated") == 1
    lesson = LessonPage.objects.get(pk=lesson.pk)
    assert lesson.live and lesson.title != "Retitled, awaiting review"
    assert lesson.has_unpublished_changes
    assert lesson.get_latest_revision().user == editor
    assert lesson.get_latest_revision_as_object().title == "Retitled, awaiting review"


# -- refusing what cannot be imported ------------------------------------------------------


def unknown_block(data):
    first_lesson(data)["fields"]["body"][1]["type"] = "foo"


def missing_reference(data):
    first_lesson(data)["fields"]["body"][2]["value"]["reference"] = "nope-2020"


def unknown_field(data):
    data["course"]["fields"]["colour"] = "blue"


def lesson_under_course(data):
    data["course"]["children"].append(copy.deepcopy(first_lesson(data)))


def over_long_heading(data):
    data["course"]["children"][-2]["children"][-1]["fields"]["body"][0]["value"]["text"] = "x" * 400


def bad_version(data):
    data["version"] = 99


def bad_doi(data):
    data[0]["fields"]["doi"] = "doi.org"


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "course.yaml",
            unknown_block,
            "course.yaml: course.children[0].children[0].fields.body[1]: unknown block type 'foo'",
        ),
        (
            "course.yaml",
            missing_reference,
            "course.yaml: course.children[0].children[0].fields.body[2].reference: "
            "no reference with key 'nope-2020' in references.yaml",
        ),
        ("course.yaml", unknown_field, "course.yaml: course.fields: unknown field(s) colour"),
        (
            "course.yaml",
            lesson_under_course,
            "course.yaml: course.children[3].type: a lesson page cannot be here",
        ),
        (
            "course.yaml",
            over_long_heading,
            "course.yaml: course.children[1].children[1].fields.body[0].text:",
        ),
        (
            "manifest.yaml",
            bad_version,
            "manifest.yaml: version: format version 99 is not supported",
        ),
        ("references.yaml", bad_doi, "references.yaml: [0].fields.doi: 'doi.org' is not a DOI"),
    ],
)
def test_a_malformed_package_is_refused_with_the_place_named(small_course, name, change, message):
    package = rewrite(export_course(small_course), name, change)
    empty_the_site()
    with pytest.raises(PackageError) as refused:
        import_package(package, publish=True)
    assert message in str(refused.value)
    assert not Page.objects.type(CoursePage, CourseIndexPage).exists()
    assert not Reference.objects.exists()


@pytest.mark.parametrize(
    ("package", "message"),
    [
        (b"PK\x03\x04 certainly not a zip", "not a zip archive"),
        (b"", "not a zip archive"),
        ("no-manifest", "not a course package: manifest.yaml is missing"),
        ("no-course", "course.yaml: missing from the package"),
    ],
)
def test_a_file_that_is_not_a_package_is_refused(small_course, package, message):
    exported = export_course(small_course)
    if package == "no-manifest":
        package = without(exported, "manifest.yaml")
    elif package == "no-course":
        package = without(exported, "course.yaml")
    with pytest.raises(PackageError, match=message):
        import_package(package)


# -- management commands -------------------------------------------------------------------


def test_the_commands_export_preview_and_import(small_course, tmp_path):
    target = tmp_path / "course.zip"
    out = io.StringIO()
    call_command("export_course", "small-course", str(target), stdout=out)
    assert "Wrote" in out.getvalue() and zipfile.is_zipfile(target)
    empty_the_site()

    out = io.StringIO()
    call_command("import_course", str(target), "--dry-run", stdout=out)
    assert "Would import “Course" in out.getvalue() and "Preview:" in out.getvalue()
    assert not CoursePage.objects.exists()

    out = io.StringIO()
    call_command("import_course", str(target), "--publish", stdout=out)
    course = CoursePage.objects.get(slug="small-course")
    assert course.live and LessonPage.objects.descendant_of(course).live().count() == 4
    assert "0 updated" in out.getvalue()

    with pytest.raises(CommandError, match="No course has the slug"):
        call_command("export_course", "no-such-course", str(target))
    target.write_bytes(rewrite(target.read_bytes(), "course.yaml", unknown_block))
    with pytest.raises(CommandError, match=r"body\[1\]: unknown block type 'foo'"):
        call_command("import_course", str(target))


# -- the admin page ------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, tmp_path, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "course_packages": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "uploads"},
        },
    }
    admin = make_user("siteadmin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    return client


def upload(client, content: bytes, name="course.zip"):
    return client.post(
        reverse("course_packages"), {"package": io_file(content, name)}, follow=False
    )


def io_file(content, name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/zip")


def test_only_site_administrators_may_use_course_packages(client, small_course):
    ensure_roles(small_course.get_parent())
    author = make_user("author")
    author.groups.add(Group.objects.get(name=COURSE_AUTHORS))
    client.force_login(author)
    assert client.get(reverse("course_packages")).status_code == 403
    download = reverse("course_package_export", args=[small_course.pk])
    assert client.get(download).status_code == 403
    assert upload(client, export_course(small_course)).status_code == 403
    assert client.post(reverse("course_package_import"), {"token": "x"}).status_code == 403
    assert "Course packages" not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_administrator_downloads_a_course_package(admin_client, small_course):
    page = admin_client.get(reverse("course_packages"))
    assert page.status_code == 200 and small_course.title in page.content.decode()
    assert "Course packages" in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    response = admin_client.get(reverse("course_package_export", args=[small_course.pk]))
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    package = b"".join(response.streaming_content) if response.streaming else response.content
    assert not import_package(package, dry_run=True).changes_anything


def test_an_administrator_previews_then_confirms_an_import(admin_client, small_course):
    def add_lesson(data):
        module = data["course"]["children"][0]
        new = copy.deepcopy(module["children"][0])
        new["slug"], new["fields"]["title"] = "uploaded-lesson", "An uploaded lesson"
        module["children"].append(new)

    package = rewrite(export_course(small_course), "course.yaml", add_lesson)
    preview = upload(admin_client, package)
    text = preview.content.decode()
    assert preview.status_code == 200
    assert "1 to create" in text and "An uploaded lesson (uploaded-lesson)" in text
    assert not LessonPage.objects.filter(slug="uploaded-lesson").exists()

    token = admin_client.session["course-package-upload"]
    done = admin_client.post(reverse("course_package_import"), {"token": token})
    assert done.status_code == 200 and "saved as drafts" in done.content.decode()
    lesson = LessonPage.objects.get(slug="uploaded-lesson")
    assert not lesson.live and lesson.get_latest_revision().user.username == "siteadmin"

    # the upload is used once: confirming again is refused, nothing more happens
    again = admin_client.post(reverse("course_package_import"), {"token": token})
    assert again.status_code == 302
    assert LessonPage.objects.filter(slug="uploaded-lesson").count() == 1


def test_an_administrator_may_publish_an_import_at_once(admin_client, small_course):
    def retitle(data):
        first_lesson(data)["fields"]["title"] = "Published straight away"

    upload(admin_client, rewrite(export_course(small_course), "course.yaml", retitle))
    token = admin_client.session["course-package-upload"]
    admin_client.post(reverse("course_package_import"), {"token": token, "publish": "on"})
    lesson = LessonPage.objects.descendant_of(small_course).order_by("path").first()
    assert lesson.live and lesson.title == "Published straight away"
    assert not lesson.has_unpublished_changes


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage" * 100, b"PK\x03\x04\x14\x00 broken zip", "version"],
)
def test_a_bad_upload_is_refused_with_a_message_not_an_error(admin_client, small_course, content):
    if content == "version":
        content = rewrite(export_course(small_course), "manifest.yaml", bad_version)
    response = upload(admin_client, content)
    assert response.status_code == 400
    text = response.content.decode()
    assert "cannot be imported" in text or "The submitted file is empty" in text
    assert "course-package-upload" not in admin_client.session


def test_an_upload_without_a_file_or_a_forged_token_is_refused(admin_client, small_course):
    assert admin_client.post(reverse("course_packages"), {}).status_code == 400
    response = admin_client.post(reverse("course_package_import"), {"token": "../../etc"})
    assert response.status_code == 302


def test_a_lesson_moved_to_another_module_keeps_its_page_and_records(small_course):
    learner = make_user("learner", full_name="Lee Learner")
    enrol(learner, small_course)
    lesson = LessonPage.objects.descendant_of(small_course).order_by("path").first()
    complete_lesson(learner, lesson, lesson.step_state(learner))
    records = training_records()

    def move(data):
        modules = data["course"]["children"]
        modules[1]["children"].append(modules[0]["children"].pop(0))

    report = import_package(rewrite(export_course(small_course), "course.yaml", move), publish=True)

    moved = LessonPage.objects.get(pk=lesson.pk)
    second_module = ModulePage.objects.child_of(small_course).order_by("path")[1]
    assert moved.get_parent().pk == second_module.pk
    assert [c.label for c in report.changes if c.action == "moved"] == [
        f"{lesson.title} ({lesson.slug})"
    ]
    assert training_records() == records
    assert not import_package(export_course(small_course), publish=True).changes_anything


def test_links_between_pages_follow_the_pages_to_the_new_site(small_course):
    from tests.factories import home_page

    lessons = list(LessonPage.objects.descendant_of(small_course).order_by("path"))
    first, last = lessons[0], lessons[-1]
    home = home_page()
    text = (
        f'<p>See <a linktype="page" id="{last.pk}">the last lesson</a>, '
        f'<a linktype="page" id="{small_course.pk}">the course</a> and '
        f'<a linktype="page" id="{home.pk}">the home page</a>.</p>'
    )
    first.body = [{"type": "text", "value": text, "id": "linked-text"}]
    first.save_revision().publish()
    package = export_course(small_course)
    assert f'id="@{last.get_parent().slug}/{last.slug}"' in package_text(package)

    empty_the_site()
    import_package(package, publish=True)

    course = CoursePage.objects.get(slug="small-course")
    lessons = list(LessonPage.objects.descendant_of(course).order_by("path"))
    html = lessons[0].body.raw_data[0]["value"]
    assert f'<a linktype="page" id="{lessons[-1].pk}">the last lesson</a>' in html
    assert f'id="{course.pk}">the course</a>' in html
    assert f'id="{home.pk}">the home page</a>' in html
    assert not import_package(package, publish=True).changes_anything

    def numeric_link(data):
        first_lesson(data)["fields"]["body"][0]["value"] = text

    with pytest.raises(PackageError, match=r"body\[0\]: a link to page id \d+: ids mean"):
        import_package(rewrite(package, "course.yaml", numeric_link))


def package_text(package: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(package)).read("course.yaml").decode()


def test_an_older_package_never_undoes_a_retraction_known_here(small_course):
    package = export_course(small_course)
    reference = Reference.objects.get(title="A careful trial")
    reference.status, reference.status_note = "retracted", "Retracted for data problems."
    reference.save()

    report = import_package(package, publish=True)

    reference = Reference.objects.get(pk=reference.pk)
    assert reference.status == "retracted" and reference.status_note
    [change] = [c for c in report.changes if c.kind == "reference"]
    assert change.action == "unchanged" and change.note == "kept as retracted on this site"
