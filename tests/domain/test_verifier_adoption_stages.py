"""A technology the facts say is being adopted called live or its move done ("now that Snowflake is
live across the company", "you moved off your old warehouse"), each beside a fair twin: the same stage
in a question or a condition, teams in general, or a launch that is live. Judged through ``settle``, as
the drafts asset judges a model's draft."""

import pytest

from sdr_assets.domain.adoption_stages import adoption_stage_reasons
from tests.domain.truth_contexts import assert_stopped, assert_written

STAGES = [
    ("tech", "Snowflake is live for the whole company now."),
    ("tech", "Your migration to Snowflake was completed in the spring."),
    ("tech", "You've decommissioned the old warehouse."),
    ("tech", "The switch to Snowflake is done, so reporting comes next."),
    ("tech", "Snowflake has been rolled out to every analyst."),
    ("tech", "Northwind Freight is all in on Snowflake."),
    ("funding", "Stripe is up and running across every market."),
    ("funding", "You replaced the old CRM with HubSpot."),
]

STAGES_FAIR = [
    ("tech", "Once Snowflake is live for everyone, account data is the next request."),
    ("tech", "Is the migration to Snowflake done yet?"),
    ("tech", "When the old warehouse is switched off, we can deliver to Snowflake alone."),
    ("tech", "Teams that have rolled out Snowflake to every analyst often ask for account data."),
    ("tech", "Your team is adopting Snowflake, so the tables can land there."),
    ("funding", "Kestrel Pay runs HubSpot and Stripe."),
    ("launch", "GridSense is live."),
]


@pytest.mark.parametrize("context, claim", STAGES)
def test_a_technology_called_live_or_its_move_done_is_stopped(context, claim):
    assert_stopped(context, claim, "stage of an adoption not in the facts")


@pytest.mark.parametrize("context, claim", STAGES_FAIR)
def test_the_stage_asked_or_made_a_condition_teams_in_general_and_a_live_launch_pass(context, claim):
    assert_written(context, claim)


def test_the_check_names_what_it_found():
    assert adoption_stage_reasons("Snowflake is live now.", "", ("Snowflake",)) == [
        "stage of an adoption not in the facts (is live): Snowflake is live now."]


def test_only_grounds_that_state_the_stage_ground_it():
    assert adoption_stage_reasons("Snowflake is live now.", "Snowflake is live since May", ("Snowflake",)) == []
    assert adoption_stage_reasons("Snowflake is live now.", "Once the warehouse is live, data", ("Snowflake",)) != []
