"""Pathway's allauth adapter: one sign-in limit per account, and the client address from a
trusted proxy only.

allauth counts failed sign-ins per client address and per "key". Its key is the login as
typed, so `admin` and `admin@pathway.example` were two budgets for one account; here the key
is the account itself when the login names one, and the normalised login otherwise. An
attacker can therefore slow down one account, and never every account: the per-address limit
uses the real client address (see `ALLAUTH_TRUSTED_PROXY_COUNT` in the settings).
"""

from __future__ import annotations

import logging
import unicodedata

from allauth.account.adapter import DefaultAccountAdapter
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

logger = logging.getLogger(__name__)


def normalise_login(login: str) -> str:
    """How a typed login compares: Unicode-normalised, trimmed and case-folded."""
    return unicodedata.normalize("NFKC", login or "").strip().casefold()


class AccountAdapter(DefaultAccountAdapter):
    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        login = normalise_login(credentials.get("email") or credentials.get("username") or "")
        user_id = (
            get_user_model()
            .objects.filter(Q(email__iexact=login) | Q(username__iexact=login))
            .values_list("pk", flat=True)
            .first()
            if login
            else None
        )
        return f"account:{user_id}" if user_id else f"login:{login}"

    def get_client_ip(self, request) -> str:
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured:
            # X-Forwarded-For holds fewer addresses than TRUSTED_PROXY_COUNT: the request did
            # not come through the configured proxies, so only the socket's peer is known.
            logger.warning("X-Forwarded-For does not match TRUSTED_PROXY_COUNT; using the peer")
            return request.META["REMOTE_ADDR"]
