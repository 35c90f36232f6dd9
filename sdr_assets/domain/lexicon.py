"""Word lists the draft verifier reads. Maintained by hand: add a phrase when a reviewer meets one.

``AI_TELLS`` are the openers and fillers that mark machine-written outreach. ``CLAIM_GROUPS`` are
kinds of statement about a prospect that need a fact behind them; ``CLAIM_SENSES`` says which
phrases state the same fact: a draft may use a phrase only when the facts or the approved template
use that phrase or one that shares a sense with it; ``REPLY_CLAIMS`` say the prospect has written to
the sender, which a draft may not unless its template does. Lists were written from general outreach
practice, not from the verifier's evaluation set. The last lists are what the verifier folds
text with (look-alike letters, brackets) and reads numbers with (currencies, scales, nouns).
"""

AI_TELLS = (
    "hope this email finds you well",
    "hope this finds you well",
    "hope this message finds you",
    "hope you are doing well",
    "hope you're doing well",
    "hope all is well",
    "i came across your profile",
    "i came across your company",
    "i came across your post",
    "i stumbled upon",
    "i saw your recent post",
    "i noticed your recent post",
    "i was impressed by",
    "i've been following your",
    "big fan of your work",
    "love what you're doing",
    "love what you are doing",
    "truly inspiring",
    "amazing company",
    "impressive work",
    "impressive growth",
    "i'm reaching out because",
    "i am reaching out because",
    "just wanted to reach out",
    "just wanted to touch base",
    "touch base",
    "circle back",
    "in today's fast-paced",
    "in today's competitive",
    "ever-evolving",
    "game-changer",
    "game changer",
    "revolutionize",
    "revolutionise",
    "cutting-edge",
    "synergy",
    "synergies",
    "delve",
    "seamlessly",
    "unlock the full potential",
    "to the next level",
    "pick your brain",
    "as an ai",
    "as a language model",
    "i trust this",
    "dear sir or madam",
    "to whom it may concern",
    "i wanted to personally",
    "don't hesitate to reach out",
    "do not hesitate to reach out",
    "without further ado",
    "look no further",
    "rest assured",
)

