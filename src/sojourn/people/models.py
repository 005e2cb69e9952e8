"""Organisations and the people in them; a person's role decides what they may see and do."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sojourn.people.scoping import ScopedQuerySet


class Sector(models.TextChoices):
    AI = "ai", _("Artificial intelligence")
    ROBOTICS = "robotics", _("Robotics")
    SEMICONDUCTORS = "semiconductors", _("Semiconductors")
    QUANTUM = "quantum", _("Quantum")
    BIOTECH = "biotech", _("Biotechnology")
    AEROSPACE = "aerospace", _("Aerospace")
    FINANCE = "finance", _("Finance")
    ACADEMIA = "academia", _("Academia")
    GOVERNMENT = "government", _("Government")
    OTHER = "other", _("Other")


class Position(models.TextChoices):
    EXECUTIVE = "executive", _("Executive")
    FOUNDER = "founder", _("Founder")
    RESEARCHER = "researcher", _("Researcher")
    STAFF = "staff", _("Staff")


class Role(models.TextChoices):
    TRAVELLER = "traveller", _("Traveller")
    OFFICER = "officer", _("Security officer")
    OVERSIGHT = "oversight", _("Oversight")
    AUDITOR = "auditor", _("Auditor")
    ADMIN = "admin", _("Administrator")


class Language(models.TextChoices):
    EN = "en", _("English")
    ZH_HANS = "zh-hans", _("Simplified Chinese")


def _empty_list() -> list[Any]:
    return []


def _role_and_org(user: Any) -> tuple[str | None, int | None, int | None]:
    """The viewer's role, organisation and user id, read without importing the access module
    (which imports these models)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None, None, None
    person = Person.objects.filter(user_id=user.pk).values("role", "organisation_id").first()
    if person is None:
        return None, None, user.pk
    return person["role"], person["organisation_id"], user.pk


class OrganisationQuerySet(ScopedQuerySet["Organisation"]):
    def visible_to(self, user: Any) -> OrganisationQuerySet:
        role, org_id, _user_id = _role_and_org(user)
        if role in (Role.OVERSIGHT, Role.AUDITOR):
            return self.all()
        if role in (Role.OFFICER, Role.TRAVELLER) and org_id is not None:
            return self.filter(pk=org_id)
        return self.none()


class PersonQuerySet(ScopedQuerySet["Person"]):
    def visible_to(self, user: Any) -> PersonQuerySet:
        role, org_id, user_id = _role_and_org(user)
        if role in (Role.OVERSIGHT, Role.AUDITOR):
            return self.all()
        if role == Role.OFFICER and org_id is not None:
            return self.filter(organisation_id=org_id)
        if role == Role.TRAVELLER and user_id is not None:
            return self.filter(user_id=user_id)
        return self.none()


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    sectors = models.JSONField(_("sectors"), default=_empty_list, blank=True)
    home_country = models.CharField(
        _("home country"), max_length=2, default="CN", help_text=_("ISO 3166-1 alpha-2 code")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    policy_pack = models.CharField(
        _("policy pack"),
        max_length=80,
        blank=True,
        help_text=_("The policy pack this organisation follows; blank for the deployment default."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """The Sojourn profile of a login: where they work, what they do, whom to call."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.TRAVELLER)
    position = models.CharField(
        _("position"), max_length=16, choices=Position.choices, default=Position.STAFF
    )
    sectors = models.JSONField(_("sectors"), default=_empty_list, blank=True)
    emergency_contact_name = models.CharField(_("emergency contact"), max_length=200, blank=True)
    emergency_contact_phone = models.CharField(
        _("emergency contact phone"), max_length=50, blank=True
    )
    # Blank: follow the browser (Accept-Language) until the person chooses.
    language = models.CharField(
        _("preferred language"), max_length=8, choices=Language.choices, blank=True, default=""
    )
    # The language the browser last asked for (web.middleware): an email, sent with no browser to
    # follow, is in it while `language` is blank. Written only when it changes.
    browser_language = models.CharField(
        _("browser language"), max_length=8, choices=Language.choices, blank=True, default=""
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        full = self.user.get_full_name()
        return full or self.user.get_username()

    @property
    def display_name(self) -> str:
        return str(self)
