"""A pass runs care's jobs, then the jobs other domains registered at start-up (the vault's key
rotation, directives' runs), then delivery: what any job wrote goes out in the same pass, and
care imports none of those domains."""

from sojourn.care import worker
from sojourn.directives.jobs import finish_directive_runs


def test_a_pass_runs_the_directive_runs_after_care_and_before_delivery():
    names = [name for name, _job in worker.jobs()]

    assert names == [
        "start_trips",
        "end_trips",
        "reminders",
        "checkins",
        "debriefs",
        "late_reports",
        "audit_anchor",
        "rekey",
        "directive_runs",
        "retention",
        "api_request_counts",
        "sign_in_attempts",
        "delivery",
    ]
    assert dict(worker.jobs())["directive_runs"] is finish_directive_runs
