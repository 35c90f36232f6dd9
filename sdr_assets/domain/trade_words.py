"""English that B2B sales mail writes in lower case and faker's word lists lack: the words of the
trade, the regions and places teams sell into, the industries and segments they sell to, the
events and routines of sales work, and the clipped heads of compounds such as "proptech"."""

from __future__ import annotations

import re

# Words of the trade and irregular forms that no suffix rule derives.
TRADE_WORDS = frozenset(
    "email emails e-mail inbox outreach inbound demo intro onboard offboard ramp upsell cross-sell churn quota "
    "cadence playbook workflow funnel crm erp api sdk roi kpi okr gtm icp abm mql sql sdr bdr ae csm "
    "salesops martech fintech insurtech healthtech edtech adtech devops startup scaleup mid-market smb vendor "
    "colleague hygiene dashboard analytics warehouse lakehouse etl elt stack tooling signup sync async "
    "follow-up followup touchpoint benchmark spreadsheet calendar automate unblock de-risk streamline upskill "
    "rollout roadmap backlog runway okay ok hi thanks congrats ps fyi asap eta cc bcc "
    "built sent wrote kept found made took went ran saw told thought brought caught taught felt left lost met "
    "paid said sold spent stood understood held led meant heard knew grown shown seen done gone given "
    "taken written chosen spoken drove driven began begun broke broken".split()
)

# Sales regions, markets and the places and peoples they are named after.
REGIONS = frozenset(
    "emea emeai apac apj japac latam lac amer amers noram nam nordics nordic dach benelux baltics balkans "
    "iberia iberian anz mena cee see uki ukii gcc dach dacha americas europe european eu asia asian "
    "africa african oceania scandinavia scandinavian mediterranean middle-east worldwide global regional "
    "american british english german french spanish italian dutch irish swiss austrian belgian polish swedish "
    "danish norwegian finnish portuguese czech greek turkish israeli emirati saudi canadian mexican brazilian "
    "argentinian chilean colombian indian japanese chinese korean singaporean australian kiwi "
    "usa uk bay".split()
)

# Cities teams sell into: names, which ``english_words`` reads as names, not as English words.
CITIES = frozenset(
    "nyc sf london berlin paris amsterdam dublin munich hamburg madrid barcelona lisbon stockholm "
    "copenhagen oslo helsinki zurich geneva vienna warsaw prague milan brussels boston chicago austin seattle "
    "denver atlanta miami toronto vancouver montreal sydney melbourne auckland tokyo seoul dubai bangalore "
    "mumbai delhi".split()
)

# Industries, verticals and the segments of a market.
INDUSTRIES = frozenset(
    "ecommerce e-commerce ecom ecomm retail retailer saas paas iaas b2b b2c b2g d2c dtc midmarket mid-market "
    "smb smbs sme smes enterprise upmarket downmarket vertical verticals horizontal cpg fmcg qsr telecom "
    "telecoms telco telcos pharma biopharma biotech medtech healthcare hospitality logistics wholesale "
    "marketplace marketplaces omnichannel dropshipping subscription nonprofit non-profit ngo govtech "
    "public-sector cybersecurity infosec crypto blockchain web genai ai llm ml iot automotive aerospace "
    "defense defence renewables cleantech climatetech utilities wellness fitness gaming esports foodservice "
    "agribusiness agency agencies msp msps isv isvs oem oems var vars gsi gsis reseller resellers vc vcs pe "
    "unicorn unicorns bootstrapped solopreneur freelancer edu higher-ed k-12 insurance banking".split()
)

# Events, routines, documents and numbers of sales and marketing work.
WORK_NOUNS = frozenset(
    "kickoff kick-off offsite off-site onsite on-site standup stand-up all-hands huddle retro retrospective "
    "sprint onboarding offboarding renewal pipeline pipegen prospecting prospect enablement webinar summit "
    "roadshow hackathon meetup bootcamp workshop masterclass conference expo booth swag happy-hour "
    "qbr qbrs ebr mbr one-on-one forecast forecasting attainment commission spiff spiffs presales pre-sales "
    "postsales post-sales handoff hand-off handover discovery poc pilot rfp rfps rfi rfq procurement "
    "redline redlines msa sow nda dpa sla slas signoff sign-off go-live golive headcount backfill territory "
    "whitespace lookalike persona personas tam sam som stakeholder decision-maker gatekeeper shortlist "
    "voicemail inmail inmails dm dms ooo callback no-show noshow reschedule unsubscribe opt-out optout opt-in "
    "deliverability warmup warm-up dedupe dedup enrichment leadgen lead-gen demandgen demand-gen bizops biz "
    "bizdev biz-dev devrel cosell co-sell arr mrr acv tcv ltv cac nrr grr nps csat payback ebitda ytd qoq yoy "
    "mom eoq eoy eom midyear mid-year h1 h2 fy cro cmo cto cfo coo ceo vp svp evp cxo ciso cofounder "
    "co-founder recruiter recruiting revops rep sequence objection sponsor license licence segment cohort".split()
)

# Clipped heads of industry and team compounds: "prop" of "proptech", "rev" of "revops".
CLIPPED_HEADS = frozenset(
    "prop reg ag agri agro gov bio med ed ad mar insur hr fem auto cyber geo aero nano pharma info "
    "rev dev sec devsec ml data fin biz mil con".split()
)

# A compound of a head and one of these is English when its head is: "legaltech", "revops".
COMPOUND_TAILS = re.compile(r"(?:tech|ops)\Z")
