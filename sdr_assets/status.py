"""What the warehouse holds right now, for `sdr status` and the demo summary."""

from __future__ import annotations

from resources.settings import PipelinePaths
from resources.warehouse import Warehouse, one, table_exists
from sdr_assets.domain import approvals
from sdr_assets.domain.plays import load_plays

TABLES = (
    "raw_signals", "quarantined_signal_rows", "qualified_signals", "enriched_accounts", "research_angles",
    "message_drafts", "send_ledger", "linkedin_tasks", "raw_replies", "reply_classifications",
    "suppression_list", "sequence_holds", "escalations", "reply_rate_summary", "play_approvals",
)


def collect_status(warehouse: Warehouse, paths: PipelinePaths) -> dict:
    book = load_plays(paths.plays)
    with warehouse.connect() as con:
        counts = {t: (one(con, f"select count(*) from {t}")[0] if table_exists(con, t) else 0)
                  for t in TABLES}
        plays = []
        for play in book.plays.values():
            state = approvals.approval_status(con, play)
            plays.append({"play": play.name, "version": play.version_hash, "status": state.status,
                          "approved_by": state.approved_by, "owner": play.owner})
        sent = dict(con.execute("select status, count(*) from send_ledger group by all").fetchall()) \
            if table_exists(con, "send_ledger") else {}
        rates = con.execute("select play, emails_sent, human_replies, positive_replies, reply_rate "
                            "from reply_rate_summary order by play").fetchall() \
            if table_exists(con, "reply_rate_summary") else []
        open_escalations = one(con, "select count(*) from escalations")[0] \
            if table_exists(con, "escalations") else 0
    return {
        "tables": counts,
        "plays": plays,
        "pending_plays": [p["play"] for p in plays if p["status"] != "approved"],
        "ledger_by_status": sent,
        "reply_rates": [
            {"play": p, "emails_sent": s, "human_replies": h, "positive_replies": pos, "reply_rate": round(r, 4)}
            for p, s, h, pos, r in rates
        ],
        "escalations": open_escalations,
        "invalid_play_files": book.errors,
    }
