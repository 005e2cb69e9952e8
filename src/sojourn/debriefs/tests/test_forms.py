"""DebriefForms: a service's error about row N lands on the row the traveller typed, even when
blank rows before it were skipped."""

from __future__ import annotations

from sojourn.debriefs.forms import DebriefForms
from sojourn.debriefs.requirements import Requirements
from sojourn.testing.bodies import debrief_post

NONE_REQUIRED = Requirements(detailed=False, contacts_required=False)


def test_service_errors_land_on_the_typed_row() -> None:
    forms = DebriefForms(
        NONE_REQUIRED,
        data=debrief_post(
            3,
            summary="Talk",
            meetings=[{}, {"counterpart": "Dr. Weber"}],
            incidents=[{}, {}, {"kind": "gift", "description": "A pen"}],
        ),
    )
    assert forms.is_valid(submitting=False)
    draft = forms.draft()
    assert [meeting.counterpart for meeting in draft["meetings"]] == ["Dr. Weber"]
    assert forms.version == 3

    forms.add_service_errors(
        {
            "meetings[0].counterpart": "Name the person you met.",
            "incidents[0].kind": "Choose one of: gift, other.",
            "summary": "Too short.",
            "elsewhere": "Something else.",
        }
    )

    assert forms.meetings.forms[1].errors == {"counterpart": ["Name the person you met."]}
    assert forms.meetings.forms[0].errors == {}
    assert forms.incidents.forms[2].errors == {"kind": ["Choose one of: gift, other."]}
    assert forms.main.errors["summary"] == ["Too short."]
    assert forms.main.non_field_errors() == ["Something else."]


def test_requirements_come_from_the_assessment_snapshot() -> None:
    assert Requirements.of(None) == NONE_REQUIRED
    assert Requirements.of({"debrief_depth": "detailed"}).meetings_required
    assert Requirements.of({"debrief_contacts_required": True}).meetings_required
    assert not Requirements.of({"debrief_depth": "summary"}).meetings_required
