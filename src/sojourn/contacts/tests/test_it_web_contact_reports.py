"""A traveller reports a contact on the web: the form keeps what was typed and names the field it
refuses; the report's page shows the late-report finding in words, to the traveller, their
officers, oversight and auditors, and to nobody else; each reader but the traveller is audited."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from sojourn.audit.models import AuditEvent
from sojourn.conftest import Cast
from sojourn.contacts.models import ContactReport

URL = "/contacts/report/"
DAY = datetime.timedelta(days=1)


def _typed(now: datetime.datetime, **changes: str) -> dict[str, str]:
    return {
        "category": "offer",
        "channel": "in_person",
        "occurred_on": (now.date() - 6 * DAY).isoformat(),
        "country": "SG",
        "city": "Singapore",
        "counterpart": "林梅 Lin Mei",
        "affiliation": "Zhiyuan Talent Office",
        "email": "lin.mei@example.org",
        "phone": "",
        "handle": "",
        "narrative": "Offered a paid visiting post.",
        **changes,
    }


@pytest.fixture(autouse=True)
def _at_now(now: datetime.datetime, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("django.utils.timezone.now", lambda: now)


def test_bad_input_keeps_what_was_typed_and_names_the_field(cast: Cast, now) -> None:
    client = Client()
    client.force_login(cast.traveller)

    blank = client.post(URL, _typed(now, counterpart="", email="not an address"))
    wrong = client.post(URL, _typed(now, email="not an address"))

    assert blank.status_code == wrong.status_code == 422
    page = blank.content.decode()
    assert 'id="id_counterpart_error"' in page
    assert "Offered a paid visiting post." in page
    assert 'value="Singapore"' in page
    page = wrong.content.decode()
    assert 'id="id_email_error"' in page
    assert 'value="not an address"' in page
    assert "林梅 Lin Mei" in page
    assert not ContactReport.objects.exists()


def test_a_late_report_is_explained_and_read_within_its_scope(cast: Cast, now) -> None:
    """
    GIVEN the traveller reports an offer six days after it (the test pack asks within five)
    WHEN each role of the cast opens the report's page
    THEN the traveller, the lab's officer, oversight and the auditor read the finding in words;
         the colleague and the other organisation's officer get a 404; every reader but the
         traveller leaves a contact_report.read event naming the report by its id
    """
    client = Client()
    client.force_login(cast.traveller)
    filed = client.post(URL, _typed(now))
    report = ContactReport.objects.get()
    assert filed.status_code == 302
    assert filed["Location"] == f"/contact-reports/{report.pk}/"
    assert report.late_report

    for who, status in [
        ("traveller", 200),
        ("colleague", 404),
        ("officer", 200),
        ("other_officer", 404),
        ("oversight", 200),
        ("auditor", 200),
    ]:
        reader = Client()
        reader.force_login(getattr(cast, who))
        response = reader.get(f"/contact-reports/{report.pk}/")
        assert response.status_code == status, who
        if status == 200:
            page = response.content.decode()
            assert "after the last day to report it" in page, who
            assert "Offered a paid visiting post." in page
    readers = AuditEvent.objects.filter(action="contact_report.read")
    assert sorted(readers.values_list("actor__username", flat=True)) == [
        "auditor",
        "officer",
        "oversight",
    ]
    assert {e.object_id for e in readers} == {str(report.pk)}
    assert all("Offered" not in str(e.data) for e in readers)


def test_only_travellers_report(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.officer)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {}).status_code == 403
