"""Authors see the item-writing check when they save a quiz in the admin; the save always
goes through."""

from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from courses.item_review import review_course
from courses.models import ModulePage, QuizPage
from tests.factories import choice, make_course, make_quiz, make_reference

EXPLANATION = (
    "Lithium taken together with a classic psychedelic has been linked to seizures, so the "
    "study physician must know about it at once."
)
LONG_KEY = "Seizures, which case reports of the combination describe, so the physician must know"


def list_items(*values):
    items = {
        str(i): {"value": value, "deleted": "", "order": str(i), "id": ""}
        for i, value in enumerate(values)
    }
    return {"count": str(len(values)), **items}


def question(prompt, key, *others, explanation=EXPLANATION, citations=()):
    return {
        "prompt": prompt,
        "choices": list_items(
            {"text": key, "correct": "on", "feedback": ""},
            *({"text": text, "correct": "", "feedback": ""} for text in others),
        ),
        "explanation": explanation,
        "points": "1",
        "tags": list_items("screening"),
        "citations": list_items(*citations),
    }


def quiz_form(title, slug, *questions, **fields):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "intro": "",
            "pass_mark": "75",
            "max_attempts": "3",
            "attempt_counts": "highest",
            "shuffle_questions": "on",
            "shuffle_choices": "on",
            "time_limit_minutes": "",
            "result_detail": "full",
            "questions": streamfield([("single_choice", q) for q in questions]),
            "comments": inline_formset([]),
            **fields,
        }
    )


def clean_question(prompt="Which concern about lithium matters most for the team?"):
    return question(
        prompt,
        "Seizures when it is taken with a psychedelic",
        "A blunted response that calls for more drug",
        "A blood level check needed after the session",
    )


def long_key_question():
    return question(
        "Which concern about lithium matters most for the team?",
        LONG_KEY,
        "A blunted response to the drug",
        "A blood level check afterwards",
    )


def warnings_shown(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


class EditorWarningTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.course = make_course(modules=2, lessons_per_module=1)
        cls.module, cls.other_module = ModulePage.objects.child_of(cls.course).order_by("path")
        cls.quiz = make_quiz(cls.module, title="Module 1 quiz", questions=[])

    def setUp(self):
        self.login()
        self.edit_url = reverse("wagtailadmin_pages:edit", args=[self.quiz.pk])

    def save(self, *questions, **fields):
        data = quiz_form(self.quiz.title, self.quiz.slug, *questions, **fields)
        return self.client.post(self.edit_url, data, follow=True)

    def test_saving_a_quiz_whose_key_is_the_longest_option_warns_and_saves(self):
        response = self.save(long_key_question())
        self.assertEqual(response.status_code, 200)
        self.assertRedirects(response, self.edit_url)
        [warning] = warnings_shown(response)
        self.assertIn("The item-writing check found 1 thing to look at in “Module 1 quiz”", warning)
        self.assertIn("The quiz was saved", warning)
        self.assertIn(
            "Question 1 (“Which concern about lithium matters most for the team?”): the "
            f"correct answer is the longest option ({len(LONG_KEY)} characters",
            warning,
        )
        self.assertContains(response, "the correct answer is the longest option")
        saved = QuizPage.objects.get(pk=self.quiz.pk).get_latest_revision_as_object()
        choices = saved.questions[0].value["choices"]
        self.assertEqual(choices[0]["text"], LONG_KEY)

    def test_publishing_a_flawed_quiz_publishes_it_and_warns(self):
        response = self.save(
            clean_question(),
            question(
                "In a 2016 trial, what was the placebo?",
                "Niacin, a vitamin",
                "Saline solution",
                "No placebo at all",
                explanation="Niacin.",
            ),
            **{"action-publish": "publish"},
        )
        self.assertEqual(response.status_code, 200)
        quiz = QuizPage.objects.get(pk=self.quiz.pk)
        self.assertTrue(quiz.live)
        self.assertFalse(quiz.has_unpublished_changes)
        self.assertEqual(len(quiz.questions), 2)
        [warning] = warnings_shown(response)
        self.assertIn("found 3 things to look at", warning)
        self.assertIn("says “all”", warning)
        self.assertIn("its explanation has 1 word", warning)
        self.assertIn("it mentions “2016”, so it rests on research, but cites no source", warning)

    def test_a_clean_quiz_saves_without_a_warning(self):
        reference = make_reference()
        cited = question(
            "In a 2016 trial, what was the placebo?",
            "Niacin, a vitamin that flushes",
            "Saline given by injection",
            "A very low dose of the same drug",
            citations=[reference.pk],
        )
        response = self.save(clean_question(), cited)
        self.assertRedirects(response, self.edit_url)
        self.assertEqual(warnings_shown(response), [])

    def test_a_question_repeated_from_another_quiz_of_the_course_is_named(self):
        make_quiz(
            self.course,
            title="Final test",
            questions=[
                (
                    "single_choice",
                    {
                        "prompt": "Which concern about lithium matters most for the team?",
                        "choices": [choice("Seizures", True), choice("Mood")],
                        "explanation": EXPLANATION,
                        "points": 1,
                        "tags": ["screening"],
                        "citations": [],
                    },
                )
            ],
        )
        [warning] = warnings_shown(self.save(clean_question()))
        self.assertIn("it asks nearly the same question as question 1 in Final test", warning)

    def test_an_author_creating_a_quiz_sees_the_check_too(self):
        url = reverse("wagtailadmin_pages:add", args=["courses", "quizpage", self.other_module.pk])
        data = quiz_form("Module 2 quiz", "module-2-quiz", long_key_question())
        response = self.client.post(url, data, follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertTrue(QuizPage.objects.filter(slug="module-2-quiz").exists())
        [warning] = warnings_shown(response)
        self.assertIn("in “Module 2 quiz”", warning)
        self.assertIn("the correct answer is the longest option", warning)

    def test_an_autosave_gets_no_warning_and_the_next_save_shows_it(self):
        data = quiz_form(self.quiz.title, self.quiz.slug, long_key_question())
        autosave = self.client.post(self.edit_url, data, HTTP_ACCEPT="application/json")
        self.assertEqual(autosave.status_code, 200)
        self.assertTrue(autosave.json()["success"])
        self.assertEqual(warnings_shown(autosave), [])
        self.assertEqual(len(warnings_shown(self.save(long_key_question()))), 1)


class CourseReviewTests(WagtailPageTestCase):
    def test_a_course_is_reviewed_as_its_quizzes_were_last_saved(self):
        course = make_course(modules=1, lessons_per_module=1)
        module = ModulePage.objects.child_of(course).get()
        quiz = make_quiz(module, title="Module 1 quiz")
        quiz.save_revision().publish()
        before = {w.rule.value for w in review_course(course).warnings}
        self.assertIn("true-false", before)

        draft = quiz.get_latest_revision_as_object()
        draft.questions = [("single_choice", {**long_key_value(), "points": 1})]
        draft.save_revision()
        review = review_course(course)
        self.assertEqual([w.rule.value for w in review.warnings], ["key-longest"])
        self.assertEqual(review.summary.items_per_quiz, [("Module 1 quiz", 1)])


def long_key_value():
    return {
        "prompt": "Which concern about lithium matters most for the team?",
        "choices": [choice(LONG_KEY, True), choice("A blunted response"), choice("A blood test")],
        "explanation": EXPLANATION,
        "tags": ["screening"],
        "citations": [],
    }
