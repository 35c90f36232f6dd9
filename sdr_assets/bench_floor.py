"""The DuckDB floor: the pipeline's reads, joins, filters and aggregations as plain SQL.

One process, one DuckDB file, no Dagster and no Python loop over rows. The plays are translated
into SQL predicates once (triggers, segments, personas, templates); everything else is set-based.
What the floor leaves out is the work SQL cannot do: MIME parsing and the reply labeller, message
building and DKIM signing, the draft verifier. The ratio of the pipeline to it says how much the
pipeline spends beyond moving and joining the data.
"""

from __future__ import annotations

import re
import time
from datetime import datetime
from pathlib import Path

from resources.attachments import connect

SENIORITY_RANK = {"c_level": 5, "vp": 4, "director": 3, "manager": 2, "ic": 1}
EMAIL_PATTERN = r"^[a-z0-9._%+'-]+@[a-z0-9.-]+\.[a-z]{2,}$"
FACT_FIELDS = ("first_name", "last_name", "company_name", "employees", "industry", "country", "role", "round",
               "amount_usd", "technology", "topic", "why_now")


def _quote(text: object) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _in_list(values) -> str:
    return "(" + ", ".join(_quote(v) for v in values) + ")"


def _whole_words(words) -> str:
    """Any of ``words`` as a whole word or its plural, as ``targeting`` reads a title or keyword ("cto" is not in
    "director"); no word matches nothing."""
    words = [re.escape(str(w).lower()) for w in words if str(w).strip()]
    return _quote(r"(^|[^\pL\pN])(" + "|".join(words) + r")(e?s)?([^\pL\pN]|$)" if words else r"[^\s\S]")


def trigger_sql(trigger: dict, now: datetime) -> str:
    """A play trigger as a predicate over the floor's raw signals."""
    parts = [f"signal_type = {_quote(trigger['signal_type'])}"]
    if trigger["signal_type"] == "tech_adoption":  # a technology dropped is no adoption
        parts.append("coalesce(attributes->>'change', '') <> 'removed'")
    if trigger.get("max_age_days") is not None:
        days = int(trigger["max_age_days"])
        parts.append(f"observed_at >= {_quote(now.isoformat())}::timestamptz - interval {days} day")
    match = trigger.get("match") or {}
    if "keywords" in match:
        parts.append(f"regexp_matches(lower(coalesce(detail, '') || ' ' || coalesce(attributes::varchar, '')), "
                     f"{_whole_words(match['keywords'])})")
    if "technologies" in match:
        parts.append(f"lower(attributes->>'technology') in {_in_list(t.lower() for t in match['technologies'])}")
    if "rounds" in match:
        parts.append(f"lower(attributes->>'round') in {_in_list(r.lower() for r in match['rounds'])}")
    if "min_amount_usd" in match:
        parts.append(f"try_cast(attributes->>'amount_usd' as double) >= {float(match['min_amount_usd'])}")
    if "min_score" in match:
        parts.append(f"try_cast(attributes->>'score' as double) >= {float(match['min_score'])}")
    return " and ".join(parts)


def segment_sql(segment: dict) -> str:
    parts = ["true"]
    if segment.get("industries"):
        parts.append(f"lower(trim(industry)) in {_in_list(i.strip().lower() for i in segment['industries'])}")
    if segment.get("countries"):  # the pipeline also reads a country's names (``countries.country_code``)
        parts.append(f"upper(trim(country)) in {_in_list([c.upper() for c in segment['countries']])}")
    bounds = segment.get("employees") or {}
    if bounds:  # an unknown headcount fits no bound
        parts.append(f"employees between {int(bounds.get('min', 0))} and {int(bounds.get('max', 10**9))}")
    return " and ".join(parts)


def persona_sql(persona: dict) -> str:
    base = " + ".join([
        f"(case when regexp_matches(lower(coalesce(title, '')), {_whole_words(persona['titles'])}) then 10 else 0 end)"
        if persona.get("titles") else "0",
        f"(case when lower(trim(department)) in {_in_list(d.strip().lower() for d in persona['departments'])} "
        "then 4 else 0 end)"
        if persona.get("departments") else "0",
    ])
    if not persona.get("seniorities"):
        return f"({base})"
    ranks = " ".join(f"when {_quote(k)} then {v}" for k, v in SENIORITY_RANK.items())
    rank = f"case lower(trim(seniority)) {ranks} else 0 end"
    return (f"(({base}) + case when ({base}) > 0 and lower(trim(seniority)) in {_in_list(persona['seniorities'])} "
            f"then 2 + {rank} else 0 end)")


