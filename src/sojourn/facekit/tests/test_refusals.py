"""One map from a service's refusal to an HTTP status, for the web pages and the API alike."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory

from sojourn.api.errors import _refused
from sojourn.care.errors import EscalationClosed
from sojourn.conf.errors import Conflict, InvalidInput, LifecycleError, NotAllowed
from sojourn.debriefs.errors import DebriefFiled
from sojourn.facekit.refusals import status_of
from sojourn.people.services import InvalidField, NotPermitted
from sojourn.trips.errors import IllegalTransition, InvitationDecided, StaleVersion

REFUSALS: list[tuple[LifecycleError, int]] = [
    (NotAllowed("Your role cannot do this."), 403),
    (NotPermitted("Only you change your profile."), 403),
    (InvalidInput({"note": "Say how it was resolved."}), 422),
    (InvalidField("language", "Choose en or zh-hans."), 422),
    (Conflict("Refused."), 409),
    (IllegalTransition("cancel", "Closed"), 409),
    (StaleVersion(expected=3, current=4), 409),
    (InvitationDecided("Declined"), 409),
    (EscalationClosed(), 409),
    (DebriefFiled("Submitted"), 409),
]


@pytest.mark.parametrize(("error", "status"), REFUSALS, ids=lambda v: type(v).__name__)
def test_each_refusal_has_one_status_for_the_web_and_the_api(error, status):
    answer = _refused(RequestFactory().get("/api/v1/"), error)

    assert status_of(error) == status
    assert answer.status_code == status
    assert json.loads(answer.content)["status"] == status


def test_each_object_names_itself_in_its_refusal():
    assert EscalationClosed().message == "This escalation is already closed."
    assert "this debrief" in DebriefFiled("Submitted").message.lower()
    assert "This invitation" in InvitationDecided("Declined").message
    assert "this trip" in IllegalTransition("cancel", "Closed").message
