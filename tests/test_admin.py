"""Authors build courses in the Wagtail admin: create, edit and publish each page type."""

from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from courses.models import CoursePage, LessonPage, ModulePage, QuizPage, Reference
from tests.factories import course_index, make_course, make_quiz, make_reference


def list_items(*values):
    """ListBlock form data."""
    items = {
        str(i): {"value": value, "deleted": "", "order": str(i), "id": ""}
        for i, value in enumerate(values)
    }
    return {"count": str(len(values)), **items}


def objectives(*texts):
    return streamfield([("objective", text) for text in texts])


class AuthoringTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.reference = make_reference(title="A careful pilot study")
        cls.course = make_course(modules=1, lessons_per_module=1)
        cls.module = ModulePage.objects.child_of(cls.course).get()

    def setUp(self):
        self.login()

    def test_author_creates_and_publishes_a_lesson_with_every_text_block(self):
        body = streamfield(
            [
                ("heading", {"text": "Before the session", "level": "h2"}),
                ("text", rich_text("<p>Preparation builds trust.</p>")),
                (
                    "callout",
                    {"kind": "safety", "title": "Stop rule", "text": rich_text("<p>Pause.</p>")},
                ),
                ("key_points", {"title": "Key points", "points": list_items("Go slowly.")}),
                ("reflection", {"prompt": "What would you ask?", "guidance": ""}),
                ("citation", {"reference": self.reference.pk, "locator": "p. 2"}),
                ("quote", {"text": "A careful pilot study", "attribution": "Title"}),
            ]
        )
        data = nested_form_data(
            {
                "title": "Preparing the participant",
                "slug": "preparing-the-participant",
                "summary": "How preparation sessions work.",
                "estimated_minutes": 15,
                "body": body,
                "tags": "preparation, screening",
                "action-publish": "publish",
            }
        )
        self.assertCanCreate(self.module, LessonPage, data)
        lesson = LessonPage.objects.get(slug="preparing-the-participant")
        self.assertTrue(lesson.live)
        self.assertEqual(sorted(lesson.tags.names()), ["preparation", "screening"])
        response = self.client.get(lesson.url)
        self.assertContains(response, "Before the session")
        self.assertContains(response, "A careful pilot study")

    def test_author_creates_a_course_with_objectives(self):
        data = nested_form_data(
            {
                "title": "Integration skills",
                "slug": "integration-skills",
                "summary": "Integration after dosing sessions.",
                "audience": "Therapists.",
                "overview": rich_text("<p>An overview.</p>"),
                "learning_objectives": objectives("Describe integration."),
                "ce_hours": "1.5",
                "estimated_hours": "2",
                "image_alt": "",
                "action-publish": "publish",
            }
        )
        self.assertCanCreate(course_index(), CoursePage, data)
        course = CoursePage.objects.get(slug="integration-skills")
        self.assertEqual([b.value for b in course.learning_objectives], ["Describe integration."])

    def test_course_module_and_lesson_preview_in_the_admin(self):
        lesson = LessonPage.objects.child_of(self.module).get()
        common = {"summary": "Summary.", "learning_objectives": objectives("Explain it.")}
        forms = {
            self.course: {
                **common,
                "audience": "Therapists.",
                "overview": rich_text("<p>Overview.</p>"),
                "ce_hours": "1",
                "estimated_hours": "1",
                "image_alt": "",
            },
            self.module: {**common, "estimated_minutes": "20"},
            lesson: {
                "summary": "Summary.",
                "estimated_minutes": "5",
                "tags": "",
                "body": streamfield([("text", rich_text("<p>Preview me.</p>"))]),
            },
        }
        for page, fields in forms.items():
            with self.subTest(page=page.title):
                data = nested_form_data({"title": page.title, "slug": page.slug, **fields})
                self.assertPageIsPreviewable(page, post_data=data)

    def test_edit_views_load_for_every_page_type(self):
        lesson = LessonPage.objects.child_of(self.module).get()
        for page in (course_index(), self.course, self.module, lesson):
            with self.subTest(page=page.title):
                response = self.client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
                self.assertEqual(response.status_code, 200)

    def test_reference_snippets_are_listed_searchable_and_editable(self):
        listing = self.client.get(reverse("wagtailsnippets_courses_reference:list"))
        self.assertContains(listing, "A careful pilot study")
        found = self.client.get(reverse("wagtailsnippets_courses_reference:list"), {"q": "careful"})
        self.assertContains(found, "A careful pilot study")
        edit_url = reverse("wagtailsnippets_courses_reference:edit", args=[self.reference.pk])
        self.assertEqual(self.client.get(edit_url).status_code, 200)

    def test_author_marks_a_reference_retracted(self):
        edit_url = reverse("wagtailsnippets_courses_reference:edit", args=[self.reference.pk])
        response = self.client.post(
            edit_url,
            {
                "authors": self.reference.authors,
                "year": 2020,
                "title": self.reference.title,
                "journal": "J Test Med",
                "volume": "",
                "issue": "",
                "pages": "",
                "doi": self.reference.doi,
                "url": "",
                "status": "retracted",
                "status_note": "Retracted by the journal.",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.reference.refresh_from_db()
        self.assertEqual(self.reference.status, Reference.Status.RETRACTED)


def quiz_form(**fields):
    question = {
        "prompt": "Which receptor matters most?",
        "choices": list_items(
            {"text": "5-HT2A", "correct": "on", "feedback": ""},
            {"text": "D2", "correct": "", "feedback": "Not dopamine."},
        ),
        "explanation": "Ketanserin blocks the effects.",
        "points": "1",
        "tags": list_items("pharmacology"),
        "citations": list_items(),
    }
    ordering = {
        "prompt": "Order the phases.",
        "steps": list_items("Preparation", "Dosing", "Integration"),
        "explanation": "In that order.",
        "points": "1",
        "tags": list_items(),
        "citations": list_items(),
    }
    return nested_form_data(
        {
            "title": "Module quiz",
            "slug": "module-quiz",
            "intro": "Five questions.",
            "pass_mark": "75",
            "max_attempts": "3",
            "attempt_counts": "highest",
            "shuffle_questions": "on",
            "shuffle_choices": "on",
            "time_limit_minutes": "",
            "result_detail": "full",
            "questions": streamfield([("single_choice", question), ("ordering", ordering)]),
            **fields,
        }
    )


class QuizAuthoringTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = make_course(modules=1, lessons_per_module=1)
        cls.module = ModulePage.objects.child_of(cls.course).get()

    def setUp(self):
        self.editor = self.login()

    def test_author_builds_a_module_quiz_in_the_admin(self):
        self.assertCanCreate(self.module, QuizPage, quiz_form(**{"action-publish": "publish"}))
        quiz = QuizPage.objects.get(slug="module-quiz")
        self.assertEqual(
            [block.block_type for block in quiz.questions], ["single_choice", "ordering"]
        )

    def test_a_single_choice_question_needs_exactly_one_correct_answer(self):
        data = quiz_form()
        data["questions-0-value-choices-1-value-correct"] = "on"
        response = self.client.post(
            reverse("wagtailadmin_pages:add", args=["courses", "quizpage", self.module.pk]), data
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Tick exactly one correct choice.")
        self.assertFalse(QuizPage.objects.exists())

    def test_author_previews_the_quiz_and_a_result(self):
        quiz = make_quiz(self.module)
        self.assertPageIsPreviewable(quiz, mode="", post_data=quiz_form(slug=quiz.slug))
        self.assertPageIsPreviewable(quiz, mode="result", post_data=quiz_form(slug=quiz.slug))
        self.client.force_login(self.editor)  # the assertions above sign out when done
        url = reverse("wagtailadmin_pages:preview_on_edit", args=[quiz.pk])
        self.client.post(url, quiz_form(slug=quiz.slug))
        result = self.client.get(url, {"mode": "result"})
        self.assertContains(result, "Passed: 100%")
        self.assertContains(result, "(correct answer)")

    def test_a_course_takes_one_final_test(self):
        make_quiz(self.course)
        self.assertFalse(QuizPage.can_create_at(self.course))