def _by_play(plays, expression) -> str:
    return "case play " + " ".join(f"when {_quote(p.name)} then {expression(p)}" for p in plays) + " end"


def _render(template_column: str, fields: list[str]) -> str:
    sql = template_column
    for name in fields:
        sql = f"replace({sql}, '{{{name}}}', coalesce(facts->>{_quote(name)}, ''))"
    return sql


def _templates(plays) -> list[tuple]:
    """(play, version, step, channel, delay, variant index, variant count, subject, body) per template."""
    rows = []
    for play in plays:
        for number, step in enumerate(play.sequence, start=1):
            variants = play.variants if step["channel"] == "email" and "body" not in step else [None]
            for index, variant in enumerate(variants):
                if step["channel"] == "linkedin":
                    subject, body = "", str(step.get("note", ""))
                elif variant is None:
                    subject, body = str(step.get("subject", "")), str(step["body"])
                else:
                    subject, body = str(variant["subject"]), str(variant["body"])
                sender = str(play.sender.get("name", ""))
                rows.append((play.name, play.version_hash, number, step["channel"], int(step.get("delay_days", 0)),
                             index, len(variants), subject.replace("{sender_name}", sender),
                             body.replace("{sender_name}", sender)))
    return rows


def _steps_sql(templates: list[tuple]) -> str:
    values = ", ".join("(" + ", ".join(_quote(v) if isinstance(v, str) else str(v) for v in row) + ")"
                       for row in templates)
    return ("select * from (values " + values + ") as t(play, play_version, step, channel, delay_days, "
            "variant_index, variants, subject_t, body_t)")


