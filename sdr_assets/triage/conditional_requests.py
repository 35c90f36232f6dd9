"""Her request to stop put as a condition or a polite question, where Dutch and German put the verb last: "Als u
mij van uw lijst zou kunnen verwijderen", "Zou u mij van uw lijst kunnen verwijderen?", "Wenn Sie mich von Ihrer
Liste streichen könnten", "Könnten Sie mich aus Ihrer Datenbank löschen?"; and in French, her address named in the
infinitive such a condition takes ("Si vous pouviez supprimer mon adresse de votre liste").

The rule's imperatives ("verwijder mij", "streichen Sie mich") miss these: the verb comes after the list. Each names
her (mij, mich, mon adresse) and one of the sender's lists, and refuses nothing ("niet", "nicht"): a notice's
condition on its reader's wish ("Als u deze e-mails niet langer wilt ontvangen") names no one to remove. An
event's list ("de lijst van sprekers"), her place handed to a colleague ("stattdessen meine Kollegin") and a
request to stop calling ("Zou u mij niet meer willen bellen? Mailen is prima.") ask no stop of our mail. Spanish
and Portuguese put such a request in the subjunctive (``subjunctive_requests``).
"""

from __future__ import annotations

from .subjunctive_requests import SUBJUNCTIVE_REQUESTS

# "als u", "zou u", "kunt u" … "mij", then the list and the verb, with no "niet" or "nooit" between.
_NL_ASKING = (r"\b((als|indien|wanneer|mocht) (u|jullie|je)|(zou|zoudt|zouden|kunt|kan|kunnen|wilt|wil|willen) "
              r"(u|jullie|je))( \w+){0,2}? (mij|me|ons|mijn (e-?mailadres|emailadres|adres|gegevens|naam))\b"
              r"(?![^.!?\n]{0,80}\b(niet|nooit)\b)")
# The sender's lists by name: no list of a meeting's guests ("deelnemerslijst", "Teilnehmerliste"), nor one
# named by them ("de lijst van sprekers", "der Liste der Referenten", "votre liste d'invités").
_NL_EVENT = r"(?! (van|voor|met) (de )?(sprekers|deelnemers|genodigden|gasten|aanwezigen|bezoekers|inschrijvingen|kandidaten)\b)"
_NL_LIST = (r"(van|uit) (uw|jullie|je|de|het|die|deze)( \w+)? ((mailing|verzend|distributie|adres|contact|e-?mail|"
            rf"nieuwsbrief|marketing)?(lijst|lijsten)|bestand|database|systeem|adresboek|crm|mailings?)\b{_NL_EVENT}")
_DE_ASKING = (r"\b((wenn|falls|sofern) (sie|ihr|du)|(könnten|würden|können|könntet|würdet|könnt|könntest|würdest) "
              r"(sie|ihr|du))( bitte| doch| so nett sein und| vielleicht)* (mich|uns|meine[nm]? ([\w-]*adresse|"
              r"[\w-]*daten|e-?mail[\w-]*|namen))\b(?![^.!?\n]{0,80}\b(nicht|nie|niemals)\b)")
_DE_EVENT = (r"(?! (der|für die|von) (referent|teilnehmer|gäste|sprecher|redner|besucher|anmeldungen|eingeladenen|"
             r"aussteller|bewerber)\w*)")
_DE_LIST = (r"(von|aus) (ihrer|eurer|deiner|der|dieser|ihrem|eurem|deinem|dem|diesem|ihren|euren|allen|sämtlichen)"
            r"( \w+)? ((mailing-?|verteiler|adress|kontakt|e-?mail-?|newsletter-?|marketing|versand)?(liste|listen)|"
            rf"[\w-]*verteiler|datenbank|kartei|crm|adressbuch|system|newsletter)\b{_DE_EVENT}")
# Her place handed to someone else ("… als Ansprechpartner entfernen und stattdessen meine Kollegin eintragen") asks
# for the conversation to go on with them, not for our mail to stop.
_HANDED_ON = (r"(?![^.!?\n]{0,80}\b(stattdessen|statt dessen|an meiner stelle|in plaats daarvan|in mijn plaats|"
              r"à la place|à ma place)\b)")
_FR_EVENT = (r"(?! ?(de |des |du |d'|d’)(participants|invités|intervenants|conférenciers|orateurs|inscrits|exposants|"
             r"visiteurs|candidats|attente)\b)")

CONDITIONAL_REQUESTS: dict[str, tuple[str, ...]] = {
    "nl": (
        rf"{_NL_ASKING}[^.!?\n]{{0,40}}?\b{_NL_LIST}[^.!?\n]{{0,30}}?\b(verwijderen|halen|afhalen|schrappen|uitschrijven)\b"
        rf"{_HANDED_ON}",
        # Not from an event: "Kunt u mij voor het webinar afmelden?"
        rf"{_NL_ASKING}( (?!voor\b)\w+){{0,3}} (uitschrijven|afmelden)\b(?! voor\b)",
        r"\b(mij|me|ons) (verder )?niet (meer|langer) (zou|zoudt|zouden|wilt|wil|willen|kunt|kunnen)( \w+)? (benaderen|"
        r"mailen|e-?mailen|contacteren|lastigvallen|schrijven)\b",
    ),
    "de": (
        rf"{_DE_ASKING}[^.!?\n]{{0,40}}?\b{_DE_LIST}[^.!?\n]{{0,30}}?\b(streichen|entfernen|löschen|nehmen|herausnehmen|"
        rf"austragen|abmelden)\b{_HANDED_ON}",
    ),
    "fr": (
        r"\b(supprimer|retirer|effacer|enlever|rayer|ôter) (mon|notre|mes|nos) (adresses?|e-?mails?|courriels?|noms?|"
        r"coordonnées|contacts?)( e-?mail| électronique| mail)? (de|des|du) (vos|votre)( \w+)? (listes?|fichiers?|bases?|"
        rf"contacts|mailings?|registres|crm|système)\b{_FR_EVENT}{_HANDED_ON}",
    ),
    **SUBJUNCTIVE_REQUESTS,
}
