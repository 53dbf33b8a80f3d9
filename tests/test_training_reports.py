"""The training reports: who may see them, and the figures they show on the known data set
of tests/report_data.py."""

import datetime
import statistics
from decimal import Decimal

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from courses.learning.models import Cohort, CohortMembership, CourseCompletion, Enrolment
from courses.learning.services.enrolment import enrol
from courses.learning.views.reports.base import trainee_admin_url
from courses.models import ModulePage, QuizPage
from tests.factories import make_course, make_editor, make_quiz, make_user
from tests.report_data import PAST_DUE, TODAY, ReportTestCase
from tests.report_helpers import (
    REPORTS,
    record_attempt,
    screen_table,
    single_choice_stream,
)
from tests.test_item_analysis import ALPHA, DISCRIMINATION, FACILITY, MATRIX


def two_places(value) -> str:
    return str(Decimal(value).quantize(Decimal("0.01")))


class PermissionTests(ReportTestCase):
    def urls(self):
        for url in REPORTS.values():
            yield url
            yield f"{url}results/"
            yield f"{url}?export=csv"
            yield f"{url}?export=xlsx"

    def test_training_administrators_and_superusers_see_every_report(self):
        for user in (self.admin, make_editor()):
            self.client.force_login(user)
            for url in self.urls():
                self.assertEqual(self.client.get(url).status_code, 200, url)

    def test_a_course_author_gets_403_and_no_records(self):
        author = make_user("author")
        author.groups.add(Group.objects.get(name="Editors"))
        self.client.force_login(author)
        for url in self.urls():
            response = self.client.get(url)
            self.assertEqual(response.status_code, 403, url)
            self.assertNotContains(response, "Ada Lovelace", status_code=403)

    def test_a_trainee_gets_403(self):
        self.client.force_login(self.people["ada"])
        for url in self.urls():
            response = self.client.get(url)
            self.assertEqual(response.status_code, 403, url)
            self.assertNotContains(response, "Ben Okri", status_code=403)

    def test_anonymous_visitors_are_sent_to_sign_in(self):
        self.client.logout()
        for url in self.urls():
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertTrue(response["Location"].startswith(reverse("account_login")), url)
            self.assertIn("next=", response["Location"])

    def test_the_reports_menu_lists_them_for_administrators_only(self):
        response = self.client.get("/admin/")
        for url in REPORTS.values():
            self.assertContains(response, url)
        author = make_user("author")
        author.groups.add(Group.objects.get(name="Editors"))
        self.client.force_login(author)
        response = self.client.get("/admin/")
        for url in REPORTS.values():
            self.assertNotContains(response, url)


