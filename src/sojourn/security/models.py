"""A person's credentials besides their password: the sessions they have open (so they can see
them and end any of them), their personal access tokens for the API, and the secret in their
calendar-feed address.

Secrets are stored as SHA-256 digests only: a token or feed address is shown once, when it is
made, and a copy of the database is not a copy of anyone's credentials. The digest is of a
256-bit random value, so a fast hash is as strong as a slow one here.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserSession(models.Model):
    """One signed-in browser: the session it holds, where it signed in from, when last seen."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="open_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("signed in"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("last seen"), default=timezone.now)
    client = models.CharField(_("address"), max_length=45, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return f"{self.user_id} since {self.created_at:%Y-%m-%d %H:%M}"


class Scope(models.TextChoices):
    READ = "read", _("Read")
    WRITE = "write", _("Read and write")


class AccessToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    # The first characters of the token, shown in lists so a person can tell tokens apart.
    prefix = models.CharField(_("prefix"), max_length=16)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("scope"), max_length=8, choices=Scope.choices, default=Scope.READ)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    # The client's address at that use (sojourn.security.clients), for the owner to recognise.
    last_used_from = models.CharField(_("last used from"), max_length=45, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        # Made by the api app; the table kept its name when the model moved here.
        db_table = "api_accesstoken"
        ordering = ["-created_at", "-id"]
        verbose_name = _("access token")
        verbose_name_plural = _("access tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def scopes(self) -> tuple[str, ...]:
        return ("read", "write") if self.scope == Scope.WRITE else ("read",)


class FeedSecret(models.Model):
    """The secret in a person's calendar-feed address; rotating it retires the old address."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_secret"
    )
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    # The entity tag of the calendar last served at this address, and when it was first served:
    # the feed's Last-Modified, so a calendar program's If-Modified-Since can be answered 304.
    etag = models.CharField(max_length=80, blank=True)
    changed_at = models.DateTimeField(null=True, blank=True)
    # The address stops working then (SOJOURN_FEED_DAYS after it was made; none: that many days
    # after created_at, for addresses made before addresses expired).
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    # When a calendar program last read it, and from which address (shown to the owner).
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    last_used_from = models.CharField(_("last used from"), max_length=45, blank=True)
    # An officer's or oversight's feed names other people's travellers and destinations only
    # when its owner chose so on the account page.
    shows_names = models.BooleanField(_("shows names and destinations"), default=False)

    class Meta:
        db_table = "api_feedsecret"
        verbose_name = _("calendar feed address")
        verbose_name_plural = _("calendar feed addresses")

    def __str__(self) -> str:
        return f"feed of {self.user_id}"


class SignInAttempt(models.Model):
    """A failed sign-in (what the throttle counts), or a successful one (the address and the
    device are then known for the name). `name` is the name as typed, in lower case, whether or
    not such an account exists; the password is never kept."""

    name = models.CharField(max_length=150)
    client = models.CharField(max_length=45, blank=True)
    # The remembered device (sojourn.security.devices) the attempt came from, if any.
    device = models.CharField(max_length=32, blank=True)
    at = models.DateTimeField()
    succeeded = models.BooleanField(default=False)

    class Meta:
        indexes = [
            models.Index(fields=["name", "at"], name="signin_name_at"),
            models.Index(fields=["client", "at"], name="signin_client_at"),
        ]
        verbose_name = _("sign-in attempt")
        verbose_name_plural = _("sign-in attempts")

    def __str__(self) -> str:
        outcome = "signed in" if self.succeeded else "failed"
        return f"{self.name} from {self.client or '?'} {outcome} at {self.at:%Y-%m-%d %H:%M}"
