"""Report exports: the same rows and columns as the screen (CSV and XLSX, parsed back),
streamed, unpaginated, and inert in a spreadsheet; and each report page runs the same number
of queries however many trainees it lists."""

from django.db import connection
from django.http import FileResponse, StreamingHttpResponse
from django.test.utils import CaptureQueriesContext

from courses.learning.models import Cohort, CohortMembership
from courses.learning.services.enrolment import enrol
from courses.learning.spreadsheet_cells import neutralise
from courses.learning.views.reports.base import TrainingReportView
from courses.models import ModulePage
from tests.factories import complete, make_course, make_quiz, make_user
from tests.report_data import ReportTestCase
from tests.report_helpers import (
    REPORTS,
    csv_table,
    record_attempt,
    same_cell,
    screen_table,
    single_choice_stream,
    xlsx_table,
)

FORMULAS = ['=HYPERLINK("http://x","y")', "+1+2", "-3+4", "@SUM(A1)", "=1+1"]


class ExportTests(ReportTestCase):
    def exports(self, report, params):
        screen = screen_table(self.client.get(REPORTS[report], params))
        csv_response = self.client.get(REPORTS[report], {**params, "export": "csv"})
        xlsx_response = self.client.get(REPORTS[report], {**params, "export": "xlsx"})
        self.assertIsInstance(csv_response, StreamingHttpResponse)
        self.assertIsInstance(xlsx_response, FileResponse)
        self.assertEqual(csv_response["Content-Type"], "text/csv")
        self.assertIn("attachment;", xlsx_response["Content-Disposition"])
        return screen, csv_table(csv_response), xlsx_table(xlsx_response)

    def assert_exports_equal_the_screen(self, report, params):
        screen, csv_rows, xlsx_rows = self.exports(report, params)
        self.assertGreater(len(screen), 2, "the data set should give rows")
        self.assertEqual(csv_rows, screen)
        self.assertEqual(len(xlsx_rows), len(screen))
        for screen_row, xlsx_row in zip(screen, xlsx_rows, strict=True):
            self.assertEqual(len(screen_row), len(xlsx_row))
            for text, value in zip(screen_row, xlsx_row, strict=True):
                self.assertTrue(same_cell(text, value), (text, value))

    def test_course_progress_exports_equal_the_screen(self):
        self.assert_exports_equal_the_screen("progress", {"course": self.course.pk})
        self.assert_exports_equal_the_screen(
            "progress", {"course": self.course.pk, "status": "behind"}
        )

    def test_quiz_results_exports_equal_the_screen(self):
        self.assert_exports_equal_the_screen("quiz_results", {})
        self.assert_exports_equal_the_screen("quiz_results", {"status": "counted"})

    def test_item_analysis_exports_equal_the_screen(self):
        self.assert_exports_equal_the_screen("item_analysis", {"quiz": self.quiz1.pk})

    def test_exports_read_in_batches_give_the_same_rows(self):
        TrainingReportView.export_batch_size = 3  # 4 trainees: a full batch and a part
        try:
            self.assert_exports_equal_the_screen("progress", {"course": self.course.pk})
            self.assert_exports_equal_the_screen("quiz_results", {})
        finally:
            TrainingReportView.export_batch_size = 500

    def test_spreadsheet_formulas_are_neutralised_in_both_formats(self):
        cohort = Cohort.objects.create(name="=cmd|' /C calc'!A0", course_id=self.course.pk)
        for index, formula in enumerate(FORMULAS):
            user = make_user(f"formula{index}", full_name=formula)
            enrol(user, self.course)
            CohortMembership.objects.create(cohort=cohort, user=user)
        module = ModulePage.objects.child_of(self.course).first()
        module.title = "=SUM(1,2)"
        module.save_revision().publish()
        params = {"course": self.course.pk, "cohort": cohort.pk}
        screen, csv_rows, xlsx_rows = self.exports("progress", params)
        self.assertIn("=SUM(1,2)", screen[0])  # the screen shows the text as it is
        self.assertIn("'=SUM(1,2)", csv_rows[0])
        self.assertIn("'=SUM(1,2)", xlsx_rows[0])
        names = sorted(row[0] for row in screen[1:])
        self.assertEqual(names, sorted(FORMULAS))
        self.assertEqual(sorted(row[0] for row in csv_rows[1:]), sorted(f"'{f}" for f in FORMULAS))
        self.assertEqual(sorted(row[0] for row in xlsx_rows[1:]), sorted(f"'{f}" for f in FORMULAS))
        cohort_column = screen[0].index("Cohort")
        for rows in (csv_rows[1:], xlsx_rows[1:]):
            self.assertEqual({row[cohort_column] for row in rows}, {"'=cmd|' /C calc'!A0"})

    def test_tabs_and_carriage_returns_are_neutralised_too(self):
        self.assertEqual(neutralise("\t=1"), "'\t=1")
        self.assertEqual(neutralise("\r=1"), "'\r=1")
        self.assertEqual(neutralise("Ada = 1"), "Ada = 1")

    def test_numbers_stay_numbers(self):
        """Negative or not, a figure is a number in the XLSX and unmarked in the CSV."""
        self.assertEqual(neutralise("-0.25"), "'-0.25")  # as text it would be marked...
        _screen, csv_rows, xlsx_rows = self.exports("item_analysis", {"quiz": self.quiz1.pk})
        column = csv_rows[0].index("Discrimination (item–rest correlation)")
        for row in xlsx_rows[1:]:
            self.assertIsInstance(row[column], int | float | type(None))
        for row in csv_rows[1:]:
            self.assertFalse(row[column].startswith("'"))  # ...but figures are not text


class PaginationTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for index in range(56):  # 4 already enrolled: 60 rows, a page of 50 and one of 10
            enrol(make_user(f"many{index:02}", full_name=f"Many {index:02}"), cls.course)

    def test_the_screen_is_paginated_and_the_export_is_not(self):
        params = {"course": self.course.pk}
        first = self.client.get(REPORTS["progress"], params)
        self.assertEqual(len(screen_table(first)) - 1, 50)
        self.assertContains(first, "Page 1 of 2")
        self.assertContains(first, f"?course={self.course.pk}&amp;p=2")  # filters kept
        second = screen_table(self.client.get(REPORTS["progress"], {**params, "p": 2}))
        self.assertEqual(len(second) - 1, 10)
        export = csv_table(self.client.get(REPORTS["progress"], {**params, "export": "csv"}))
        self.assertEqual(len(export) - 1, 60)
        shown = [row[0] for row in screen_table(first)[1:]] + [row[0] for row in second[1:]]
        self.assertEqual([row[0] for row in export[1:]], shown)


class QueryCountTests(ReportTestCase):
    """Each report page, and each export, runs the same queries for 4 trainees or 24."""

    def count(self, url, params) -> int:
        self.client.get(url, params)  # warm: the course outline is then in the cache
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url, params)
            if params.get("export") == "csv":
                b"".join(response.streaming_content)
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def add_trainees(self, count):
        quiz_module = ModulePage.objects.child_of(self.course).first()
        self.assertTrue(quiz_module)
        for index in range(count):
            user = make_user(f"extra{index}", full_name=f"Extra {index}")
            enrol(user, self.course)
            complete(user, self.lessons[: index % 4])
            CohortMembership.objects.create(cohort=self.spring, user=user)
            record_attempt(user, self.quiz1, [1, index % 2, 0])
            record_attempt(user, self.quiz2, [1, 1, index % 2])

    def test_constant_in_the_number_of_trainees(self):
        cases = {
            "progress": {"course": self.course.pk},
            "progress filtered": {"course": self.course.pk, "status": "in_progress"},
            "progress by cohort": {"cohort": self.spring.pk},
            "progress CSV": {"course": self.course.pk, "export": "csv"},
            "quiz_results": {"course": self.course.pk},
            "quiz_results CSV": {"export": "csv"},
            "item_analysis": {"quiz": self.quiz1.pk, "attempts": "all"},
        }
        before = {case: self.count(REPORTS[case.split()[0]], p) for case, p in cases.items()}
        self.add_trainees(20)
        after = {case: self.count(REPORTS[case.split()[0]], p) for case, p in cases.items()}
        self.assertEqual(after, before)


class LargeQuizTests(ReportTestCase):
    def test_a_quiz_with_many_questions_and_attempts_is_analysed(self):
        course = make_course(modules=1, lessons_per_module=1)
        prompts = [f"Question {n}?" for n in range(30)]
        quiz = make_quiz(
            ModulePage.objects.child_of(course).first(), questions=single_choice_stream(prompts)
        )
        for index in range(12):
            record_attempt(
                make_user(f"taker{index}"), quiz, [(index + n) % 3 != 0 for n in range(30)]
            )
        header, *rows = screen_table(self.client.get(REPORTS["item_analysis"], {"quiz": quiz.pk}))
        self.assertEqual(len(rows), 30)
        self.assertEqual({row[header.index("Attempts")] for row in rows}, {"12"})