def statements(root: Path, plays, now: datetime, maildir: Path) -> dict[str, list[str]]:
    """Each stage's SQL, in order."""
    inbox = root / "inbox" / "signals"
    reference = root / "reference"
    now_sql = f"{_quote(now.isoformat())}::timestamptz"
    triggers = " union all ".join(
        f"select {_quote(p.name)} as play, {i} as trigger_rank, {_quote(t['signal_type'])} as trigger, * "
        f"from f_raw where {trigger_sql(t, now)}"
        for p in plays for i, t in enumerate(p.triggers))
    templates = _templates(plays)
    placeholders = sorted({m for row in templates for m in re.findall(r"\{(\w+)\}", row[7] + row[8])})
    columns = ("{signal_id: 'VARCHAR', company_domain: 'VARCHAR', signal_type: 'VARCHAR', detail: 'VARCHAR', "
               "observed_at: 'VARCHAR', source: 'VARCHAR', attributes: 'JSON'}")
    return {
        "signals": [
            f"""create or replace table f_raw as
            select signal_id, company_domain, signal_type, detail, try_cast(observed_at as timestamptz) as observed_at,
                   source, attributes::json as attributes, filename as source_file
            from (select * from read_json('{inbox}/*.jsonl', format = 'newline_delimited',
                                                   ignore_errors = true, columns = {columns}, filename = true)
                  union all by name
                  select * from read_csv('{inbox}/*.csv', all_varchar = true, filename = true))
            where signal_id is not null and company_domain <> '' and try_cast(observed_at as timestamptz) is not null
            qualify row_number() over (partition by signal_id order by source_file) = 1""",
        ],
        "qualified": [
            f"""create or replace table f_qualified as select * from ({triggers})
            qualify row_number() over (partition by play, signal_id order by trigger_rank) = 1""",
        ],
        "enriched": [
            f"create or replace table f_companies as select * from read_csv('{reference}/companies.csv')",
            f"create or replace table f_contacts as select * from read_csv('{reference}/contacts.csv')",
            f"""create or replace table f_enriched as
            with latest as (
                select * from f_qualified
                qualify row_number() over (partition by play, company_domain order by observed_at desc) = 1
            ), seg as (
                select l.*, c.name as company_name, c.industry, c.employees, c.country, c.tech_stack,
                       case when c.domain is null then 'unknown_company'
                            when not ({_by_play(plays, lambda p: segment_sql(p.segment))}) then 'out_of_segment'
                            else 'ready' end as segment_status
                from latest l left join f_companies c on c.domain = l.company_domain
            ), scored as (
                select s.play, s.company_domain, k.contact_id, k.first_name, k.last_name, k.title, k.seniority,
                       k.department, lower(trim(k.email)) as email, k.linkedin_url,
                       {_by_play(plays, lambda p: 'greatest(0, ' + ', '.join(persona_sql(x) for x in p.personas) + ')')}
                           as persona_score
                from seg s join f_contacts k on k.company_domain = s.company_domain
                where s.segment_status = 'ready'
            ), best as (
                select * from scored
                where persona_score >= 6 and regexp_matches(email, {_quote(EMAIL_PATTERN)})
                qualify row_number() over (partition by play, company_domain
                                           order by persona_score desc, seniority desc, contact_id) = 1
            )
            select seg.*, best.* exclude (play, company_domain),
                   case when seg.segment_status = 'ready' and best.contact_id is null then 'no_contact'
                        else seg.segment_status end as status
            from seg left join best using (play, company_domain)""",
        ],
        "angles": [
            f"""create or replace table f_angles as
            select play, company_domain, signal_id, signal_type, email as contact_email,
                   first_name || ' ' || last_name as contact_name, linkedin_url,
                   json_object('first_name', first_name, 'last_name', last_name, 'company_name', company_name,
                               'employees', employees::varchar, 'industry', industry, 'country', country,
                               'role', attributes->>'role', 'round', attributes->>'round',
                               'amount_usd', attributes->>'amount_usd', 'technology', attributes->>'technology',
                               'topic', attributes->>'topic', 'why_now', detail) as facts,
                   round(0.45 * least(persona_score / 21, 1)
                         + 0.35 * greatest(0, least(1, 1 - date_diff('day', timezone('UTC', observed_at)::date,
                                                                    timezone('UTC', {now_sql})::date) / 30))
                         + 0.2 * case when signal_type = 'intent'
                                      then coalesce(try_cast(attributes->>'score' as double), 70) / 100
                                      else 0.8 end, 3) as fit
            from f_enriched where status = 'ready'""",
        ],
        "drafts": [
            f"create or replace table f_steps as {_steps_sql(templates)}",
            f"""create or replace table f_drafts as
            select md5(a.play || '|' || s.play_version || '|' || a.contact_email || '|' || s.step) as draft_id,
                   a.play, s.play_version, a.company_domain, a.contact_email, a.contact_name, a.signal_type, s.step,
                   s.channel, s.delay_days, s.variant_index as variant, a.fit,
                   {_render('s.subject_t', placeholders)} as subject, {_render('s.body_t', placeholders)} as body
            from f_angles a join f_steps s on s.play = a.play
            where s.variant_index = hash(a.play || '|' || a.contact_email) % s.variants""",
        ],
        "gate": [
            "create or replace table f_approvals as select distinct play, play_version from f_steps",
            """create or replace table f_gate as
            select d.* from f_drafts d join f_approvals a using (play, play_version)""",
        ],
        "sends": [
            """create table if not exists f_ledger (send_key varchar primary key, play varchar, contact_email varchar,
                step integer, subject varchar, status varchar, message_id varchar, fit double, sent_at timestamptz)""",
            f"""insert into f_ledger
            select md5(play || '|' || contact_email || '|' || step) as send_key, play, contact_email, step, subject,
                   'sent', '<sdr-' || md5(play || '|' || contact_email || '|' || step) || '@outreach.example>',
                   fit, {now_sql}
            from f_gate g
            where channel = 'email' and delay_days = 0
              and not exists (select 1 from f_ledger l where l.play = g.play and l.contact_email = g.contact_email
                              and l.step = g.step)
            on conflict do nothing""",
        ],
        "triage": [
            f"""create or replace table f_replies as
            select filename as message_key, content::varchar as raw,
                   regexp_extract(content::varchar, '(?i)\\nMessage-ID:\\s*(<[^>]+>)', 1) as message_id,
                   regexp_extract(content::varchar, '(?i)\\nIn-Reply-To:\\s*(<[^>]+>)', 1) as in_reply_to,
                   regexp_extract(content::varchar, '(?i)\\nSubject:\\s*([^\\n]*)', 1) as subject
            from read_blob('{maildir}/*/*')""",
            """create or replace table f_classifications as
            select r.message_id, l.send_key, l.play, l.contact_email,
                   case when regexp_matches(r.subject, '(?i)undeliver|delivery status|returned mail') then 'bounce'
                        when regexp_matches(r.raw, '(?i)feedback-type:\\s*abuse') then 'complaint'
                        when regexp_matches(r.subject, '(?i)out of office|automatic reply|abwesend')
                            then 'out_of_office'
                        else 'human' end as kind,
                   case when regexp_matches(r.raw, '(?i)unsubscribe|remove me') then 'unsubscribe'
                        when regexp_matches(r.raw, '(?i)interested|call|demo') then 'interested'
                        else 'other' end as label
            from f_replies r left join f_ledger l on lower(l.message_id) = lower(r.in_reply_to)""",
        ],
        "analytics": [
            """create or replace table f_summary as
            with replies as (
                select send_key, bool_or(kind = 'human') as human, bool_or(kind = 'bounce') as bounced,
                       bool_or(kind = 'complaint') as complained, bool_or(label = 'unsubscribe') as unsubscribed,
                       bool_or(label = 'interested') as positive
                from f_classifications where send_key is not null group by send_key
            )
            select l.play, count(*) as emails_sent, count(distinct l.contact_email) as contacts,
                   count(*) filter (r.human) as human_replies, count(*) filter (r.positive) as positive_replies,
                   count(*) filter (r.bounced) as bounces, count(*) filter (r.complained) as complaints,
                   count(*) filter (r.unsubscribed) as unsubscribes
            from f_ledger l left join replies r using (send_key) where l.status = 'sent' group by l.play""",
            f"copy f_summary to '{root}/floor_summary.parquet' (format parquet)",
            f"copy f_ledger to '{root}/floor_ledger.parquet' (format parquet)",
            f"copy f_classifications to '{root}/floor_classifications.parquet' (format parquet)",
        ],
    }


