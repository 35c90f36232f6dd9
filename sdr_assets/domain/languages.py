"""The language of a sentence, read from its function words, for the draft verifier.

Each language has a list of the short words nearly every sentence in it uses (articles, pronouns,
prepositions, auxiliaries, greetings), written accent-free: a sentence is read with its accents
dropped, so "está" and "esta" count alike. A word that is also a common English word ("was",
"also", "come", "per") is left out of the other languages' lists. A sentence is in a language when
at least ``MIN_WORDS`` of its words are that language's, more than are English, and they make up at
least ``THRESHOLD`` of the words read; a sentence of fewer words read ("Danke.", "Hola Dana,") when
all of them are. Words with a capital after a sentence's first are names and are not read; nor is a
word the grounds state next to the same neighbour (a name the facts give, "Las Palmas de Gran
Canaria", or "van der Berg" in lower case), or a capitalised one the grounds write with a capital
(the sender "Al" of "Al Moreno" signing off), counted for another language. A language the grounds
are written in needs a sentence of ``MIN_WORDS`` of its words there: a name alone on a line of the
facts ("Mia") is none. Sentences end at a line break, or at ".", "!" or "?" before a space; a short
one is read as such only when it has a word of two letters or more ("E." is an initial) and is no
word before a full stop that the text goes on from in lower case or with a digit, as an
abbreviation is ("ca. 20 people", "est. 2015").
``THRESHOLD`` was chosen on sentences written for the purpose (``tests/fixtures/languages``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from sdr_assets.domain.lazy_patterns import LazyPattern
from sdr_assets.domain.said_outright import SENTENCE_BREAKS

LANGUAGE_NAMES = {"en": "English", "de": "German", "nl": "Dutch", "es": "Spanish", "pt": "Portuguese",
                  "it": "Italian", "fr": "French"}

FUNCTION_WORDS = {
    "en": frozenset(
        "the a an and or but nor of to in on at for with by from about as into onto over under than then so if "
        "not no yes is are was were be been being am do does did done have has had having will would can could "
        "should may might must shall i me my mine we us our ours you your yours it its this that these those they "
        "them their theirs he him his she her hers who whom whose what which when where why how there here just "
        "also all any some more most very up out only own same such too each every both few many much other "
        "another again once still even already yet ever never always often while because since until though "
        "although whether either neither let let's i'm i'd i'll i've we're we'd we'll we've you're you'd you'll "
        "you've it's that's there's don't doesn't didn't can't won't isn't aren't wasn't hi hello hey thanks "
        "thank please dear best regards cheers worth get got see saw help helps quick happy glad like know want "
        "need make take look now next last new one two via per after before across around through during "
        "without within against between".split()),
    "de": frozenset(
        "der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner und oder aber "
        "sondern denn nicht nichts auch noch schon nur sehr ist sind bin bist seid sein seine seinen seinem "
        "seiner waren gewesen wird werden wurde wurden worden habe hast hat haben hatte hatten gehabt kann "
        "kannst konnen koennen konnte koennte konnten koennten mochte moechte mochten moechten muss mussen "
        "muessen soll sollen sollte wollen wollte darf ich du sie es wir ihr ihnen ihm ihn ihre ihren ihrem "
        "ihrer uns unser unsere unseren unserem euch euer mich mir dich dir sich mit fur fuer von zu zum zur "
        "auf aus bei beim nach uber ueber unter vor hinter neben zwischen durch ohne gegen bis seit dass wenn "
        "weil ob als wie wo wann warum wer wen wem welche welcher welches dieser diese dieses diesen diesem "
        "jetzt heute gerade bereits gern gerne bitte danke vielen dank hallo guten tag herr frau liebe lieber "
        "geehrte geehrter gruss grusse gruesse grussen gruessen freundlichen beste tschuss tschuess mal doch ja nein hier dort "
        "da dann etwas viel viele mehr gibt gesehen einfach kurz kurze kurzen zeit termin".split()),
    "nl": frozenset(
        "de het een en maar niet geen zijn ben bent waren wordt worden werd heb hebt heeft hebben hadden "
        "kan kunnen kunt zou zouden moet moeten wil willen ik jij je u uw wij ons onze jullie hun hen zij ze "
        "hij haar hem mijn mij jou jouw jouwe dat die dit deze wat wie waar wanneer waarom hoe van voor met op aan "
        "bij naar zoals mee "
        "uit tot om tegen zonder tussen als dan ook nog al wel graag nu vandaag morgen hier daar zeer heel erg "
        "veel meer bedankt dank groeten groet hartelijk hartelijke vriendelijke beste hallo hoi gezien zag zien".split()),
    "es": frozenset(
        "el la los las un una unos unas lo y o pero que de del al en con sin por para sobre entre hasta desde "
        "como cuando donde porque si ni mas muy tambien es son esta estan estamos estoy somos soy fue ser "
        "estar hay ha han hemos tiene tienen tenemos tengo puede pueden podemos quiero queremos te se le les "
        "nos mi mis tu tus su sus suyo suya nuestro nuestra nuestros usted ustedes vosotros ellos ellas yo este estos "
        "estas ese esa eso esto aqui alli hoy manana gracias hola saludos buenos buenas dias estimado estimada "
        "atentamente cordial cordiales saludo muchas muchos pronto vimos visto equipo hacer".split()),
    "pt": frozenset(
        "o os um uma uns umas e ou mas que de da dos das em na nos nas com sem por para pelo pela sobre entre "
        "desde como quando onde porque se nao muito ja tambem sao esta estao estamos estou somos sou foi ser "
        "estar ha tem temos tenho pode podem podemos quero queremos te lhe voce voces eu ele ela eles elas seu "
        "sua seus suas nosso nossa meu minha este isso isto aqui hoje amanha obrigado obrigada ola oi bom dia "
        "boa tarde atenciosamente abracos vimos vi equipe equipa".split()),
    "it": frozenset(
        "il lo la gli le un uno una e ed o ma che di del della dei delle degli dello da dal dalla con su tra "
        "fra quando perche se non piu molto gia anche sono sei siamo siete stato stata essere avere ho hai ha "
        "abbiamo avete hanno mi ti ci vi si lei lui noi voi loro tu mio mia suo sua nostro nostra vostro "
        "questo questa quello quella qui oggi domani grazie mille ciao salve buongiorno cordiali saluti cari caro cara gentile "
        "visto alla allo alle agli nel nella nei sul sulla possiamo puo vuole vuoi va bene sta stiamo sto l' un' "
        "dell' all' nell' c' d'".split()),
    "fr": frozenset(
        "le la les un une des du de au aux et ou mais que qui quoi dont ne pas tres bien aussi deja est sont "
        "suis es sommes etes etait ete etre avoir ai avons avez ont je tu il elle nous vous ils elles te se "
        "moi toi lui leur leurs mon ma mes ton ta tes son sa ses notre nos votre vos ce cet cette ces ceci "
        "cela ca ici demain merci beaucoup bon bonne journee bientot bonjour bonsoir salut cordialement madame monsieur "
        "avec sur sous dans peut "
        "pouvez voulez tout tous entre chez vers depuis pendant comme quand si vu en y c' l' d' j' qu' n' s' m' "
        "t'".split()),
}
FOREIGN = tuple(code for code in FUNCTION_WORDS if code != "en")
_ANY_FOREIGN = frozenset().union(*(FUNCTION_WORDS[code] for code in FOREIGN))
_KNOWN = _ANY_FOREIGN | FUNCTION_WORDS["en"]

MIN_WORDS = 2
THRESHOLD = 0.15

_WORD = LazyPattern(r"[^\W\d_](?:[^\W\d_]|['&-])*")
_TWO_LETTERS = LazyPattern(r"[^\W\d_]{2}")
_GOES_ON = LazyPattern(r"[a-z\d]")
_RUN = LazyPattern(r"[^\W\d_]+'?")
_ASCII_RUN = LazyPattern(r"[a-z]+'?")
_SPELLED_OUT = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ı": "i"})


def plain_text(text: str) -> str:
    """``text`` in lower case without accents, letters written as two spelt out ("ß" as "ss")."""
    lower = text.lower()
    if lower.isascii():
        return lower
    decomposed = unicodedata.normalize("NFKD", lower.translate(_SPELLED_OUT))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)
def plain(word: str) -> str:
    """``word`` in lower case without accents, as the lists spell words."""
    return plain_text(word)


@lru_cache(maxsize=1 << 16)
def pieces(word: str) -> tuple[str, ...]:
    """What ``word`` (plain) is read as: itself when listed, else its hyphenated parts ("avez-vous"),
    each elided one ("c'est", "l'equipe") as the part up to its apostrophe and the rest. A letter
    alone between hyphens makes a compound ("e-commerce", "a-t-il"), not a word."""
    if word in _KNOWN or ("'" not in word and "-" not in word):
        return (word,)
    read: list[str] = []
    for part in word.split("-"):
        head, mark, tail = part.partition("'")
        if mark and tail and part not in _KNOWN:
            read += [f"{head}'", tail]
        elif len(part) > 1 or "-" not in word:
            read.append(part)
    return tuple(read)


def read_words(sentence: str, stated: frozenset[tuple[str, str]] = frozenset(),
               names: frozenset[str] = frozenset()) -> tuple[int, dict[str, int]]:
    """How many words of ``sentence`` are read, and how many of them each language's list has.

    A word in ``stated`` next to the same neighbour (plain), or a capitalised one in ``names``
    (plain), counts for English only.
    """
    raws = _WORD.findall(sentence)
    words = [plain(raw) for raw in raws]
    read, counts = 0, dict.fromkeys(FUNCTION_WORDS, 0)
    for n, raw in enumerate(raws):
        if n and raw != "I" and raw != raw.lower():
            continue
        given = bool(stated) and ((n and (words[n - 1], words[n]) in stated)
                                  or (n + 1 < len(words) and (words[n], words[n + 1]) in stated)
                                  or (words[n], "") in stated) or (raw != raw.lower() and words[n] in names)
        for piece in pieces(words[n]):
            read += 1
            for code, listed in FUNCTION_WORDS.items():
                if piece in listed and (code == "en" or not given):
                    counts[code] += 1
    return read, counts


def languages_of(read: int, counts: dict[str, int], short: bool = True) -> list[str]:
    """The other languages a sentence read as (``read``, ``counts``) is in, the likeliest first;
    with ``short`` false, none for a sentence of fewer than ``MIN_WORDS`` words read."""
    fewest = min(MIN_WORDS, read) if short else MIN_WORDS
    found = [code for code in FOREIGN if counts[code] >= fewest and counts[code] > counts["en"]
             and counts[code] >= THRESHOLD * read]
    return sorted(found, key=lambda code: -counts[code])


def stated_pairs(grounds: str) -> frozenset[tuple[str, str]]:
    """Each pair of neighbouring words in a sentence of ``grounds``, plain; a sentence of one word
    as (word, "")."""
    pairs: set[tuple[str, str]] = set()
    for sentence in SENTENCE_BREAKS.split(grounds):
        words = [plain(raw) for raw in _WORD.findall(sentence)]
        pairs.update(zip(words, words[1:]))
        if len(words) == 1:
            pairs.add((words[0], ""))
    return frozenset(pairs)


def written_names(grounds: str) -> frozenset[str]:
    """The words ``grounds`` write with a capital, plain."""
    return frozenset(plain(raw) for raw in _WORD.findall(grounds) if raw != raw.lower())


def _sentences(text: str) -> Iterator[tuple[str, bool]]:
    """Each sentence of ``text``, and whether it may be read as a short one (module docstring)."""
    start = 0
    for gap in (*SENTENCE_BREAKS.finditer(text), None):
        sentence = text[start:gap.start()] if gap else text[start:]
        abbreviation = gap is not None and sentence.endswith(".") and _GOES_ON.match(text, gap.end()) is not None
        yield sentence, _TWO_LETTERS.search(sentence) is not None and not abbreviation
        start = gap.end() if gap else start


def may_be_foreign(text: str) -> bool:
    """False when no word of ``text`` is on another language's list, so no sentence of it is in one.

    Every piece a word is read as is a run of letters of it, with the apostrophe that ends one.
    """
    words = plain_text(text)
    return not _ANY_FOREIGN.isdisjoint((_ASCII_RUN if words.isascii() else _RUN).findall(words))


def language_reasons(text: str, grounds: str) -> list[str]:
    """A reason for each sentence of ``text`` in a language that no sentence of ``grounds`` is in.

    English, the language plays are written in, is always allowed.
    """
    if not may_be_foreign(text):
        return []
    stated: frozenset[tuple[str, str]] | None = None
    names: frozenset[str] = frozenset()
    allowed: set[str] | None = None
    reasons = []
    for sentence, short in _sentences(text):
        if not languages_of(*read_words(sentence), short):
            continue  # what the grounds state only lowers the counts
        if stated is None:
            stated, names = stated_pairs(grounds), written_names(grounds)
        found = languages_of(*read_words(sentence, stated, names), short)
        if found and allowed is None:
            allowed = {code for line in SENTENCE_BREAKS.split(grounds)
                       for code in languages_of(*read_words(line), short=False)}
        foreign = [code for code in found if code not in (allowed or ())]
        if foreign:
            reasons.append(f"sentence in {LANGUAGE_NAMES[foreign[0]]}, a language the facts and template are not "
                           f"written in: {sentence.strip()[:80]}")
    return reasons
