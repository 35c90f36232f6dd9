"""Offline labeller for human replies: rules for the clear cases, naive Bayes for the rest.

The model is complement naive Bayes over word unigrams, word bigrams and character 4-grams,
trained at first use from ``data/labelled_replies.jsonl`` (the project's own labelled set), or loaded
as an earlier process trained it (``kept``), and cached in-process. ``unsubscribe`` is a rule for
replies that ask us to stop ("unsubscribe me", "stop emailing me", a lone "unsubscribe") and overrides
every other label; words of opting out that ask nothing ("unsubscribe rates") are left to the model
and flagged for a person. The rule only ever sees the visible text, so the quoted outbound footer
cannot trigger it.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from sdr_assets.domain.addresses import person_mailbox
from sdr_assets.domain.lazy_patterns import LazyPattern

from .bounces import ADDR_RE
from .caseless import Caseless as _Caseless
from .firm_lists import without_firm_lists
from .kept import trained
from .optout_requests import OPTOUT_WORDS_RE as _OPTOUT_WORDS_RE
from .optout_requests import UNSUBSCRIBE_RE as _UNSUBSCRIBE_RE
from .optout_requests import holds_refusal, set_aside_refusals
from .quotes import visible_text
from .result import LABELS

__all__ = ["label_reply", "extract_referrals", "train", "load_labelled", "NaiveBayes", "REVIEW_THRESHOLD",
           "SUB_REASONS", "is_unsubscribe", "mentions_optout", "checked_model_answer"]

DATA_PATH = Path(__file__).parent / "data" / "labelled_replies.jsonl"
REVIEW_THRESHOLD = 0.6
# Smoothing of the labeller's counts, chosen by cross-validation grouped by template on the training
# set alone (``python -m tests.triage.evaluation crossval``): 3 to 10 score alike, 0.3 and 20 lower.
ALPHA = 5.0
SUB_REASONS = ("timing", "budget", "has_solution", "other")  # objection reasons


_WRONG_PERSON_RE = _Caseless(
    r"wrong person|not the right person|right person (is|would be)|(better|best) (person|contact)|reach out to|"
    r"no longer (with|at|works)|left the company|not responsible for|not my (area|department)|"
    r"nicht (der|die) richtige|nicht zuständig|nicht zustaendig|wenden sie sich an|ansprechpartner|"
    r"pas la bonne personne|pas le bon interlocuteur|adressez-vous|contactez plutôt|"
    r"no soy la persona|persona adecuada|persona indicada|póngase en contacto con|contacte con|"
    r"persona giusta|non sono (io )?il referente|rivolgetevi a|rivolgiti a|contatta(te)? |"
    r"juiste persoon|juiste contactpersoon|niet verantwoordelijk|neem contact op met|"
    r"pessoa certa|pessoa indicada|falem? com\b|não sou (eu )?o responsável")
_TOKEN_RE = LazyPattern(r"\w+(?:'\w+)?", re.U)

_SUB_REASON_RULES = (
    ("budget", _Caseless(r"money|geld|argent|dinero|budget|expensive|cost|price|pricing|afford|spend|teuer|kosten|preis|cher|coût|cout|"
                          r"prix|presupuesto|caro|precio|costo|coste|costa|costi|troppo car|prijs|duur|orçamento|preço|custo")),
    ("has_solution", _Caseless(r"already (use|have|work with|using|signed)|we use|in-house|our own|current (vendor|provider|tool)|"
                                r"bereits|schon (einen?|im einsatz)|nutzen bereits|déjà|deja|ya (usamos|tenemos|trabajamos|contamos)|"
                                r"usiamo già|abbiamo già|gebruiken al|hebben al|werken al met|já usamos|já temos|já trabalhamos")),
    ("timing", _Caseless(r"swamped|priority|revisit|follow up then|fiscal year|six months|zeitlich|débordé|recontact|"
                          r"seis meses|six mois|a tope|not (right )?now|next (quarter|year|month)|later|timing|busy|in [a-z0-9]+ (months|weeks)|q[1-4]\b|"
                          r"später|nächste[sn]? (quartal|jahr)|derzeit nicht|zurzeit nicht|plus tard|pas le moment|"
                          r"trimestre prochain|l'année prochaine|más adelante|mas adelante|ahora no|el próximo|"
                          r"no es (buen|el) momento|pas maintenant|moment|"
                          r"non è (il )?(momento|una priorità)|più avanti|prossimi mesi|tra qualche mese|"
                          r"volgend (kwartaal|jaar)|geen tijd|agora não|mais tarde|próximo (trimestre|ano)|"
                          r"daqui a")),
)


_CUES = (
    ("__cue_budget__", _SUB_REASON_RULES[0][1]),
    ("__cue_has__", _SUB_REASON_RULES[1][1]),
    ("__cue_timing__", _SUB_REASON_RULES[2][1]),
    ("__cue_wrong__", _WRONG_PERSON_RE),
    ("__cue_doubt__", _Caseless(
        r"sceptic|skeptic|skeptisch|not convinced|doubt|doute|dudo|never approve|won'?t (let|allow|approve)|"
        r"nicht freigeben|refuserait|no aprobar|bad experience|schlechte erfahrung|mauvaise expérience|"
        r"doesn'?t fit|not sure (it|this) fits|passt nicht|ne correspond|no encaja|encaje|"
        r"non sono convint|dubito|betwijfel|twijfel|niet overtuigd|não estou convencid|duvido")),
    ("__cue_meet__", _Caseless(
        r"\b(call|demo|meeting|calendar|slots?|book|invite|chat|talk|intro)\b|termin|telefonier|gespräch|sprechen|"
        r"vorstellung|appel|créneau|creneau|démo|rendez-vous|échange|parlons|llamada|reuni[óo]n|demostraci[óo]n|"
        r"agendar|hablemos|hablar|interested in|keen|interessiert|intéress[ée] par|me interesa\b|ça m'intéresse|"
        r"chiamata|sentirci|incontro|mi interessa|bellen|afspraak|gesprek|uitnodiging|klinkt interessant|"
        r"chamada|reunião|demonstração|tenho interesse|marcar")),
    ("__cue_no__", _Caseless(
        r"not interested|no thanks?|thanks,? but no|\bpass\b|decline|not (a )?(fit|relevant)|don'?t need|kein interesse|"
        r"count (me|us) out\b|\bno need\b|\bnope\b|not buying|not for us|^\W*no\W*$|we'?re (good|fine)|kein bedarf|aucun besoin|"
        r"no (lo )?necesitamos|geen behoefte|non (ne )?abbiamo bisogno|não precisamos|"
        r"nein,? danke|verzichten|nicht relevant|brauchen wir nicht|pas intéress|non merci|pas pour nous|ne nous concerne|"
        r"passer notre tour|no me interesa|no,? gracias|\bpaso\b|no es relevante|no lo necesitamos|"
        r"non ci interessa|non mi interessa|no,? grazie|non fa per noi|geen interesse|nee,? bedankt|niets voor ons|"
        r"não temos interesse|não,? obrigad|não é para nós")),
    ("__cue_ask__", _Caseless(
        r"^(how|what|who|where|when|is|are|do|does|can|could)\b|\b(wie|was|wo|gibt es|haben sie)\b|"
        r"\b(comment|quel|quelle|où|avez-vous|pouvez-vous)\b|¿|\b(quanto|avete|wat|hoe|werkt|existe)\b",
        re.M)),
)


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).lower()


# Timing that is welcome ("good timing", "timing is good", "the right moment", "ça tombe bien"), not
# denied ("not the right time"): it is no objection, so the timing cue reads the text without it.
_GOOD_TIMING_RE = _Caseless(
    r"\b(good|great|perfect|right) (timing|time|moment)\b|timing is (good|great|perfect|right)|"
    r"richtige[nr]? (zeit|moment|zeitpunkt)|bon moment|tombe (bien|à pic)|buen momento|"
    r"momento (justo|perfecto|giusto|certo)|goede moment|hora certa")
_DENIED_RE = LazyPattern(r"(\bnot|n't|\bno es|\bpas|\bnicht|\bnon è|\bniet|\bnão é)( (the|a|le|el|der|zur|il|het|o))? $",
                        re.I)


def _welcome_timing(text: str) -> str | None:
    """``text`` without the timing it welcomes, or None if it welcomes none."""
    kept, end = [], 0
    for match in _GOOD_TIMING_RE.finditer(text):
        if not _DENIED_RE.search(text, max(0, match.start() - 12), match.start()):
            kept.append(text[end:match.start()])
            end = match.end()
    return " ".join([*kept, text[end:]]) if kept else None


def features(text: str) -> list[str]:
    """Word unigrams and bigrams plus character 4-grams of the padded words."""
    words = _TOKEN_RE.findall(_normalise(text))
    feats = list(words)
    # shape cues that carry across languages: questions, and very short replies
    feats.extend("__qmark__" for _ in range(min(text.count("?"), 2)))
    if len(words) <= 6:
        feats.append("__short__")
    # hand-written cues generalise beyond the phrasings in the labelled set; weigh them up
    unwelcome = _welcome_timing(text)
    if unwelcome is not None:
        feats.extend(["__cue_good_timing__"] * 3)
    cues = [name for name, rx in _CUES
            if rx.search(unwelcome if unwelcome is not None and name == "__cue_timing__" else text)]
    for name in cues:
        feats.extend([name] * 3)
    # Money asked about ("what does pricing look like?") is a question; money refused is an objection.
    objecting = {"__cue_has__", "__cue_timing__", "__cue_doubt__"}.intersection(cues)
    if objecting or ("__cue_budget__" in cues and "?" not in text):
        feats.extend(["__cue_objection__"] * 3)
    feats.extend(f"{a} {b}" for a, b in zip(words, words[1:]))
    for w in words:
        if len(w) > 4:
            padded = f" {w} "
            feats.extend("#" + padded[i:i + 4] for i in range(len(padded) - 3))
    return feats


@lru_cache(maxsize=8)
def _features_of(text: str) -> tuple[str, ...]:
    """``features``, kept for the few texts last asked: the labeller and the opt-out model each read
    every reply's."""
    return tuple(features(text))


