"""The demo's contact register: one woman seen by travellers of two organisations, and the
restricted-party list the demo screens against.

She introduces herself to `traveller` (Kunpeng Robotics) at the test site in Boston as 李晓梅,
then to `researcher` (Zhiyuan AI Lab) at the Singapore conference as Dr. Xiaomei Li, and asks
each to stay in touch; each files a contact report. The second report's contact is matched
against the other register's and suggested to oversight, who confirms it: the two contacts form
a cross-organisation cluster. Everything goes through the services (reports, matching,
resolution), so the suggestion, the cluster, the alerts and the audit trail are real. She and
her institute are fictional.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from django.contrib.auth.models import User

from sojourn.contacts import resolution
from sojourn.contacts.models import ContactCategory, ContactReport, Suggestion
from sojourn.contacts.reports import ContactReportInput, file_contact_report
from sojourn.demo.timeline import Cast, Clock, Steps
from sojourn.screening import recording
from sojourn.screening.importing import digest, import_snapshot
from sojourn.screening.models import ListSnapshot

# The fictional list shipped for the demo and the tests: the Paris AI Forum is on it.
FICTIONAL_LIST = Path(recording.__file__).parent / "data" / "fictional-list.csv"
LIST_ID = "fictional"
LIST_NAME = "Fictional restricted parties (demo)"

HER_INSTITUTE = "Horizon Frontier Computing Institute"
IN_BOSTON = "李晓梅"
IN_SINGAPORE = "Dr. Xiaomei Li"


def load_list(*, actor: User, now: datetime.datetime) -> str | None:
    """The fictional list as a snapshot, unless it is loaded already; what was loaded."""
    if ListSnapshot.objects.filter(sha256=digest(FICTIONAL_LIST)).exists():
        return None
    snapshot = import_snapshot(
        FICTIONAL_LIST,
        list_id=LIST_ID,
        format="csv",
        as_of=now.date(),
        now=now,
        actor=actor,
        name=LIST_NAME,
    )
    return f"screening list {snapshot} ({snapshot.row_count} entries)"


def _report(
    traveller: User, now: datetime.datetime, *, name: str, country: str, city: str, text: str
) -> ContactReport:
    return file_contact_report(
        ContactReportInput(
            category=ContactCategory.STAY_IN_TOUCH,
            channel="in_person",
            occurred_on=now.date(),
            counterpart=name,
            affiliation=HER_INSTITUTE,
            country=country,
            city=city,
            narrative=text,
        ),
        traveller=traveller,
        now=now,
    )


def the_woman_in_boston_and_singapore(cast: Cast, clock: Clock) -> Steps:
    traveller, researcher = cast["traveller"], cast["researcher"]
    if ContactReport.objects.filter(traveller__in=[traveller, researcher]).exists():
        return
    now = yield clock.ago(hours=56)
    boston = _report(
        traveller,
        now,
        name=IN_BOSTON,
        country="US",
        city="Boston",
        text="She came to the test site with the partner lab's visitors, asked how our robot "
        "plans its grasps and which sensors we use, and asked to stay in touch.",
    )
    now = yield clock.ago(hours=19)
    singapore = _report(
        researcher,
        now,
        name=IN_SINGAPORE,
        country="SG",
        city="Singapore",
        text="She introduced herself after my talk, asked about our training cluster and our "
        "colleagues' work, and asked to stay in touch; she gave me her card.",
    )
    now = yield clock.ago(hours=2)
    # The second register's contact is suggested to oversight as the first one's.
    pair = sorted(report.contact.pk for report in (boston, singapore) if report.contact)
    suggestion = Suggestion.objects.get(contact_id__in=pair, candidate_id__in=pair)
    resolution.confirm(suggestion, actor=cast["oversight"], now=now)
