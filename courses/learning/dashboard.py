"""The training panel on the Wagtail admin's dashboard, for those who administer training:
enrolments and course completions over the last 30 days as a small bar chart (an inline SVG
drawn here on the server, with the same figures in a table for screen readers), and the
cohorts with trainees behind their due date."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone
from wagtail.admin.ui.components import Component

from courses.learning.activity import Day, daily_activity
from courses.learning.cohorts import cohorts_with_counts
from courses.learning.models import Cohort

DAYS = 30
# The chart's drawing area, in SVG units.
WIDTH, HEIGHT, BAR_AREA = 600, 150, 120
GAP = 2


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    kind: str  # "enrolments" or "completions"
    label: str


def bars(days: list[Day]) -> tuple[list[Bar], int]:
    """Two bars per day (enrolments, completions), scaled to the busiest day; and that
    day's count, for the axis."""
    top = max([1, *(max(day.enrolments, day.completions) for day in days)])
    slot = WIDTH / max(1, len(days))
    width = (slot - 3 * GAP) / 2
    drawn = []
    for index, day in enumerate(days):
        for offset, (kind, value) in enumerate(
            (("enrolments", day.enrolments), ("completions", day.completions))
        ):
            height = BAR_AREA * value / top
            drawn.append(
                Bar(
                    x=round(index * slot + GAP + offset * (width + GAP), 2),
                    y=round(BAR_AREA - height, 2),
                    width=round(width, 2),
                    height=round(height, 2),
                    value=value,
                    kind=kind,
                    label=f"{day.day:%d %b}: {value} {kind if value != 1 else kind[:-1]}",
                )
            )
    return drawn, top


class TrainingPanel(Component):
    name = "training"
    template_name = "learning/admin/dashboard_panel.html"
    order = 90  # above Wagtail's own panels

    class Media:
        css = {"all": ["learning/training-admin.css"]}

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        days = daily_activity(today, DAYS)
        drawn, top = bars(days)
        behind = [
            cohort
            for cohort in cohorts_with_counts(
                Cohort.objects.filter(due_on__lt=today), today
            ).order_by("due_on", "name")
            if cohort.behind_count
        ]
        return {
            "days": days,
            "bars": drawn,
            "top": top,
            "width": WIDTH,
            "height": HEIGHT,
            "bar_area": BAR_AREA,
            "first_day": days[0].day,
            "last_day": days[-1].day,
            "enrolments": sum(day.enrolments for day in days),
            "completions": sum(day.completions for day in days),
            "behind": behind,
            "request": parent_context.get("request"),
        }
