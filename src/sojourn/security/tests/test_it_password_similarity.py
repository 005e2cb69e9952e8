"""A password made of the person's own name is refused, however it is repeated or joined."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from sojourn.testing import builders


@pytest.mark.parametrize("password", ["banker-banker", "Banker_Banker!", "banker.banker.2026"])
def test_the_name_twice_is_refused(cast, password: str) -> None:
    """GIVEN the user `banker` WHEN their new password is their name joined to itself
    THEN the validators refuse it as too like the name."""
    banker = builders.traveller("banker", organisation=cast.lab)

    with pytest.raises(ValidationError) as refused:
        validate_password(password, user=banker)

    assert "password_too_similar" in [error.code for error in refused.value.error_list]


def test_a_password_of_its_own_with_the_name_in_it_passes(cast) -> None:
    banker = builders.traveller("banker", organisation=cast.lab)

    validate_password("banker-quiet-harbour-lantern", user=banker)
