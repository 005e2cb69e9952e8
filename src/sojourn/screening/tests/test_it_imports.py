"""Importing a list: a dated snapshot with its provenance, all of it or nothing, never twice."""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sojourn.audit.models import AuditEvent
from sojourn.conftest import NOW
from sojourn.screening.importing import ImportRefused, import_snapshot
from sojourn.screening.models import ListEntry, ListSnapshot, ScreeningList

DATA = Path(__file__).parent.parent / "data"
CSL = DATA / "csl-sample.csv"
FICTIONAL = DATA / "fictional-list.csv"
AS_OF = datetime.date(2026, 3, 1)
HEADER = "entry_id,name,aliases,kind,countries,programmes,remarks\n"

pytestmark = pytest.mark.django_db


def load(path: Path, list_id: str = "csl", format: str = "csl", **kwargs) -> ListSnapshot:
    return import_snapshot(
        path, list_id=list_id, format=format, as_of=kwargs.pop("as_of", AS_OF), now=NOW, **kwargs
    )


def write(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_csl_download_is_read_by_its_columns():
    snapshot = load(CSL)

    entries = {entry.entry_id: entry for entry in snapshot.entries.all()}
    assert snapshot.row_count == 4
    assert sorted(entries) == ["c0ffee01", "c0ffee02", "c0ffee03", "c0ffee04"]
    northwind, lin, vessel, kestrel = (entries[f"c0ffee0{n}"] for n in range(1, 5))
    assert northwind.aliases == ["Northwind Institute", "NDUI"]
    # The download leaves `type` blank on many lists' rows (the Entity List's among them).
    assert (northwind.kind, northwind.countries) == ("other", ["CN", "HK"])
    assert kestrel.kind == "organisation"
    assert northwind.source == "Entity List (EL) - Bureau of Industry and Security"
    assert (lin.name, lin.aliases, lin.kind) == ("LIN, Meihua", ["林美华", "Mei-Hua LIN"], "person")
    assert (lin.countries, lin.programmes) == (["CN"], ["FICTIONAL-1"])
    assert (vessel.kind, vessel.countries) == ("vessel", [])
    # A quoted address across two lines is one entry.
    assert kestrel.countries == ["RU"]
    assert kestrel.addresses == "5 Illustrative Prospekt,\nBuilding 2, Moscow, RU"


def test_a_snapshot_keeps_its_provenance():
    snapshot = load(CSL, name="US Consolidated Screening List", threshold=88)

    assert (snapshot.source, snapshot.format, snapshot.as_of) == ("csl-sample.csv", "csl", AS_OF)
    assert snapshot.sha256 == hashlib.sha256(CSL.read_bytes()).hexdigest()
    assert snapshot.screening_list.name == "US Consolidated Screening List"
    assert snapshot.screening_list.threshold == 88
    event = AuditEvent.objects.get(action="screening.snapshot_imported")
    assert event.object_id == str(snapshot.pk)
    assert event.data == {"list_id": "csl", "row_count": 4, "sha256": snapshot.sha256}


def test_the_shipped_fictional_list_loads_in_the_sojourn_layout():
    snapshot = load(FICTIONAL, list_id="fictional", format="csv")

    lin = snapshot.entries.get(entry_id="FX-003")
    assert (snapshot.row_count, lin.name, lin.kind) == (5, "Lin Meihua", "person")
    assert lin.aliases == ["林美华", "Mei-Hua Lin", "May Lin"]
    assert snapshot.entries.get(entry_id="FX-002").countries == ["CN", "HK"]


@pytest.mark.parametrize(
    ("rows", "where"),
    [
        ('A1,Alpha,,organisation,CN,,\nA2,Beta,,organisation,"XX",,\n', "line 3, column countries"),
        ('A1,"Alpha\nAlpha",,person,,,\nA2,,,person,,,\n', "line 4, column name"),
        ("A1,Alpha,,person,,,\nA2,Beta,,robot,,,\n", "line 3, column kind"),
        ("A1,Alpha,,person,,,\nA1,Again,,person,,,\n", "line 3, column entry_id"),
        (",Alpha,,person,,,\n", "line 2, column entry_id"),
    ],
)
def test_a_bad_row_names_its_line_and_column_and_nothing_is_loaded(tmp_path, rows, where):
    with pytest.raises(ImportRefused, match=where):
        load(write(tmp_path, HEADER + rows), list_id="own", format="csv")

    assert (ScreeningList.objects.count(), ListSnapshot.objects.count()) == (0, 0)
    assert ListEntry.objects.count() == 0


def test_a_bad_row_after_a_full_batch_takes_the_batch_back(tmp_path, monkeypatch):
    from sojourn.screening import importing

    monkeypatch.setattr(importing, "BATCH", 2)
    rows = "".join(f"A{n},Name {n},,person,,,\n" for n in range(5)) + "A9,,,person,,,\n"

    with pytest.raises(ImportRefused, match="line 7, column name"):
        load(write(tmp_path, HEADER + rows), list_id="own", format="csv")

    assert ListEntry.objects.count() == 0


def test_a_missing_column_is_named_on_the_header_line(tmp_path):
    path = write(tmp_path, "_id,source,name,type,programs,addresses\n1,X,Alpha,Entity,,\n")

    with pytest.raises(ImportRefused, match="line 1, column alt_names: this column is missing"):
        load(path)


def test_the_same_file_twice_is_refused(tmp_path):
    first = load(CSL)
    copy = write(tmp_path, CSL.read_text(encoding="utf-8"), name="renamed.csv")

    with pytest.raises(ImportRefused, match=f"already imported as snapshot {first}"):
        load(copy, as_of=AS_OF + datetime.timedelta(days=7))

    assert ListSnapshot.objects.count() == 1


def test_a_new_snapshot_leaves_the_old_one_as_it_was(tmp_path):
    old = load(FICTIONAL, list_id="fictional", format="csv")
    later = HEADER + "FX-003,Lin Meihua,林美华,person,CN;SG,FICTIONAL-DEMO,Moved.\n"

    path = write(tmp_path, later)
    new = load(path, list_id="fictional", format="csv", as_of=AS_OF.replace(day=20))

    assert (old.entries.count(), new.entries.count()) == (5, 1)
    before, after = (s.entries.get(entry_id="FX-003") for s in (old, new))
    assert before.countries == ["CN"]
    assert after.countries == ["CN", "SG"]
    assert before.fingerprint != after.fingerprint


def test_the_command_imports_and_lists(tmp_path):
    out = StringIO()
    call_command(
        "screening", "import", str(FICTIONAL), "--list", "fictional", "--format", "csv",
        "--as-of", "2026-03-01", stdout=out,
    )  # fmt: skip
    call_command("screening", "lists", stdout=out)

    assert "fictional@2026-03-01: 5 entries from fictional-list.csv" in out.getvalue()
    assert out.getvalue().count("fictional@2026-03-01") == 2


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (["--format", "csl", "--as-of", "March"], "--as-of: 'March' is not a date"),
        (["--format", "csv", "--as-of", "2026-03-01"], "line 1, column entry_id"),
    ],
)
def test_the_command_refuses_bad_input_with_status_2(args, error):
    with pytest.raises(CommandError, match=error) as refused:
        call_command("screening", "import", str(CSL), "--list", "csl", *args)

    assert refused.value.returncode == 2
