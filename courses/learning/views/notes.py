"""A trainee's private notes under reflection prompts: saving one (POST, from the lesson, with
or without JavaScript) and reading all of one's own (My notes, and a plain-text download).

Every view reads and writes only the signed-in user's own notes: there is no address of a
note that another person could open.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from courses.learning.notes import notes_of
from courses.learning.services.completion import StepUnavailable
from courses.learning.services.notes import NoteTooLong, save_note
from courses.models import LessonPage, visible


def _wants_json(request) -> bool:
    return request.headers.get("Accept", "").startswith("application/json")


@require_POST
def note_view(request, lesson_id, block_id):
    lesson = get_object_or_404(visible(LessonPage.objects.all()), pk=lesson_id)
    if not request.user.is_authenticated:
        return redirect_to_login(lesson.url)
    back = f"{lesson.url}#note-{block_id}"
    try:
        note = save_note(
            request.user,
            lesson,
            block_id,
            request.POST.get("text", ""),
            lesson.step_state(request.user),
        )
    except StepUnavailable:
        if _wants_json(request):
            return JsonResponse({"error": "You cannot keep notes on this lesson."}, status=403)
        return redirect(lesson.url)  # the lesson page explains what stands in the way
    except LookupError:
        raise Http404("No such reflection prompt in this lesson.") from None
    except NoteTooLong as error:
        if _wants_json(request):
            return JsonResponse({"error": error.message}, status=400)
        messages.error(request, error.message)
        return redirect(back)
    said = "Your note is saved. Only you can see it." if note else "Your note is deleted."
    if _wants_json(request):
        return JsonResponse({"saved": note is not None, "message": said})
    messages.success(request, said)
    return redirect(back)


@login_required
@require_safe
def my_notes_view(request):
    return TemplateResponse(request, "learning/my_notes.html", {"notes": notes_of(request.user)})


@login_required
@require_safe
def notes_download_view(request):
    text = render_to_string(
        "learning/my_notes.txt",
        {
            "notes": notes_of(request.user),
            "user": request.user,
            "now": timezone.now(),
            "TIME_ZONE_NAME": timezone.get_current_timezone_name(),
        },
    )
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pathway-my-notes.txt"'
    return response