CLAIM_GROUPS = {
    "funding": ("raise", "raised", "raising", "funding", "funded", "round", "investment", "investor",
                "investors", "backed", "series", "valuation", "valued"),
    "acquisition": ("acquisition", "acquired", "acquire", "acquiring", "buyout", "bought", "merger",
                    "merged", "merging", "sale of", "the exit", "your exit"),
    "partnership": ("partner", "partners", "partnership", "partnered", "alliance", "teamed"),
    "listing": ("ipo", "listed", "listing", "public offering", "going public", "went public", "go public",
                "stock exchange"),
    "customers": ("customer", "customers", "client", "clients", "logos"),
    "growth": ("grew", "growth", "growing", "doubled", "tripled", "quadrupled", "doubling", "tripling",
               "quadrupling", "multiplied", "expanded", "expansion", "expanding", "scaled", "record"),
    "award": ("award", "awarded", "winner", "won", "recognised", "recognized", "ranked"),
    "layoffs": ("layoff", "layoffs", "laid off", "restructuring", "downsizing"),
    "launch": ("launch", "launched", "launching", "released", "unveiled", "announced", "announcement"),
    "hiring": ("hiring", "hire", "hired", "opening", "openings", "recruiting", "role", "seat"),
    "leadership": ("joined", "appointed", "promoted", "stepped down", "stepped away", "resigned",
                   "new ceo", "new cto", "your new", "new role", "new position", "new job", "were let go",
                   "was let go", "been let go", "retirement", "retiring", "co-founded", "cofounded"),
    "adoption": ("adopting", "adopted", "adoption", "rolled out", "rolling out", "migrating", "migrated",
                 "moving to", "switched", "ditching", "cancelled", "canceled"),
    "research": ("researching", "research", "evaluating", "looking into", "shopping"),
    "revenue": ("revenue", "arr", "profit", "profitable", "profitability", "margin", "sales grew"),
    "press": ("press", "article", "interview", "podcast", "webinar", "keynote", "post", "blog", "made headlines",
              "made the headlines", "making headlines", "hit the headlines", "grabbed headlines",
              "grabbed the headlines", "headlines everywhere",
              "in the news", "made the news", "i read about", "i've read about", "i was reading about",
              "press coverage", "media coverage", "news coverage", "lot of coverage", "lots of coverage",
              "plenty of coverage", "got coverage", "getting coverage", "congrats on the coverage",
              "congrats on all the coverage", "congratulations on the coverage", "congratulations on all the coverage",
              "saw the coverage", "seen the coverage", "read the coverage", "the coverage you got",
              "the coverage you've had", "the coverage you received", "the coverage it got",
              *(f"coverage of {whose} {what}" for whose in ("the", "your") for what in
                ("round", "raise", "series", "funding", "announcement", "launch", "news"))),
    "office": ("office", "headquarters", "relocated", "relocating", "new market"),
    "role_title": ("ceo", "cto", "cfo", "coo", "cro", "cmo", "founder", "co-founder", "cofounder",
                   "president", "vp", "vice president", "director", "head of", "manager", "chief",
                   "chief executive", "chief technology", "chief financial", "chief operating",
                   "chief revenue", "chief marketing"),
    "time": ("yesterday", "last week", "last month", "this morning", "last quarter", "last year",
             "this week", "today", "earlier today", "hours ago", "days ago", "weeks ago", "months ago",
             "this month", "the other day", "over the weekend", "last weekend"),
    "ranking": ("largest", "biggest", "fastest", "fastest-growing", "fastest growing", "top", "leading",
                "leader", "market leader", "#1", "number one", "number-one", "no. 1", "best-in-class",
                "best in class", "world-class", "world class", "the best", "highest", "unicorn", "premier",
                "dominant", "foremost", "most innovative", "most successful", "most trusted", "most advanced",
                "most popular", "most respected", "the only platform", "the only tool", "the only solution",
                "the only vendor", "the only provider", "the only product", "the only company", "the only team",
                "the only service", "no one else", "no-one else", "nobody else", "no other platform", "no other tool",
                "no other solution", "no other vendor", "unmatched", "unrivaled", "unrivalled", "unparalleled",
                "unbeatable", "second to none", "like no other", "one of a kind", "one-of-a-kind"),
    "deal": ("deal", "deals", "contract", "contracts", "agreement", "reseller", "tender", "signed a",
             "signed an", "signed with"),
    "competitors": ("competitor", "competitors", "rival", "rivals"),
    # Contact before this email: a call, a meeting, a referral, a download. Said in reply to the
    # prospect ("thanks for getting back"), contact is real: those phrases are ``REPLY_CLAIMS``.
    "earlier_contact": (
        "our call", "our conversation", "our chat", "our meeting", "our talk", "our discussion", "our exchange",
        "our last", "our previous", "our earlier", "our mutual", "mutual friend", "mutual connection",
        "mutual contact", "as discussed", "as we discussed", "like we discussed", "we discussed", "as promised",
        "i promised", "we spoke", "we talked", "we chatted", "we met", "when we spoke", "since we spoke",
        "last time we", "spoke with you", "spoke to you", "talked with you", "talked to you", "chatted with you",
        "met you", "great speaking", "nice speaking", "good speaking", "lovely speaking", "great talking",
        "nice talking", "good talking", "great chatting", "nice chatting", "good chatting", "great meeting you",
        "nice meeting you", "good meeting you", "lovely meeting you", "was great to meet", "was nice to meet",
        "was good to meet", "was lovely to meet", "meet you at the", "saw you at", "enjoyed our",
        "enjoyed meeting", "enjoyed speaking", "enjoyed talking", "enjoyed chatting", "thanks for the call",
        "thank you for the call", "thanks for the chat", "speak again", "talk again", "chat again", "meet again",
        "reconnect", "reconnecting", "mentioned you", "suggested i", "suggested that i", "suggested we",
        "recommended i", "recommended that i", "referred me", "referred by", "pointed me", "put me in touch",
        "put us in touch", "introduced us", "introduced me", "for the intro", "for the introduction",
        "for downloading", "you downloaded", "for signing up", "you signed up", "for registering",
        "you registered", "for attending", "you attended", "for visiting", "you visited", "for stopping by",
        "for your interest", "expressed interest",
    ),
}

