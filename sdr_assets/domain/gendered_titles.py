"""A title that tells a person's gender: "Dear Ms. Chen", "Hi Mr Okafor", "Sehr geehrter Herr Weber",
"Bonjour Madame Roux", "Estimado Sr. García", "Dear Sir,".

Research finds names, titles of office and events, never a gender: a model that writes "Ms." guesses,
and a wrong guess is an untrue claim that can offend. A title of English, German, French, Spanish,
Italian or Dutch address, written as a title (a capital, then lower case), counts before a name (a
word with a capital); "Sr." and "Miss" count only before the name of a person of the facts (the
contact, the sender, the signal's person): before anything else they are "Senior" and a verb ("Sr.
Director", "Sr. SRE", "Sr. Counsel", "Don't Miss Dreamforce"). "Sir" or
"Madam" alone after a greeting word counts too. A surname may open with a particle ("Dhr. van Dijk",
"Frau von Trapp", "Señora de la Cruz", "Madame d'Arc"). A name holding those letters ("Herrera",
"Mrsic", "Srinivasan") is no title, nor is "Herr" or "Frau" before a German pronoun of address
("Herr Ihrer Daten": master of your data). Grounded only where a fact writes the same title before
the same word, its possessive and either apostrophe alike ("Mr. Cooper's" of the company "Mr. Cooper");
the approved template does not ground it: it is filled for every prospect alike.
"""

from __future__ import annotations

from sdr_assets.domain.address_lines import Roles
from sdr_assets.domain.lazy_patterns import LazyPattern

_TITLES = ("Mr|Mrs|Ms|Mme|Mlle|Sra|Srta|Dhr|Mevr|Herr|Frau|Madame|Mademoiselle|Monsieur|Señor|Señora"
           "|Señorita|Signor|Signora|Signorina|Mevrouw|Meneer")
_AMBIGUOUS = "Sr|Miss"
# The particles a surname may open with, and the articles that may follow one ("van der", "de la").
_PARTICLE = r"(?:(?:van|von|de|del|della|di|da|du|dos|ten|ter|zu)[ \t]+(?:(?:der|den|de|la|le|los|las)[ \t]+)?)?"
_TITLED = LazyPattern(rf"(?<![\w.'’-])(?P<title>(?P<ambiguous>{_AMBIGUOUS})|{_TITLES})\.?[ \t]+"
                      rf"(?P<name>{_PARTICLE}(?:[dl]['’])?[^\W\d_][\w'’-]*)")
# German pronouns of address, written with a capital: "Herr Ihrer Daten" addresses no Herr Ihrer.
_GERMAN_ADDRESS = frozenset({"ihr", "ihre", "ihrer", "ihres", "ihrem", "ihren", "sie", "ihnen"})
_POSSESSIVE = LazyPattern(r"'s?$")
_GREETED = LazyPattern(r"(?im)^[ \t]*(?:dear|hi|hello|hey|good[ \t]+(?:morning|afternoon|evening))[ \t,]+"
                       r"(?P<title>sir|madam|ma['’]am)[ \t]*[,!:.\n]")


def _people(roles: Roles | None) -> frozenset[str]:
    """The words of the names the facts give a person: the contact, the signal's person, the sender."""
    if roles is None:
        return frozenset()
    names = (roles.contact, roles.sender, roles.value("person"))
    return frozenset(_bare(w).casefold() for n in names for w in n.split())


def _addresses(m, people: frozenset[str]) -> bool:
    """Whether a match of ``_TITLED`` addresses someone: its surname (after any particle) has a capital,
    an ambiguous title stands before a person's name, and "Herr" or "Frau" before no German pronoun of
    address."""
    name = m["name"]
    surname = name.split()[-1]
    elided = surname[:1] in ("d", "l") and surname[1:2] in ("'", "’")  # "d'Arc", not "O'Brien"
    if not surname[2 if elided else 0:][:1].isupper():
        return False
    if m["ambiguous"] and _bare(surname).casefold() not in people:
        return False
    return not (m["title"] in ("Herr", "Frau") and name.casefold() in _GERMAN_ADDRESS)


def _bare(name: str) -> str:
    """``name`` as a fact and a draft both write it: one apostrophe, no possessive ("Cooper's" is "Cooper")."""
    return _POSSESSIVE.sub("", name.replace("’", "'"))


def gendered_title_reasons(text: str, grounds: str, roles: Roles | None = None) -> list[str]:
    """A reason for each title of ``text`` (folded) that tells someone's gender, unless a fact (the
    facts of ``roles``, else ``grounds``) writes it before the same word."""
    people, known = _people(roles), None
    reasons = []
    for m in _TITLED.finditer(text):
        title, name = m["title"], m["name"]
        if not _addresses(m, people):
            continue
        if known is None:
            facts = "\n".join(roles.facts) if roles is not None else grounds
            known = {(k["title"], _bare(k["name"])) for k in _TITLED.finditer(facts)}
        if (title, _bare(name)) not in known:
            reasons.append(f"a title that tells a gender the facts do not give: '{title} {name}'")
    reasons += [f"a greeting that tells a gender the facts do not give: '{m['title']}'"
                for m in _GREETED.finditer(text)]
    return list(dict.fromkeys(reasons))
