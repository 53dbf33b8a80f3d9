from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cms.users.forms import ProfileForm


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def profile(request):
    """Show and save the signed-in person's name, profession and licence number.

    Any other method gets 405 before the login check, so it never writes or redirects.
    """
    # A fresh copy: an invalid form must not leave unsaved values on request.user, which the
    # page header displays.
    user = get_user_model().objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved.")
        return redirect("profile")
    return render(request, "users/profile.html", {"form": form})