class CourseProgressTests(ReportTestCase):
    def test_one_row_per_enrolled_trainee_with_module_quiz_and_overall_figures(self):
        header, rows = self.rows_by_trainee("progress", course=self.course.pk)
        self.assertEqual(list(rows), ["Ada Lovelace", "Ben Okri", "Cleo Laine", "Dan Brown"])
        m1, m2 = (module.title for module in ModulePage.objects.child_of(self.course))
        expected = {
            "Ada Lovelace": {
                "Status": "Completed",
                m1: "Complete",
                m2: "Complete",
                "Quiz one: score %": "100.00",  # the highest of 33.33 and 100
                "Quiz one: passed": "Yes",
                "Quiz two: score %": "66.67",  # the latest, not the highest
                "Quiz two: passed": "Yes",
                "Progress %": "100",
                "Behind due date": "",
                "Cohort": "Spring",
            },
            "Ben Okri": {
                "Status": "In progress",
                m1: "2 of 3",
                m2: "Not started",
                "Quiz one: score %": "33.33",  # the voided 100 never counts
                "Quiz one: passed": "No",
                "Quiz two: score %": "",
                "Progress %": "33",
                "Behind due date": f"Spring, due {PAST_DUE.isoformat()}",
            },
            "Cleo Laine": {
                "Status": "Not started",
                m1: "Not started",
                "Progress %": "0",
                "Last activity": "",
                "Behind due date": f"Spring, due {PAST_DUE.isoformat()}",
            },
            "Dan Brown": {
                "Status": "Unenrolled",
                m1: "1 of 3",
                "Behind due date": "",
                "Cohort": "Autumn",
            },
        }
        for trainee, cells in expected.items():
            for heading, value in cells.items():
                self.assertEqual(rows[trainee][heading], value, (trainee, heading))
        completion = CourseCompletion.objects.get(user=self.people["ada"])
        self.assertEqual(
            rows["Ada Lovelace"]["Completed"], completion.completed_at.strftime("%Y-%m-%d %H:%M")
        )
        self.assertEqual(rows["Ben Okri"]["Completed"], "")

    def test_the_trainee_links_to_their_record(self):
        response = self.client.get(REPORTS["progress"], {"course": self.course.pk})
        self.assertContains(response, f'href="{trainee_admin_url(self.people["ada"].pk)}"')

    def test_filters_by_status_cohort_and_dates(self):
        cases = {
            "not_started": ["Cleo Laine"],
            "in_progress": ["Ben Okri"],
            "completed": ["Ada Lovelace"],
            "behind": ["Ben Okri", "Cleo Laine"],
            "unenrolled": ["Dan Brown"],
        }
        for status, names in cases.items():
            _header, rows = self.rows_by_trainee("progress", course=self.course.pk, status=status)
            self.assertEqual(list(rows), names, status)
        _header, rows = self.rows_by_trainee("progress", cohort=self.autumn.pk)
        self.assertEqual(list(rows), ["Dan Brown"])  # the cohort's course, chosen for it
        Enrolment.objects.filter(user=self.people["ben"]).update(
            enrolled_at=timezone.now() - datetime.timedelta(days=40)
        )
        since = (TODAY - datetime.timedelta(days=5)).isoformat()
        _header, rows = self.rows_by_trainee("progress", course=self.course.pk, enrolled_from=since)
        self.assertNotIn("Ben Okri", rows)
        self.assertEqual(len(rows), 3)
        _header, rows = self.rows_by_trainee(
            "progress", course=self.course.pk, completed_from=since
        )
        self.assertEqual(list(rows), ["Ada Lovelace"])

    def test_another_course_shows_its_own_trainees_and_quizzes(self):
        header, rows = self.rows_by_trainee(
            "progress", course=self.other_quiz.get_parent().get_parent().pk
        )
        self.assertEqual(list(rows), ["Eve Arden"])
        self.assertIn("Other quiz: score %", header)
        self.assertEqual(rows["Eve Arden"]["Other quiz: score %"], "100.00")

    def test_bad_filter_values_show_the_report_not_an_error(self):
        for params in (
            {"course": "nope"},
            {"course": "999999"},
            {"status": "<script>"},
            {"enrolled_from": "31/31/2020"},
            {"p": "abc"},
            {"p": "999"},
            {"ordering": "user__password"},
            {"export": "pdf"},
        ):
            response = self.client.get(REPORTS["progress"], params)
            self.assertEqual(response.status_code, 200, params)


class QuizResultsTests(ReportTestCase):
    def attempts(self, **params):
        header, *rows = self.table("quiz_results", **params)
        return [dict(zip(header, row, strict=True)) for row in rows]

    def test_every_submitted_attempt_with_score_result_and_duration(self):
        rows = self.attempts(course=self.course.pk)
        self.assertEqual(len(rows), 6)  # Eve's attempt is in another course
        ada_first = next(
            row
            for row in rows
            if row["Trainee"] == "Ada Lovelace"
            and row["Quiz"] == "Quiz one"
            and row["Attempt"] == "1"
        )
        self.assertEqual(
            {
                k: ada_first[k]
                for k in ["Score", "Out of", "Percent", "Result", "Duration (minutes)"]
            },
            {
                "Score": "1.00",
                "Out of": "3",
                "Percent": "33.33",
                "Result": "Not passed",
                "Duration (minutes)": "10.0",
            },
        )
        voided = [row for row in rows if row["Voided"]]
        self.assertEqual(len(voided), 1)
        self.assertEqual(
            (voided[0]["Trainee"], voided[0]["Result"], voided[0]["Reason for voiding"]),
            ("Ben Okri", "Passed", "Technical fault"),
        )

    def test_filters(self):
        def count(**params):
            return len(self.attempts(**params))

        self.assertEqual(count(), 7)
        self.assertEqual(count(status="voided"), 1)
        self.assertEqual(count(status="counted"), 6)
        self.assertEqual(count(status="passed"), 4)  # Ada's three, Eve's; not Ben's voided
        self.assertEqual(count(status="not_passed"), 2)
        self.assertEqual(count(quiz=self.quiz2.pk), 2)
        self.assertEqual(count(cohort=self.spring.pk), 6)
        since = (TODAY - datetime.timedelta(days=5)).isoformat()
        self.assertEqual(count(course=self.course.pk, submitted_from=since), 5)

    def test_attempts_in_progress_are_not_results(self):
        attempt = record_attempt(self.people["cleo"], self.quiz1, [1, 1, 1])
        attempt.state = attempt.State.IN_PROGRESS
        attempt.save()
        self.assertEqual(len(self.attempts(course=self.course.pk)), 6)