# Phrases that state the same fact: any one in the grounds grounds the others. A phrase in no sense
# is grounded only by itself (every "ranking" phrase: no fact ranks a prospect; every "earlier_contact"
# phrase: no fact says the sender met or spoke with anyone). "valuation" is not "raised", nor "chief
# financial" "vp": a group is a kind of claim, not a licence for its words.
CLAIM_SENSES = (
    ("raise", "raised", "raising", "funding", "funded", "round", "series", "investment"),
    ("investor", "investors", "backed"),
    ("valuation", "valued"),
    ("acquisition", "acquired", "acquire", "acquiring", "buyout", "bought"),
    ("merger", "merged", "merging"),
    ("partner", "partners", "partnership", "partnered", "alliance", "teamed"),
    ("ipo", "listed", "listing", "public offering", "going public", "went public", "go public",
     "stock exchange"),
    ("customer", "customers", "client", "clients", "logos"),
    ("grew", "growth", "growing", "expanded", "expansion", "expanding", "scaled"),
    ("doubled", "doubling"),
    ("tripled", "tripling"),
    ("quadrupled", "quadrupling"),
    ("award", "awarded", "winner", "won"),
    ("recognised", "recognized"),
    ("layoff", "layoffs", "laid off", "restructuring", "downsizing"),
    ("launch", "launched", "launching", "released", "unveiled", "announced", "announcement"),
    ("hiring", "hire", "hired", "opening", "openings", "recruiting", "role", "seat"),
    ("joined", "appointed", "your new", "new role", "new position", "new job"),
    ("stepped down", "stepped away", "resigned"),
    ("adopting", "adopted", "adoption", "rolled out", "rolling out", "migrating", "migrated",
     "moving to", "switched", "ditching", "cancelled", "canceled"),
    ("researching", "research", "evaluating", "looking into", "shopping"),
    ("revenue", "arr", "sales grew"),
    ("profit", "profitable", "profitability"),
    ("press", "article"),
    ("post", "blog"),
    ("office", "headquarters", "relocated", "relocating"),
    ("ceo", "chief executive"),
    ("cto", "chief technology"),
    ("cfo", "chief financial"),
    ("coo", "chief operating"),
    ("cro", "chief revenue"),
    ("cmo", "chief marketing"),
    ("founder", "co-founder", "cofounder"),
    ("vp", "vice president"),
    ("deal", "deals", "contract", "contracts", "agreement", "signed a", "signed an", "signed with"),
    ("competitor", "competitors", "rival", "rivals"),
)
# Phrases that one of the others implies, not the other way round: a person who joined or was
# appointed took a role and is a hire ("congrats on the new role" where the facts say you joined),
# and one promoted has a new role, while an open role says no one joined and a joining is no
# promotion. A text that speaks of an opening (``IMPLIED_NOT_BY``) takes none of these.
IMPLIED_BY = {"role": ("joined", "appointed", "promoted"), "seat": ("joined", "appointed", "promoted"),
              "hire": ("joined", "appointed"), "hired": ("joined", "appointed"),
              **{p: ("promoted",) for p in ("your new", "new role", "new position", "new job")}}
