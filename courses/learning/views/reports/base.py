"""What every training report shares: the permission, its columns, and exports that match
the screen, stream, and cannot run as spreadsheet formulas.

A report lists rows (plain objects built in bulk from a page of records, never one query per
trainee) through `ReportColumn`s. The same columns draw the table and write the CSV and XLSX
files, so an export has exactly the rows and columns of the screen, unpaginated. Exports read
the records in batches (`.iterator()`), write the CSV as it goes and the XLSX with openpyxl's
write-only workbook to a temporary file: memory stays flat however many rows there are.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column, Table
from wagtail.admin.views.reports import ReportView

from courses.learning.permissions import administers_training
from courses.learning.spreadsheet_cells import neutralise
from courses.learning.views.admin_access import forbidden

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def trainee_admin_url(user_id: int) -> str:
    """Where a trainee's name links to: their training record."""
    return reverse("training_trainee", args=[user_id])


def cell_text(value) -> str:
    """A value as the report shows it on screen and writes it to CSV."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(item) for item in value)
    return str(value)


def csv_value(value) -> str:
    text = cell_text(value)
    return neutralise(text) if isinstance(value, str | list | tuple) else text


def xlsx_value(value):
    """A value as an XLSX cell: numbers and dates as such, text as on screen and inert."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None, second=0, microsecond=0)
    if isinstance(value, bool | str | list | tuple):
        return neutralise(cell_text(value))
    if isinstance(value, int | float | Decimal | datetime.date):
        return value
    return neutralise(cell_text(value))


@dataclass(frozen=True)
class Cell:
    text: str
    url: str | None = None
    lines: list[str] | None = None


@dataclass
class ReportColumn:
    """One column of a report, on screen and in its exports alike. `value(row)` gives the
    raw value (a number, a date, text, or a list of lines); `link(row)`, if given, the URL
    the on-screen cell links to."""

    key: str
    label: str
    value: Callable
    link: Callable | None = None
    sort_key: str | None = None
    is_list: bool = False  # drawn one line per item on screen; joined with "; " in files

    def header(self) -> Column:
        """Wagtail's column, for the header (and its sorting link)."""
        return Column(self.key, label=self.label, sort_key=self.sort_key)

    def cell(self, row) -> Cell:
        value = self.value(row)
        if self.is_list:
            return Cell(cell_text(value), lines=[cell_text(line) for line in value or []])
        return Cell(cell_text(value), url=self.link(row) if self.link else None)


class ReportTable(Table):
    """Wagtail's listing table, its body drawn in one template: a report page can hold
    thousands of cells, too many to render each through a template of its own."""

    template_name = "learning/reports/table.html"

    def __init__(self, columns, data, report_columns, **kwargs):
        super().__init__(columns, data, **kwargs)
        self.report_columns = report_columns

    @cached_property
    def cell_rows(self) -> list[list[Cell]]:
        return [[column.cell(row) for column in self.report_columns] for row in self.data]


class TrainingReportView(ReportView):
    """A report on trainees' records, for training administrators only.

    Subclasses give `report_columns()` and `build_rows(records)`, which turns a batch of the
    filtered queryset's records into rows in a fixed number of queries.
    """

    results_template_name = "learning/reports/results.html"
    paginate_by = 50
    export_batch_size = 500
    header_icon = "table"
    breadcrumbs_items = [
        *ReportView.breadcrumbs_items,
        {"url": "", "label": "Training reports"},
    ]

    def dispatch(self, request, *args, **kwargs):
        # Wagtail's admin turns PermissionDenied into a redirect home; say no plainly.
        if not administers_training(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    # --- columns and rows ---

    def report_columns(self) -> list[ReportColumn]:
        raise NotImplementedError

    def build_rows(self, records: list) -> list:
        raise NotImplementedError

    @cached_property
    def export_columns(self) -> list[ReportColumn]:
        return self.report_columns()

    @cached_property
    def columns(self):
        return [column.header() for column in self.export_columns]

    def get_table(self, object_list):
        return ReportTable(
            self.columns, object_list, self.export_columns, **self.get_table_kwargs()
        )

    @property
    def list_export(self):
        return [column.key for column in self.export_columns]

    def get_filtered_queryset(self):
        return self.get_queryset()  # which filters already (ReportView would filter twice)

    def paginate_queryset(self, queryset, page_size):
        paginator, page, records, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = rows = self.build_rows(list(records))
        return paginator, page, rows, is_paginated

    def export_rows(self, queryset) -> Iterator:
        """Every row of the filtered report, built a batch at a time."""
        batch = []
        for record in queryset.iterator(chunk_size=self.export_batch_size):
            batch.append(record)
            if len(batch) == self.export_batch_size:
                yield from self.build_rows(batch)
                batch = []
        if batch:
            yield from self.build_rows(batch)

    # --- exports ---

    def get(self, request, *args, **kwargs):
        if self.is_export:
            return self.as_spreadsheet(self.get_filtered_queryset(), request.GET["export"])
        return super().get(request, *args, **kwargs)

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate().isoformat()}"

    def headings(self) -> list[str]:
        return [column.label for column in self.export_columns]

    def stream_csv(self, queryset) -> Iterable[str]:
        writer = csv.writer(_Echo())
        yield "\ufeff"  # a byte-order mark, so spreadsheet programs read the file as UTF-8
        yield writer.writerow([neutralise(heading) for heading in self.headings()])
        for row in self.export_rows(queryset):
            yield writer.writerow([csv_value(column.value(row)) for column in self.export_columns])

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(self.stream_csv(queryset), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response

    def write_xlsx(self, queryset, output):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title="Report")
        sheet.append([neutralise(heading) for heading in self.headings()])
        for row in self.export_rows(queryset):
            cells = []
            for column in self.export_columns:
                cell = WriteOnlyCell(sheet, xlsx_value(column.value(row)))
                if cell.data_type == "f":  # never a formula, whatever openpyxl guessed
                    cell.data_type = "s"
                if isinstance(cell.value, datetime.datetime):
                    cell.number_format = "yyyy-mm-dd hh:mm"
                cells.append(cell)
            sheet.append(cells)
        workbook.save(output)

    def write_xlsx_response(self, queryset):
        # On disk, not in memory; the response closes it (and so removes it) once sent.
        output = tempfile.TemporaryFile()  # noqa: SIM115
        try:
            self.write_xlsx(queryset, output)
        except BaseException:
            output.close()
            raise
        output.seek(0)
        return FileResponse(
            output,
            as_attachment=True,
            content_type=XLSX_TYPE,
            filename=f"{self.get_filename()}.xlsx",
        )


class _Echo:
    """A file that hands back what is written to it, for streaming csv.writer's lines."""

    def write(self, value):
        return value
