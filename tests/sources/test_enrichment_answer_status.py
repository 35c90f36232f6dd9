"""An HTTP enrichment answer other than 200 (or 404, unknown) is the provider's error: never the
company's record, never cached, and the next provider is still asked."""

from datetime import timedelta

from http_server import Reply
from test_enrichment_waterfall import CHECK, GLOBEX, NOW, Memory, http_provider, person

from resources.enrichment import EnrichmentWaterfall, LocalDirectoryEnrichment
from sdr_assets.enrichment_cache import run_waterfall

DOMAIN = "globex.example"


def test_a_lookup_the_provider_has_only_queued_is_unenriched_and_asked_again_once_it_is_ready(serve):
    ready = []

    def route(request):
        if request.path == f"/companies/{DOMAIN}":
            return Reply(200, {"data": GLOBEX}) if ready else Reply(202, {"data": {"status": "queued"}})
        if request.path == f"/companies/{DOMAIN}/contacts":
            return Reply(200, {"people": [person(1, DOMAIN)]}) if ready else Reply(404, {"error": "unknown"})
        return Reply(404, {"error": "unknown"})

    waterfall = EnrichmentWaterfall(http=http_provider(serve(route), api_key=""))
    con = Memory()
    first, _ = run_waterfall(waterfall, [DOMAIN], con, NOW, CHECK)
    assert not first[DOMAIN].known
    assert "HTTP 202: the provider has not answered yet" in first[DOMAIN].unenriched()["name"]
    ready.append(True)  # the provider finished its lookup a minute later
    again, stats = run_waterfall(waterfall, [DOMAIN], con, NOW + timedelta(hours=1), CHECK)
    assert again[DOMAIN].known and again[DOMAIN].values["name"] == "Globex Corp", (again[DOMAIN], stats)


def test_the_body_of_a_redirect_is_not_the_asked_companys_record_and_the_next_provider_is_asked(serve, tmp_path):
    def route(request):
        if request.path == f"/companies/{DOMAIN}":
            return Reply(301, {"data": {"name": "Globex Holdings", "industry": "Conglomerate"}},
                         headers={"Location": "/companies/globex-holdings.example?token=s3cret"})
        return Reply(404, {"error": "unknown"})

    (tmp_path / "companies.csv").write_text(f"domain,name,industry\n{DOMAIN},Globex,\n")
    (tmp_path / "contacts.csv").write_text("contact_id,company_domain,first_name,last_name,email\n")
    waterfall = EnrichmentWaterfall(http=http_provider(serve(route), api_key=""),
                                    local=LocalDirectoryEnrichment(directory=str(tmp_path)), order=["http", "local"])
    accounts, _ = run_waterfall(waterfall, [DOMAIN], Memory(), NOW, CHECK)
    globex = accounts[DOMAIN]
    assert globex.values["name"] == "Globex" and globex.provenance["name"] == "local", globex
    assert "industry" not in globex.values, globex
    reason = " ".join(globex.errors["industry"])
    assert "HTTP 301 to '/companies/globex-holdings.example', not followed" in reason and "s3cret" not in reason
