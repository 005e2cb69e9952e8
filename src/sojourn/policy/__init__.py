"""The policy engine: pure Python, no Django. Plain data in, an explainable Assessment out.

pack = shipped_pack("seed-sensitive-tech")          # or load_pack(yaml_text)
trip = TripFacts(...)                               # trips/body.py reads the trip body
result = assess(pack, trip, advisories=[...], holds=[...])
"""

from sojourn.policy.assessment import Assessment, Factor, Finding, Risk, Route, Severity
from sojourn.policy.calendar import add_days, is_business_day, subtract_days
from sojourn.policy.compare import stricter
from sojourn.policy.countries import ALL_CODES, country_name, country_problem, is_country
from sojourn.policy.engine import assess
from sojourn.policy.groups import CountryGroup, GroupError, builtin_groups, expand_destinations
from sojourn.policy.inputs import (
    FUNDED_ITEMS,
    PAYERS,
    Advisory,
    Funding,
    Hold,
    InputError,
    Leg,
    ListedParty,
    Meeting,
    Traveller,
    TripFacts,
    validate_trip,
)
from sojourn.policy.pack import (
    Pack,
    Tier,
    load_pack,
    load_pack_file,
    shipped_pack,
    shipped_pack_ids,
)
from sojourn.policy.pack_rules import same_rules
from sojourn.policy.problems import PackError, Problem
from sojourn.policy.texts import Text, in_language, text_of

__all__ = [
    "ALL_CODES",
    "FUNDED_ITEMS",
    "PAYERS",
    "Advisory",
    "Assessment",
    "CountryGroup",
    "Factor",
    "Finding",
    "Funding",
    "GroupError",
    "Hold",
    "InputError",
    "Leg",
    "ListedParty",
    "Meeting",
    "Pack",
    "PackError",
    "Problem",
    "Risk",
    "Route",
    "Severity",
    "Text",
    "Tier",
    "Traveller",
    "TripFacts",
    "add_days",
    "assess",
    "builtin_groups",
    "country_name",
    "country_problem",
    "expand_destinations",
    "in_language",
    "is_business_day",
    "is_country",
    "load_pack",
    "load_pack_file",
    "same_rules",
    "shipped_pack",
    "shipped_pack_ids",
    "stricter",
    "subtract_days",
    "text_of",
    "validate_trip",
]
