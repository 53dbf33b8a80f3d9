"""For the admin's confirmation pages: what an action does to trainees' progress."""

from django import template

from courses.progress_impact import progress_impact as describe_impact

register = template.Library()


@register.simple_tag
def progress_impact(page, action):
    return describe_impact(page, action)