PASSES = 3


def measure(root: Path, plays_dir: Path, now: datetime, sampler=None, maildir: Path | None = None,
            passes: int = PASSES) -> dict:
    """Every stage's SQL against the benchmark's own files, ``passes`` times over; the fastest pass is
    the floor (seconds, rows and peak memory per stage), and every pass's total is kept beside it.

    A floor is the least the work can take: one pass alone moved by a sixth between two runs on this
    machine, with whatever else it was doing at that moment."""
    from sdr_assets.playbook import load_plays

    plays = list(load_plays(plays_dir).plays.values())
    sql = statements(root, plays, now, maildir or root / "replies")
    runs = [_one_pass(root, sql, sampler) for _ in range(max(1, passes))]
    if len({tuple(s["rows"] for s in run["stages"]) for run in runs}) > 1:
        raise RuntimeError("the floor's passes disagree on their row counts")
    fastest = min(runs, key=lambda run: run["seconds"])
    return {**fastest, "passes": [run["seconds"] for run in runs]}


def _one_pass(root: Path, sql: dict[str, list[str]], sampler) -> dict:
    tables = {"signals": "f_raw", "qualified": "f_qualified", "enriched": "f_enriched", "angles": "f_angles",
              "drafts": "f_drafts", "gate": "f_gate", "sends": "f_ledger", "triage": "f_classifications",
              "analytics": "f_ledger"}
    stages = []
    path = root / "floor.duckdb"
    path.unlink(missing_ok=True)
    con = connect(str(path), configured=False)  # the floor is plain DuckDB, times in UTC
    try:
        started = time.perf_counter()
        for name, statements_ in sql.items():
            t0, wall0 = time.perf_counter(), time.time()
            for statement in statements_:
                con.execute(statement)
            seconds = time.perf_counter() - t0
            rows = con.execute(f"select count(*) from {tables[name]}").fetchone()[0]
            peak = sampler.peak_mb(wall0, time.time()) if sampler else 0.0
            cpu = sampler.cpu_seconds(wall0, time.time()) if sampler else 0.0
            stages.append({"name": name, "seconds": round(seconds, 4), "rows": int(rows),
                           "peak_rss_mb": round(peak, 1), "cpu_seconds": round(cpu, 3)})
        total = time.perf_counter() - started
    finally:
        con.close()
        path.unlink(missing_ok=True)
    return {"seconds": round(total, 3), "stages": stages}
