"""Enrichment and address-check settings from the environment."""

import pytest

from resources.defaults import build_resources
from resources.service_config import field_map
from resources.enrichment import EnrichmentWaterfall
from resources.setting import SettingError


def test_the_local_directory_is_the_only_provider_until_a_url_is_set(tmp_path):
    env = {"SDR_DATA_DIR": str(tmp_path)}
    assert [p.label for p in build_resources(env)["enrichment"].providers()] == ["local"]
    env |= {"SDR_ENRICHMENT_URL": "http://127.0.0.1:9/v1", "SDR_ENRICHMENT_NAME": "crm",
            "SDR_ENRICHMENT_ORDER": "http,local", "SDR_ENRICHMENT_FIELD_MAP": "employees=metrics.headcount",
            "SDR_ENRICHMENT_TTL_DAYS": "7", "SDR_ENRICHMENT_CONCURRENCY": "2", "SDR_ENRICHMENT_MAX_PAGES": "50",
            "SDR_ENRICHMENT_STOP_AFTER": "5"}
    waterfall = build_resources(env)["enrichment"]
    assert [p.label for p in waterfall.providers()] == ["http:crm", "local"]
    assert waterfall.http.field_map == {"employees": "metrics.headcount"} and waterfall.http.concurrency == 2
    assert (waterfall.http.max_pages, waterfall.http.stop_after_unreachable) == (50, 5)
    assert waterfall.ttl_days == 7


def test_address_checks_follow_their_settings(tmp_path):
    env = {"SDR_DATA_DIR": str(tmp_path)}
    default = build_resources(env)["address_checks"]
    assert not default.allow_role_addresses and default.refuse_disposable and not default.check_mx
    checks = build_resources(env | {"SDR_ALLOW_ROLE_ADDRESSES": "true", "SDR_CHECK_MX": "1",
                                    "SDR_DNS_NAMESERVERS": "127.0.0.1, 127.0.0.2"})["address_checks"]
    assert checks.allow_role_addresses and checks.check_mx and checks.nameservers == ["127.0.0.1", "127.0.0.2"]


@pytest.mark.parametrize("bad", ["employees", "=headcount", "employees="])
def test_a_malformed_field_map_is_refused_with_the_pair(bad):
    with pytest.raises(ValueError, match="field=key"):
        field_map(bad)


def test_an_unknown_provider_in_the_order_is_refused_before_any_run(tmp_path):
    with pytest.raises(SettingError, match="^SDR_ENRICHMENT_ORDER must .*'local,clearbit'$"):
        build_resources({"SDR_DATA_DIR": str(tmp_path), "SDR_ENRICHMENT_ORDER": "local,clearbit"})
    with pytest.raises(ValueError, match="clearbit"):  # a waterfall built some other way still refuses it
        EnrichmentWaterfall(order=["local", "clearbit"]).providers()