@dataclass
class NaiveBayes:
    """Complement naive Bayes (Rennie et al., 2003) with Laplace smoothing; plain Python, no numpy.

    Each class is scored by how little the reply looks like the text of every *other* class: the
    complement of a class pools the words of several, so its estimates are steadier than the class's
    own where a class or a language has few examples."""

    priors: dict[str, float]
    loglik: dict[str, dict[str, float]]
    unseen: dict[str, float]
    vocab: frozenset = frozenset()

    @classmethod
    def fit(cls, texts: list[str], labels: list[str], alpha: float = ALPHA) -> NaiveBayes:
        counts: dict[str, Counter] = defaultdict(Counter)
        docs = Counter(labels)
        for text, label in zip(texts, labels):
            counts[label].update(features(text))
        every = Counter()
        for cnt in counts.values():
            every.update(cnt)
        vocab = frozenset(every)
        v = len(vocab) or 1
        total = sum(docs.values())
        priors = {c: math.log(n / total) for c, n in docs.items()}
        loglik, unseen = {}, {}
        for c, cnt in counts.items():
            denom = every.total() - cnt.total() + alpha * v
            loglik[c] = {f: -math.log((n - cnt[f] + alpha) / denom) for f, n in every.items()}
            unseen[c] = -math.log(alpha / denom)
        return cls(priors, loglik, unseen, vocab)

    @cached_property
    def _by_feature(self) -> dict[str, tuple[float, ...]]:
        """Each known feature's log-likelihood under every class, in the order of ``priors``."""
        return {f: tuple(self.loglik[c].get(f, self.unseen[c]) for c in self.priors) for f in self.vocab}

    def predict_proba(self, text: str) -> dict[str, float]:
        # features never seen in training carry no evidence; scoring them would favour the
        # class with the fewest training tokens (its smoothed unseen probability is largest)
        known = self._by_feature
        rows = [known[f] for f in _features_of(text) if f in known]
        # one column per class, summed in the features' order: the sums a loop per class would give
        columns = zip(*rows) if rows else ((),) * len(self.priors)
        scores = {c: prior + sum(column) for (c, prior), column in zip(self.priors.items(), columns, strict=True)}
        # naive Bayes is wildly over-confident on long texts: temper by the feature count
        temp = max(1.0, math.sqrt(len(rows)) / 2)
        top = max(scores.values())
        exp = {c: math.exp((s - top) / temp) for c, s in scores.items()}
        z = sum(exp.values())
        return {c: e / z for c, e in exp.items()}

    def as_data(self) -> tuple:
        """Its fields as ``marshal`` writes them (``kept``)."""
        return self.priors, self.loglik, self.unseen, self.vocab

    @classmethod
    def from_data(cls, data: tuple) -> NaiveBayes:
        priors, loglik, unseen, vocab = data
        return cls(priors, loglik, unseen, vocab)


