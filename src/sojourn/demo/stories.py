"""The demo's stories, each told through the real services with times relative to `now`.

Each story is a generator (see `timeline`): before each step it yields the moment the step
happens and is resumed with that moment as its `now`. A story that finds its trip (or invitation)
already in the database returns before its first step: that is what makes loading the demo twice
a no-op.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User

from sojourn.care.services import check_in
from sojourn.debriefs import filing
from sojourn.debriefs.services import IncidentInput, MeetingHeld, save_draft
from sojourn.demo.contact_stories import the_woman_in_boston_and_singapore
from sojourn.demo.timeline import Cast, Clock, Steps, Story
from sojourn.directives.services import instruct_cancel
from sojourn.people.directory import officers_of
from sojourn.policy import Funding
from sojourn.trips import invitations, services
from sojourn.trips.drafts import LegInput, MeetingInput, TripInput, create_draft
from sojourn.trips.models import Invitation, PaidBy, Purpose, Trip, TripStatus

# How far back the oldest story reaches; accounts are made before that.
HISTORY_DAYS = 120


def _has_trip(traveller: User, title: str) -> bool:
    return Trip.objects.filter(traveller=traveller, title=title).exists()


def _trip(
    traveller: User,
    now: datetime.datetime,
    *,
    title: str,
    purpose: str,
    leg: LegInput,
    necessity: str = "",
    alternatives: str = "",
    meetings: tuple[MeetingInput, ...] = (),
) -> Trip:
    """A draft reported and submitted at `now`."""
    trip = create_draft(
        actor=traveller,
        now=now,
        data=TripInput(
            title=title,
            purpose=purpose,
            necessity=necessity,
            alternatives=alternatives,
            legs=[leg],
            meetings=meetings,
        ),
    )
    return services.submit(trip, actor=traveller, now=now)


def _approve(trip: Trip, cast: Cast, now: datetime.datetime, *, conditions: str = "") -> Trip:
    """Every pending step of the chain approves, each by the person whose step it is."""
    while trip.status == TripStatus.SUBMITTED:
        step = (
            trip.reviews.filter(round=trip.review_round, decision="pending")
            .order_by("position")[0]
            .step
        )
        reviewer = cast["oversight"] if step == "oversight" else officers_of(trip.organisation)[0]
        trip = services.decide(
            trip, actor=reviewer, decision="approve", now=now, conditions=conditions
        )
    return trip


PARIS_SUMMIT = "Global AI Summit, Paris"


def founder_declines_paris(cast: Cast, clock: Clock) -> Steps:
    founder = cast["founder"]
    if Invitation.objects.filter(invitee=founder, event=PARIS_SUMMIT).exists():
        return
    now = yield clock.ago(days=10)
    invitation = invitations.record(
        actor=founder,
        now=now,
        data=invitations.InvitationInput(
            event=PARIS_SUMMIT,
            host_organisation="Paris AI Forum",
            inviter_name="Claire Martin",
            inviter_organisation="Paris AI Forum",
            country="FR",
            city="Paris",
            starts_on=clock.day(45),
            ends_on=clock.day(46),
            paid_by=PaidBy.HOST,
            funding=(
                Funding("travel", "host", "Paris AI Forum", "FR"),
                Funding("lodging", "host", "Paris AI Forum", "FR"),
                Funding("honorarium", "nobody"),
                Funding("gift", "host", "Paris AI Forum", "FR", "a speaker's gift box"),
            ),
            received_on=clock.day(-10),
            notes="Invited to speak on a panel about frontier model evaluation; "
            "flights and hotel paid by the host.",
        ),
    )
    now = yield clock.ago(days=8)
    invitations.decline(
        invitation,
        actor=founder,
        now=now,
        reason="Not absolutely necessary: I will send a recorded talk instead, "
        "in line with the travel directive.",
    )


LONDON = "Investor meetings, London"


def founder_london_closed(cast: Cast, clock: Clock) -> Steps:
    founder, officer = cast["founder"], cast["officer-lab"]
    if _has_trip(founder, LONDON):
        return
    now = yield clock.ago(days=100)
    trip = _trip(
        founder,
        now,
        title=LONDON,
        purpose=Purpose.BUSINESS,
        leg=LegInput("GB", clock.day(-70), clock.day(-66), city="London"),
        necessity="The lead investors of our next round want to meet the founder in person "
        "before they commit.",
        alternatives="Video calls: done for the first two rounds of talks.",
        meetings=(MeetingInput("Sarah Whitfield", "Thames Ventures", "GB", "Financing round"),),
    )
    now = yield clock.ago(days=95)
    trip = _approve(
        trip,
        cast,
        now,
        conditions="Travel with the loaner laptop and phone; no confidential material on them.",
    )
    now = yield clock.ago(days=70)
    trip = services.depart(trip, actor=founder, now=now)
    now = yield clock.ago(days=66)
    trip = services.return_home(trip, actor=founder, now=now)
    now = yield clock.ago(days=63)
    save_draft(
        trip,
        actor=founder,
        now=now,
        summary="Three days of investor meetings in London; the round is agreed in principle.",
        materials="The public version of our pitch deck, given to Thames Ventures.",
        meetings=(
            MeetingHeld(
                "Sarah Whitfield",
                "Thames Ventures",
                "GB",
                "Terms of the financing round; a board observer seat.",
                future_contact_requested=True,
            ),
            MeetingHeld(
                "Dr. Oliver Grant",
                "Cambridge Institute for AI Policy",
                "GB",
                "Asked in detail about our training compute and where our chips come from.",
                sensitive_topics=True,
                future_contact_requested=True,
            ),
        ),
        incidents=(
            IncidentInput(
                "device_inspection",
                "Phone and laptop taken for inspection at Heathrow border control for about "
                "40 minutes; both were the loaner devices issued by the security office.",
                occurred_on=clock.day(-70),
                country="GB",
            ),
        ),
    )
    trip = filing.submit_debrief(trip, actor=founder, now=now)
    now = yield clock.ago(days=60)
    filing.review_debrief(
        trip,
        actor=officer,
        decision="accept",
        now=now,
        comment="Thank you. The device inspection and Dr. Grant's questions are on file.",
    )


SAN_JOSE = "Supplier negotiations, San Jose"
OVERSIGHT_INSTRUCTION = (
    "Instruction from the Travel Oversight Office: senior robotics executives are not to travel "
    "to the United States this quarter. Hold the negotiation by video link or in a third country."
)


def ceo_us_trip_cancelled(cast: Cast, clock: Clock) -> Steps:
    ceo = cast["ceo"]
    if _has_trip(ceo, SAN_JOSE):
        return
    now = yield clock.ago(days=20)
    trip = _trip(
        ceo,
        now,
        title=SAN_JOSE,
        purpose=Purpose.BUSINESS,
        leg=LegInput("US", clock.day(25), clock.day(29), city="San Jose"),
        necessity="Final negotiation of the actuator supply contract; the supplier's board "
        "insists on meeting in person.",
        alternatives="Video conference (refused by the supplier); a meeting in Singapore.",
        meetings=(
            MeetingInput(
                "Daniel Ortiz", "Westbridge Motion Systems", "US", "Actuator supply contract"
            ),
        ),
    )
    now = yield clock.ago(days=18)
    trip = _approve(trip, cast, now, conditions="Loaner devices only; check in every 24 hours.")
    now = yield clock.ago(days=5)
    instruct_cancel(actor=cast["oversight"], trip=trip, text=OVERSIGHT_INSTRUCTION, now=now)


TOKYO = "Customer meetings, Tokyo"


def exec_debrief_overdue(cast: Cast, clock: Clock) -> Steps:
    executive = cast["exec"]
    if _has_trip(executive, TOKYO):
        return
    now = yield clock.ago(days=70)
    trip = _trip(
        executive,
        now,
        title=TOKYO,
        purpose=Purpose.BUSINESS,
        leg=LegInput("JP", clock.day(-35), clock.day(-30), city="Tokyo"),
        necessity="Signing the model licensing agreement with our largest cloud customer, "
        "whose board signs only in person.",
        alternatives="Signing by courier (refused by the customer); meeting in Hong Kong.",
        meetings=(MeetingInput("Kenji Sato", "Sakura Cloud Services", "JP", "Model licensing"),),
    )
    now = yield clock.ago(days=65)
    trip = _approve(trip, cast, now)
    now = yield clock.ago(days=35)
    trip = services.depart(trip, actor=executive, now=now)
    now = yield clock.ago(days=30)
    trip = services.return_home(trip, actor=executive, now=now)
    # A draft started, never filed: the debrief is now overdue.
    now = yield clock.ago(days=25)
    save_draft(
        trip,
        actor=executive,
        now=now,
        summary="Met two cloud customers about licensing our models. Notes to follow.",
    )


SINGAPORE = "Machine learning conference, Singapore"


def researcher_in_singapore(cast: Cast, clock: Clock) -> Steps:
    researcher = cast["researcher"]
    if _has_trip(researcher, SINGAPORE):
        return
    now = yield clock.ago(days=30)
    trip = _trip(
        researcher,
        now,
        title=SINGAPORE,
        purpose=Purpose.CONFERENCE,
        leg=LegInput("SG", clock.day(-2), clock.day(3), city="Singapore"),
        necessity="Presenting our accepted paper on efficient long-context training.",
        meetings=(
            MeetingInput(
                "Prof. Tan Wei Ming",
                "National University of Singapore",
                "SG",
                "A possible joint workshop",
            ),
        ),
    )
    # A standard-tier trip reported in time: approved automatically at submission.
    now = yield clock.ago(days=2)
    trip = services.depart(trip, actor=researcher, now=now)
    for hours, note in ((20, "Arrived and registered."), (4, "Talk given; all well.")):
        now = yield clock.ago(hours=hours)
        check_in(
            trip, actor=researcher, status="ok", now=now, country="SG", city="Singapore", note=note
        )


BERLIN = "Workshop on efficient training, Berlin"


def researcher_berlin_in_queue(cast: Cast, clock: Clock) -> Steps:
    researcher = cast["researcher"]
    if _has_trip(researcher, BERLIN):
        return
    now = yield clock.ago(days=1)
    _trip(
        researcher,
        now,
        title=BERLIN,
        purpose=Purpose.ACADEMIC,
        leg=LegInput("DE", clock.day(30), clock.day(33), city="Berlin"),
        necessity="Invited speaker; the workshop is not recorded or streamed.",
        alternatives="Attending remotely is not offered.",
        meetings=(
            MeetingInput(
                "Prof. Katrin Weber",
                "Technische Universität Berlin",
                "DE",
                "Efficient training; a possible visiting researcher exchange",
            ),
        ),
    )


BOSTON = "Field trials with a partner lab, Boston"


def traveller_missed_checkin(cast: Cast, clock: Clock) -> Steps:
    traveller = cast["traveller"]
    if _has_trip(traveller, BOSTON):
        return
    now = yield clock.ago(days=40)
    trip = _trip(
        traveller,
        now,
        title=BOSTON,
        purpose=Purpose.BUSINESS,
        leg=LegInput("US", clock.day(-3), clock.day(4), city="Boston"),
        necessity="Joint field trials of our warehouse robot; the test site and the partner's "
        "hardware are only available in Boston.",
        alternatives="Supervising the trials remotely: tried last year, the partner's staff "
        "could not run the robot alone.",
        meetings=(
            MeetingInput("Dr. Emily Carter", "Charles River Robotics Lab", "US", "Field trials"),
        ),
    )
    now = yield clock.ago(days=38)
    trip = _approve(trip, cast, now, conditions="Loaner devices only; check in every 24 hours.")
    now = yield clock.ago(days=3)
    trip = services.depart(trip, actor=traveller, now=now)
    # Two check-ins, then silence: the last one is more than two days old.
    for hours, note in ((70, "Landed in Boston."), (50, "At the test site.")):
        now = yield clock.ago(hours=hours)
        check_in(
            trip, actor=traveller, status="ok", now=now, country="US", city="Boston", note=note
        )


CHIANG_MAI = "Family holiday, Chiang Mai"


def banker_not_covered(cast: Cast, clock: Clock) -> Steps:
    banker = cast["banker"]
    if _has_trip(banker, CHIANG_MAI):
        return
    now = yield clock.ago(days=2)
    # Bank staff are not covered by the directive: the trip is approved at submission.
    _trip(
        banker,
        now,
        title=CHIANG_MAI,
        purpose=Purpose.PERSONAL,
        leg=LegInput("TH", clock.day(14), clock.day(21), city="Chiang Mai"),
    )


STORIES: tuple[tuple[str, Story], ...] = (
    ("founder declined the Global AI Summit in Paris", founder_declines_paris),
    ("founder's London trip, closed with an accepted debrief", founder_london_closed),
    ("ceo's US trip, cancelled on an oversight instruction", ceo_us_trip_cancelled),
    ("exec back from Tokyo, debrief overdue", exec_debrief_overdue),
    ("researcher at a conference in Singapore, checking in", researcher_in_singapore),
    ("researcher's Berlin workshop, waiting for review", researcher_berlin_in_queue),
    ("traveller in Boston, check-in missed", traveller_missed_checkin),
    ("banker's holiday in Thailand, approved without review", banker_not_covered),
    (
        "a woman asks researcher (Singapore) and traveller (Boston) to stay in touch; oversight "
        "confirms she is one person across the two organisations",
        the_woman_in_boston_and_singapore,
    ),
)
