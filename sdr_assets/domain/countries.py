"""Countries by ISO 3166-1 alpha-2 code, with the adjective English uses of each.

A company's country fact is a code ("DE") or a name ("Germany"); a draft says it as the name or the
adjective ("a German logistics team"). ``country_words`` gives, for the country fact's value only,
the name and adjective(s) a draft may use; any other fact that reads as a code ("IT" for an industry,
"HR") grounds no country, and any other country's adjective stays a name the facts lack.
"""

from __future__ import annotations

import re

# code: name | adjective[, other adjective or name]
_TABLE = """
AE: United Arab Emirates|Emirati, UAE
AR: Argentina|Argentine, Argentinian
AT: Austria|Austrian
AU: Australia|Australian
BD: Bangladesh|Bangladeshi
BE: Belgium|Belgian
BG: Bulgaria|Bulgarian
BR: Brazil|Brazilian
CA: Canada|Canadian
CH: Switzerland|Swiss
CL: Chile|Chilean
CN: China|Chinese
CO: Colombia|Colombian
CR: Costa Rica|Costa Rican
CY: Cyprus|Cypriot
CZ: Czechia|Czech, Czech Republic
DE: Germany|German
DK: Denmark|Danish
EE: Estonia|Estonian
EG: Egypt|Egyptian
ES: Spain|Spanish
FI: Finland|Finnish
FR: France|French
GB: United Kingdom|British, UK, Britain
GH: Ghana|Ghanaian
GR: Greece|Greek
HK: Hong Kong|Hong Kong
HR: Croatia|Croatian
HU: Hungary|Hungarian
ID: Indonesia|Indonesian
IE: Ireland|Irish
IL: Israel|Israeli
IN: India|Indian
IS: Iceland|Icelandic
IT: Italy|Italian
JP: Japan|Japanese
KE: Kenya|Kenyan
KR: South Korea|South Korean, Korean, Korea
LT: Lithuania|Lithuanian
LU: Luxembourg|Luxembourgish
LV: Latvia|Latvian
MA: Morocco|Moroccan
MT: Malta|Maltese
MX: Mexico|Mexican
MY: Malaysia|Malaysian
NG: Nigeria|Nigerian
NL: Netherlands|Dutch, Holland
NO: Norway|Norwegian
NZ: New Zealand|New Zealand
PE: Peru|Peruvian
PH: Philippines|Filipino, Philippine
PK: Pakistan|Pakistani
PL: Poland|Polish
PT: Portugal|Portuguese
RO: Romania|Romanian
RS: Serbia|Serbian
SA: Saudi Arabia|Saudi
SE: Sweden|Swedish
SG: Singapore|Singaporean
SI: Slovenia|Slovenian
SK: Slovakia|Slovak
TH: Thailand|Thai
TR: Turkey|Turkish, Türkiye
TW: Taiwan|Taiwanese
UA: Ukraine|Ukrainian
US: United States|American, USA, US
UY: Uruguay|Uruguayan
VN: Vietnam|Vietnamese
ZA: South Africa|South African
"""

_ENTRY = re.compile(r"^([A-Z]{2}): ([^|]+)\|(.+)$", re.MULTILINE)
COUNTRIES = {code: (name, tuple(a.strip() for a in rest.split(","))) for code, name, rest in _ENTRY.findall(_TABLE)}
# The one-word names and adjectives, lower case: each names a country, even where it opens a sentence.
COUNTRY_WORDS = frozenset(w.casefold() for name, adjectives in COUNTRIES.values() for w in (name, *adjectives)
                          if " " not in w)
_BY_NAME = {name.casefold(): code for code, (name, _) in COUNTRIES.items()}


def country_words(value: str) -> list[str]:
    """The name and adjectives of the country ``value`` (a company's country fact) is, by code or by
    name; none for any other value."""
    value = value.strip()
    code = value if value in COUNTRIES else _BY_NAME.get(value.casefold())
    if code is None:
        return []
    name, adjectives = COUNTRIES[code]
    return [name, *adjectives]