def load_labelled(path: Path = DATA_PATH) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass
class Model:
    label_nb: NaiveBayes
    reason_nb: NaiveBayes

    def as_data(self) -> tuple:
        return self.label_nb.as_data(), self.reason_nb.as_data()

    @classmethod
    def from_data(cls, data: tuple) -> Model:
        label_nb, reason_nb = data
        return cls(NaiveBayes.from_data(label_nb), NaiveBayes.from_data(reason_nb))


def train(rows: list[dict]) -> Model:
    # unsubscribe is a rule; the model learns the other labels only
    # the labelled texts are whole reply bodies: learn from what the person wrote, as at run time
    rows_l = [r for r in rows if r["label"] != "unsubscribe"]
    label_nb = NaiveBayes.fit([visible_text(r["text"]) for r in rows_l], [r["label"] for r in rows_l])
    obj = [r for r in rows if r["label"] == "objection" and r.get("sub_reason")]
    reason_nb = NaiveBayes.fit([visible_text(r["text"]) for r in obj], [r["sub_reason"] for r in obj])
    return Model(label_nb, reason_nb)


@lru_cache(maxsize=1)
def default_model() -> Model:
    return trained("labeller", lambda: train(load_labelled()), Model.as_data, Model.from_data)


def _sub_reason(text: str, model: Model) -> str:
    rule_hits = [name for name, rx in _SUB_REASON_RULES if rx.search(text)]
    proba = model.reason_nb.predict_proba(text)
    best = max(proba, key=proba.get)
    if len(rule_hits) == 1 and proba.get(best, 0) < 0.8:
        return rule_hits[0]
    return best