# Words that make a role or a seat an opening still to fill ("is the role still open?").
IMPLIED_NOT_BY = ("open", "still", "fill", "filled", "filling", "looking", "hiring", "vacant", "vacancy",
                  "recruiting")

# An exchange with the prospect, true of an answer to their reply and invented in outreach, which no
# reply precedes: a draft may say one only where its approved template does. What she did with our
# mail or site is ``engagement_claims.py``.
REPLY_CLAIMS = (
    "for getting back", "for your reply", "for replying", "for responding", "for your response",
    "for reaching out", "you reached out", "you mentioned", "you told me", "you asked for", "you asked about",
    "as you asked", "as requested", "as you requested", "you requested", "per your request", "at your request",
)

TECHNOLOGIES = (
    "salesforce", "hubspot", "snowflake", "databricks", "bigquery", "dbt", "redshift", "marketo",
    "salesloft", "gong", "looker", "tableau", "aws", "azure", "gcp", "kubernetes", "zendesk",
    "intercom", "pipedrive", "zoominfo", "apollo", "clearbit", "segment", "fivetran", "airflow",
    "postgres", "mongodb", "stripe", "shopify", "slack", "notion", "jira", "okta", "workday",
)

NUMBER_WORDS = (
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "hundreds",
    "thousand", "thousands", "million", "millions", "billion", "billions", "trillion", "dozen",
    "dozens", "twice", "triple", "double", "half", "percent",
    # Ordinals and multiples say a number too ("your fifth year", "a third of the team", "tenfold").
    "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "twelfth", "twentieth",
    "hundredth", "twofold", "threefold", "fourfold", "fivefold", "tenfold", "quadruple",
)

# Capitalised words common in any business email; a name outside this list needs a fact.
GENERIC_CAPITALISED = (
    "hi", "hello", "hey", "hiya", "g'day", "dear", "thanks", "thank", "best", "regards", "cheers", "congrats",
    "congratulations", "quick", "would", "could", "should", "worth", "happy", "glad", "open", "since",
    "given", "once", "when", "what", "who", "why", "how", "if", "i", "i'm", "i'd", "i'll", "i've",
    "we", "we're", "we've", "our", "you", "your", "you're", "the", "this", "that", "these", "those",
    "it", "it's", "a", "an", "and", "or", "but", "so", "no", "not", "yes", "just", "let", "many",
    "most", "some", "any", "teams", "team", "sorry", "good", "great", "sure", "also", "still",
    "both", "either", "here", "there", "one", "all", "every", "each", "more", "no", "after", "before",
    "until", "while", "as", "at", "in", "on", "for", "with", "from", "to", "by", "of", "do", "does",
    "is", "are", "was", "would", "will", "can", "might", "may", "my", "me", "us", "they", "their",
    "then", "than", "because", "about", "following", "following up", "re", "fwd", "p.s.", "ps",
    "whoever", "whether", "rather", "instead", "mind", "shall", "please", "ok", "okay", "right",
    "crm", "b2b", "saas", "revops", "q&a", "faq", "pipeline", "outbound", "sample", "fair",
    "mr", "mrs", "ms", "mx", "dr",  # courtesy titles before a name the facts give ("Dear Ms. Ortiz")
    # Currency codes, whose amount the number check reads ("EUR 3.5M" where the facts say €3.5M).
    "usd", "eur", "gbp", "jpy", "cny", "rmb", "inr", "chf", "sek", "nok", "dkk", "aud", "cad", "mxn", "zar",
)

# Well-known companies whose names are English words: in lower case, a name only where a draft names
# a customer or a partner and the name ends the phrase ("now that you sell to square", not "sell to
# square footage" nor "a square deal").
WORD_NAMED_COMPANIES = ("apple", "block", "gap", "mercury", "notion", "oracle", "ramp", "sage", "shell", "square",
                        "target", "visa", "zoom")

