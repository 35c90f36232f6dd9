"""Drafts are written only from research done under the play's current version: an edit that narrows
whom the play mails (its segment, its personas), once approved, mails nobody the edit left out, even
before a signals run has researched the accounts again (it failed, or is still running)."""

import pytest

from sdr_assets.play_graph import job_name
from tests.approving import approve

PLAY = "revops-hiring"


def _rows(resources, sql, params=()):
    with resources["warehouse"].connect() as con:
        return con.execute(sql, list(params)).fetchall()


@pytest.mark.opening("signals_ran")
def test_an_approved_narrowed_segment_mails_no_account_it_left_out(defs, resources, data_dir, instance):
    countries = dict(_rows(resources, "select country, count(*) from enriched_accounts e join research_angles r "
                                      "using (play, company_domain) where play = ? group by all", [PLAY]))
    left_out = next(c for c in ("GB", "DE", "CA", "NL", "FR", "IE", "ES") if countries.get(c))
    assert countries.get("US"), countries  # the US stays: the narrowed play still has accounts to mail
    path = data_dir / "plays" / f"{PLAY}.yaml"
    path.write_text(path.read_text().replace("countries: [US, GB, CA, NL, DE, IE, FR, ES]", "countries: [US]"))
    approve(resources, PLAY, note="US only from now on")

    # The play's outreach run, as the outreach sensor launches it on the approval, before research ran again.
    defs.resolve_job_def(job_name(PLAY)).execute_in_process(instance=instance, raise_on_error=False)

    sent = _rows(resources, "select e.country, count(*) from send_ledger l join enriched_accounts e "
                            "using (play, company_domain) where l.play = ? and l.status = 'sent' group by all", [PLAY])
    drafted = _rows(resources, "select distinct e.country from message_drafts d join enriched_accounts e "
                               "using (play, company_domain) where d.play = ? and d.play_version = ?",
                    [PLAY, _version(data_dir)])
    assert left_out not in {c for c, _ in sent}, f"mailed accounts in {left_out}, which the approved version left out"
    assert left_out not in {c for (c,) in drafted}, "drafts of the approved version for accounts it left out"

    # Once research runs under the approved version, the play mails its own segment.
    assert defs.resolve_job_def("signals_job").execute_in_process(instance=instance).success
    defs.resolve_job_def(job_name(PLAY)).execute_in_process(instance=instance, raise_on_error=False)
    sent = dict(_rows(resources, "select e.country, count(*) from send_ledger l join enriched_accounts e "
                                 "using (play, company_domain) where l.play = ? and l.status = 'sent' group by all",
                      [PLAY]))
    assert set(sent) == {"US"}, sent


def _version(data_dir):
    from tests.approving import current_version

    return current_version(PLAY, data_dir / "plays")
