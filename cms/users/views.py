from allauth.account import views as allauth_views
from allauth.account.app_settings import EmailVerificationMethod
from allauth.account.internal.flows.login import perform_login
from allauth.account.internal.flows.signup import complete_signup
from allauth.account.models import Login
from allauth.account.views import EmailView
from allauth.core.exceptions import ImmediateHttpResponse
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from cms.users.forms import ProfileForm

MANDATORY = EmailVerificationMethod.MANDATORY


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


def sign_in_instead(default_next: str):
    """A view for another login page (Wagtail's admin or page-restriction login): it checks
    no password and sends everyone, GET or POST, to the one rate-limited sign-in form."""

    def view(request):
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or request.POST.get(REDIRECT_FIELD_NAME)
        if not url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            next_url = default_next
        return redirect_to_login(next_url)

    return view


def password_reset_instead(request):
    """Wagtail's password reset page: the reset is allauth's, rate limited per address."""
    return redirect("account_reset_password")


class SafeEmailView(EmailView):
    """allauth's email page, where only a verified address can become the primary one and
    the change happens whole or not at all."""

    def _action_primary(self, request, *args, **kwargs):
        email_address = self._get_email_address(request)
        if email_address is None:
            return None
        if not email_address.verified:
            messages.error(
                request,
                "Confirm this address first: open the link we emailed to it. It becomes your "
                "address once it is confirmed.",
            )
            return redirect(reverse("account_email"))
        try:
            with transaction.atomic():
                return super()._action_primary(request, *args, **kwargs)
        except IntegrityError:
            messages.error(request, "This address cannot be used for your account.")
            return redirect(reverse("account_email"))


email_view = SafeEmailView.as_view()


class SignupView(allauth_views.SignupView):
    """allauth's sign-up, answering the same whether or not the address has an account.

    Either way the answer is the "check your email" page, and the only difference is the
    mail: a new address gets the link that confirms it (and signs its owner in, in the
    browser that signed up), an address with an account gets a note telling its owner that
    someone tried to sign up with it, with a link to reset the password. Nobody is signed
    in by the sign-up form itself, so the page shows nothing an outsider could compare.
    """

    def form_valid(self, form):
        email = form.cleaned_data.get("email")
        if form.account_already_exists:
            login = Login(user=None, email=email, signup=True, email_verification=MANDATORY)
            return perform_login(self.request, login)
        self.user = form.save(self.request)
        try:
            return complete_signup(
                self.request,
                user=self.user,
                email_verification=MANDATORY,
                redirect_url=self.get_success_url(),
            )
        except ImmediateHttpResponse as response:
            return response.response


signup = SignupView.as_view()