# Well-known organisations that are not English words, so a draft naming one in lower case still
# names it ("teams at siemens"). Capitalised names need no list: every one is checked.
ORGANISATIONS = (
    "siemens", "bosch", "allianz", "bmw", "daimler", "volkswagen", "porsche", "audi", "basf", "bayer",
    "lufthansa", "telekom", "vodafone", "nestle", "unilever", "philips", "ikea", "spotify", "klarna",
    "ericsson", "nokia", "volvo", "maersk", "novartis", "roche", "ubs", "zalando", "adidas", "google",
    "microsoft", "amazon", "netflix", "uber", "airbnb", "tesla", "nvidia", "ibm", "intel", "cisco",
    "atlassian", "twilio", "dropbox", "linkedin", "facebook", "instagram", "twitter", "youtube",
    "paypal", "mastercard", "revolut", "monzo", "deloitte", "accenture", "mckinsey", "pwc", "kpmg",
    "walmart", "costco", "nike", "pepsico", "samsung", "sony", "toyota", "honda", "boeing", "airbus",
    "openai", "anthropic", "heineken", "carlsberg", "lidl", "aldi", "tesco", "rakuten", "alibaba",
    "tencent", "baidu", "huawei", "xiaomi", "lenovo", "infosys", "wipro",
)

# Legal forms: the word before one is a company's name ("acme gmbh", "acme Inc.", "acme b.v."), unless
# it is an English function word ("the ag sector"). Forms that are English words ("co", "limited",
# "corporation", "ab", "spa") are left out: "co-founder" or "run ab tests" name no company.
LEGAL_FORMS = ("gmbh", "ag", "inc", "ltd", "llc", "llp", "plc", "corp", "bv", "nv", "sarl", "sas", "srl",
               "oy", "oyj", "kg", "kgaa", "pty", "ltda", "pte", "b.v", "n.v", "s.l", "s.a", "s.a.s", "s.r.l",
               "s.p.a")

# Letters of other scripts that look like Latin ones, and brackets that NFKC leaves as they are:
# text is folded with both before any check, so "Асеr" (Cyrillic) reads as the name "Acer".
CONFUSABLES = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C",
    "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S", "І": "I", "Ј": "J", "Ԛ": "Q", "Ԝ": "W", "Ү": "Y",
    "Һ": "H", "Ӏ": "I", "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x",
    "ѕ": "s", "і": "i", "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ү": "y", "ӏ": "l",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϳ": "J", "α": "a", "ι": "i", "κ": "k",
    "ν": "v", "ο": "o", "ρ": "p", "υ": "u", "χ": "x", "ϳ": "j", "Օ": "O", "օ": "o", "Ս": "U",
    "ս": "u", "հ": "h", "ո": "n", "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "ɩ": "i",
}
BRACKETS = {
    "〔": "[", "〕": "]", "【": "[", "】": "]", "〖": "[", "〗": "]", "〘": "[", "〙": "]", "〚": "[",
    "〛": "]", "⟦": "[", "⟧": "]", "⁅": "[", "⁆": "]", "〈": "<", "〉": ">", "⟨": "<", "⟩": ">",
    "‹": "<", "›": ">", "《": "<<", "》": ">>", "⦃": "{", "⦄": "}", "❴": "{", "❵": "}",
}

# How numbers are read: a currency before or after, a scale, then the noun they count.
CURRENCY_SIGNS = ("$", "€", "£", "¥")
CURRENCY_WORDS = {"usd": "$", "dollar": "$", "dollars": "$", "eur": "€", "euro": "€", "euros": "€",
                  "gbp": "£", "pound": "£", "pounds": "£", "yen": "¥", "jpy": "¥", "yuan": "CN¥", "cny": "CN¥",
                  "rmb": "CN¥", "renminbi": "CN¥", "rupee": "₹", "rupees": "₹", "inr": "₹", "franc": "CHF",
                  "francs": "CHF", "chf": "CHF", "krona": "kr", "kronor": "kr", "krone": "kr", "kroner": "kr",
                  "sek": "kr", "nok": "kr", "dkk": "kr", "aud": "A$", "cad": "C$", "peso": "MX$", "pesos": "MX$",
                  "mxn": "MX$", "lira": "₺", "ruble": "₽", "rubles": "₽", "zar": "R"}
