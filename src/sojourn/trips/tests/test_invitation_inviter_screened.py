"""Who invited is screened as the host is: the inviter and the organisation they act for."""

from __future__ import annotations

import datetime
from pathlib import Path

from sojourn.screening.importing import import_snapshot
from sojourn.trips import invitations
from sojourn.trips.models import PaidBy

FICTIONAL = Path(__file__).parents[2] / "screening" / "data" / "fictional-list.csv"


def test_the_inviter_and_their_organisation_are_screened(cast, now) -> None:
    """GIVEN the fictional list WHEN a traveller records an invitation to a host that is on no
    list, sent by a listed person for a listed institute THEN the pre-assessment names both as
    listed parties, each by the field it came from."""
    import_snapshot(
        FICTIONAL, list_id="fictional", format="csv", as_of=datetime.date(2026, 3, 1), now=now
    )

    invitation = invitations.record(
        actor=cast.traveller,
        now=now,
        data=invitations.InvitationInput(
            event="Workshop on photonics",
            host_organisation="Technical University of Munich",
            inviter_name="Mei-Hua Lin",
            inviter_organisation="Northwind Institute",
            country="DE",
            starts_on=datetime.date(2026, 5, 1),
            ends_on=datetime.date(2026, 5, 2),
            paid_by=PaidBy.HOST,
            received_on=now.date(),
        ),
    )

    assert invitation.pre_assessment is not None
    found = [
        f["params"] for f in invitation.pre_assessment["findings"] if f["code"] == "listed_party"
    ]
    assert [(p["field"], p["entry_id"]) for p in found] == [
        ("inviter_name", "FX-003"),
        ("inviter_organisation", "FX-002"),
    ]