def _mailbox(address: str) -> str:
    return person_mailbox(address) or address.strip().lower()


def extract_referrals(text: str, exclude: str | None = None) -> list[str]:
    """Addresses the person points us to, in order, without their own mailbox (``exclude`` in any
    case or with any ``+tag``, as a signature may give it)."""
    own = _mailbox(exclude) if exclude else None
    seen: dict[str, None] = {}
    for m in ADDR_RE.finditer(text):
        addr = m.group(0).lower().strip(".")
        if own is None or _mailbox(addr) != own:
            seen.setdefault(addr, None)
    return list(seen)


def label_reply(text: str, model: Model | None = None) -> tuple[str, str | None, float]:
    """(label, sub_reason, confidence) for the visible text of a human reply."""
    if not text.strip():
        return "question", None, 0.0  # nothing written: a person must look
    if is_unsubscribe(text):
        return "unsubscribe", None, 0.97
    model = model or default_model()
    proba = model.label_nb.predict_proba(text)
    if _WRONG_PERSON_RE.search(text) and ADDR_RE.search(text):
        proba["wrong_person"] = max(proba.get("wrong_person", 0.0), 0.9)
    label = max(proba, key=proba.get)
    confidence = proba[label] / sum(proba.values())
    sub = _sub_reason(text, model) if label == "objection" else None
    return label, sub, round(confidence, 4)


@lru_cache(maxsize=8)
def is_unsubscribe(text: str) -> bool:
    """The offline unsubscribe rule, an opt-out aimed at us; it overrides every other label, a model's included.
    Triage asks it of a reply's text more than once, one question after the other (for the label,
    then for words of opting out): the answers are kept for the few texts last asked, and a long
    reply body is not held for long. A request to leave a list of firms someone keeps ("raus aus der Liste der
    Lieferanten von Globex") is none (``firm_lists``)."""
    return bool(_UNSUBSCRIBE_RE.search(without_firm_lists(set_aside_refusals(text))))


def mentions_optout(text: str) -> bool:
    """Words of opting out that ask nothing of us ("does it track unsubscribe rates?"), or a request to leave a list
    of firms that is not ours: not an opt-out, but a person reads the reply in case it is one."""
    if is_unsubscribe(text):
        return False
    return bool(_OPTOUT_WORDS_RE.search(text) or holds_refusal(text) or _off_a_firm_list(text))


def _off_a_firm_list(text: str) -> bool:
    """Whether ``text`` asks to stop only where it asks to leave a list of firms that is not ours."""
    aside = set_aside_refusals(text)
    return without_firm_lists(aside) != aside and bool(_UNSUBSCRIBE_RE.search(aside))


def checked_model_answer(answer, text: str) -> tuple[str, str | None, float]:
    """Validate a model's ``{"label", "sub_reason", "confidence"}`` answer for ``text``.

    An unknown label or an unparseable answer falls back to the offline labeller, with the
    confidence held under the review threshold so a person looks at it. An objection without a
    known reason becomes ``other``; a reason on any other label is dropped.
    """
    if is_unsubscribe(text):
        return "unsubscribe", None, 0.97
    label = answer.get("label") if isinstance(answer, dict) else None
    if label not in LABELS:
        offline_label, sub, confidence = label_reply(text)
        return offline_label, sub, min(confidence, round(REVIEW_THRESHOLD - 0.01, 4))
    sub = answer.get("sub_reason")
    sub = (sub if sub in SUB_REASONS else "other") if label == "objection" else None
    try:
        confidence = min(1.0, max(0.0, float(answer.get("confidence", 0.5))))
    except (TypeError, ValueError):
        confidence = 0.5
    return label, sub, round(confidence, 4)