# What an amount of money may be said of without another fact ("the $25M round"); any other noun
# after it ("25M users") makes the amount a count the facts do not give.
AMOUNT_NOUNS = frozenset({"round", "raise", "series", "funding", "investment", "financing", "seed", "injection",
                          "check", "cheque", "extension"})
SCALES = {"k": "k", "thousand": "k", "m": "m", "mm": "m", "mn": "m", "million": "m", "millions": "m",
          "b": "b", "bn": "b", "billion": "b", "billions": "b", "%": "%", "percent": "%", "pct": "%",
          "x": "x", "times": "x"}
# Words after a number that say nothing about what it counts ("120 of your peers").
NUMBER_LINKS = frozenset(
    "of and or to in on at for with by from the a an as is are was were than more less so if but that "
    "this which who plus over under per".split()
)
# Words between a number and its noun that do not change what it counts ("3 open roles"), and those
# that do not where its clause speaks of hiring ("hiring 3 new SDRs", "5 more AEs to ramp"): "3 new
# SDRs" alone are people there already, whom a number of openings does not count.
NUMBER_ADJECTIVES = frozenset("open".split())
HIRING_ADJECTIVES = frozenset("new more additional extra further".split())
# What makes a clause speak of hiring to come ("you'll want the 5 new AEs", "when 3 new SDRs start").
HIRING_CLAUSE = ("hiring", "to hire", "recruiting", "looking for", "open", "openings", "opening", "onboarding",
                 "to onboard", "ramping", "to ramp", "will", "start", "join")
# A number the facts give alone is a headcount or a number of open roles: it may count only these.
COUNT_NOUNS = frozenset(
    "people person employee staff headcount member strong fte role opening position seat hire vacancy "
    "job".split()
)
# Verbs before a number of people that make it the people hired: openings may be said that way.
HIRING_VERBS = frozenset("hiring hire hires hired recruiting recruit recruits adding add adds onboarding".split())
# Nouns that count the same thing ("20-minute", "20 mins").
NOUN_SENSES = (
    ("minute", "min"), ("hour", "hr"), ("second", "sec"), ("day",), ("week", "wk"), ("month", "mo"),
    ("year", "yr"), ("people", "person", "employee", "staff", "headcount", "member", "strong", "fte"),
    ("role", "opening", "position", "seat", "hire", "vacancy", "job"),
)

# Months and weekdays as a draft may write them in lower case ("in march", "since jan"), by the
# name each stands for: a date the facts do not give is checked as its capitalised name is.
DATE_NAMES = {
    **{m: m for m in ("january february march april may june july august september october november "
                      "december monday tuesday wednesday thursday friday saturday sunday").split()},
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june", "jul": "july",
    "aug": "august", "sep": "september", "sept": "september", "oct": "october", "nov": "november",
    "dec": "december", "mon": "monday", "tue": "tuesday", "tues": "tuesday", "thu": "thursday",
    "wed": "wednesday", "thur": "thursday", "thurs": "thursday", "fri": "friday", "sat": "saturday",
    "sun": "sunday",
}
# Of those, the ordinary English words ("you may", "to march", "the sun"): dates only beside a day
# number or a year, or after a word that opens a date ("in", "since", "early", ...).
DATE_NAMES_ALSO_WORDS = frozenset({"may", "march", "mar", "august", "sat", "sun", "wed"})
# The ranks of a role title "<rank> of <Field>" ("Head of Revenue Operations", "VP Sales").
TITLE_RANKS = ("head", "vp", "svp", "evp", "vice president", "director", "chief", "manager")