class ItemAnalysisTests(ReportTestCase):
    """Five trainees answer as the hand-worked matrix of tests/test_item_analysis.py."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        course = make_course(title="Item course", modules=1, lessons_per_module=1)
        cls.quiz = make_quiz(
            ModulePage.objects.child_of(course).first(),
            title="Item quiz",
            questions=single_choice_stream(["First?", "Second?", "Third?"]),
        )
        cls.takers = []
        for index, marks in enumerate(MATRIX):
            user = make_user(f"taker{index}", full_name=f"Taker {index}")
            enrol(user, course)
            cls.takers.append(user)
            record_attempt(user, cls.quiz, marks)
        # Later attempts and voided ones are left out by default.
        record_attempt(cls.takers[4], cls.quiz, [1, 1, 1])
        record_attempt(cls.takers[3], cls.quiz, [1, 1, 1], voided=True)

    def test_per_question_figures_match_the_hand_computation(self):
        response = self.client.get(REPORTS["item_analysis"], {"quiz": self.quiz.pk})
        header, *rows = screen_table(response)
        rows = [dict(zip(header, row, strict=True)) for row in rows]
        self.assertEqual([row["Question"] for row in rows], ["First?", "Second?", "Third?"])
        self.assertEqual([row["Attempts"] for row in rows], ["5", "5", "5"])
        self.assertEqual(
            [row["Facility (share of points earned)"] for row in rows],
            [two_places(value) for value in FACILITY],
        )
        self.assertEqual(
            [row["Discrimination (item–rest correlation)"] for row in rows],
            [two_places(value) for value in DISCRIMINATION],
        )
        self.assertEqual(
            rows[2]["Answers chosen"].split("; ")[:2], ["Right (key): 1 (20%)", "Wrong: 4 (80%)"]
        )
        percents = [100, 66.67, 66.67, 33.33, 0]
        self.assertContains(response, f"{two_places(ALPHA)}, over 5 attempts")
        self.assertContains(response, f"{two_places(statistics.fmean(percents))}%")
        self.assertContains(response, f"{two_places(statistics.stdev(percents))} percentage points")

    def test_every_attempt_on_request(self):
        header, *rows = self.table("item_analysis", quiz=self.quiz.pk, attempts="all")
        self.assertEqual([row[header.index("Attempts")] for row in rows], ["6", "6", "6"])

    def test_cohort_and_date_filters_narrow_the_attempts(self):
        cohort = Cohort.objects.create(
            name="Pair", course_id=self.quiz.get_parent().get_parent().pk
        )
        for user in self.takers[:2]:
            CohortMembership.objects.create(cohort=cohort, user=user)
        header, *rows = self.table("item_analysis", quiz=self.quiz.pk, cohort=cohort.pk)
        self.assertEqual([row[header.index("Attempts")] for row in rows], ["2", "2", "2"])
        later = (TODAY + datetime.timedelta(days=1)).isoformat()
        self.assertEqual(self.table("item_analysis", quiz=self.quiz.pk, submitted_from=later), [])

    def test_an_edited_question_is_listed_per_version(self):
        quiz = QuizPage.objects.get(pk=self.quiz.pk)
        quiz.questions.raw_data[1]["value"]["prompt"] = "Second, reworded?"
        quiz.save()
        record_attempt(make_user("late"), QuizPage.objects.get(pk=quiz.pk), [1, 1, 1])
        header, *rows = self.table("item_analysis", quiz=quiz.pk)
        shown = [(row[header.index("Question")], row[header.index("Version")]) for row in rows]
        self.assertEqual(
            shown,
            [
                ("First?", ""),
                ("Second?", "1 of 2"),
                ("Second, reworded?", "2 of 2"),
                ("Third?", ""),
            ],
        )
        self.assertEqual([row[header.index("Attempts")] for row in rows], ["6", "5", "1", "6"])
