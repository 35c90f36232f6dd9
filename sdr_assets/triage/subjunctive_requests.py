"""Her request to stop put as a condition or a wish in Spanish and Portuguese: "Si me quitaran de su lista",
"Le agradecería que me eliminaran de su lista de correo", "Se puderem me remover da vossa lista", "Agradeço se me
retirarem da lista".

The rule's imperatives ("elimínenme", "removam-me") miss these: after "si"/"se" or "que" the removal takes the
subjunctive ("quitaran", "retirarem", "removessem"), the conditional ("quitarían") or a modal and the infinitive
("me pudieran retirar", "puderem remover-me"), with her pronoun before the verb. Each names her (me, nos), one of
the sender's lists (or asks to be unsubscribed: "dar de baja", "descadastrar") and refuses nothing ("no me
quitaran"). An event's list ("la lista de invitados", "a lista de palestrantes"), her place handed to a colleague
("en mi lugar", "no meu lugar") and a list of calls ("lista de llamadas", "lista de ligações") ask no stop of our
mail, as in ``conditional_requests``.
"""

from __future__ import annotations

# The condition ("si", "se", "caso") or the wish ("que", "agradeço se") that takes the subjunctive, then her pronoun,
# within the clause.
_ES_FRAME = r"\b(si|que)\b[^.!?¿\n]{0,40}?(?<!\bno )(?<!\bnunca )(?<!\bjamás )\b(me|nos) "
_PT_FRAME = r"\b(se|que|caso|quando)\b[^.!?\n]{0,40}?(?<!não )(?<!nao )(?<!nunca )\b(me|nos) "
# A modal before the infinitive: "me pudieran quitar", "me puderem remover".
_ES_MODAL = (r"((pudiera|pudieran|pudieras|pudierais|pudiese|pudiesen|podría|podrían|podrías|podríais|puede|pueden|"
             r"quisiera|quisieran|quisiese|quisiesen) )?")
_PT_MODAL = r"((puder|puderem|pudesse|pudessem|podia|podiam|poderia|poderiam|pode|podem|conseguir|conseguirem) )?"
# The removal in the subjunctive (present and past), the conditional, the present or the infinitive.
_ES_AR = r"(e|en|a|an|ara|aran|aras|arais|ase|asen|ases|aseis|aría|arían|arías|aríais|ar|éis)"
_ES_REMOVED = (rf"((quit|elimin|borr|retir){_ES_AR}|saqu(e|en)|sac(a|an|ara|aran|ase|asen|aría|arían|ar)|"
               r"excluy(a|an|era|eran|ese|esen|e|en)|exclu(iría|irían|ir)|"
               r"suprim(a|an|iera|ieran|iese|iesen|e|en|iría|irían|ir)|remuev(a|an|e|en)|"
               r"remov(iera|ieran|iese|iesen|ería|erían|er))")
_PT_AR = r"(ar|arem|asse|assem|em|e|ariam|aria|am|a)"
_PT_REMOVED = (rf"((retir|tir|apag|elimin|descadastr){_PT_AR}|apagu(e|em)|"
               r"remov(er|erem|esse|essem|am|a|eriam|eria|em|e)|"
               r"exclu(ir|írem|irem|ísse|isse|íssem|issem|am|a|iriam|iria|em|i))")
# Infinitives with her pronoun after them, after a modal: "si pudieran retirarme", "se puderem remover-me".
_ES_ENCLITIC = r"\b(retirar|suprimir|remover)(me|nos) "
_PT_ENCLITIC = r"\b(retirar|tirar|remover|excluir|apagar|eliminar)-(me|nos) "
# One of the sender's lists.
_ES_LIST = (r"(de|del) ((su|sus|la|las|el|los|vuestr[ao]s?|tus?|est[ae]s?|es[ae]s?) )?(\w+ )?(lista|listas|listado|"
            r"base de datos|bases de datos|base|registros?|env[ií]os|correos|mailing|mailings|bolet[ií]n|boletines|"
            r"newsletter|sistema|crm|ficheros?|archivos?|contactos|campañas?|secuencias?|comunicaciones)\b")
_PT_LIST = (r"(da|das|do|dos|de|desta|dessa|deste|desse) ((vossa|vossas|vosso|vossos|sua|suas|seu|seus|tua|tuas|teu|"
            r"teus) )?(\w+ )?(lista|listas|base de dados|base|mailing|cadastro|newsletter|sistema|crm|registos?|"
            r"registros?|contactos|contatos|envios|e-?mails|comunicações|campanhas?)\b")
# No list of a meeting's guests or of calls: "de la lista de invitados", "da lista de palestrantes", "lista de
# llamadas", "lista telefónica"; a list of calls and of mail ("de llamadas y de correos") is ours.
_ES_NOT_OURS = (r"(?! (de|del|para) (los |las |el |la )?(ponentes|invitados|participantes|asistentes|oradores|"
                r"inscritos|espera|candidatos|expositores|visitantes|conferenciantes|evento|webinar|seminario|congreso|"
                r"(llamadas|tel[eé]fonos)(?! (y|o) (de |a )?(los |las |el )?(correos?|e-?mails?|env[ií]os|mensajes)))\b"
                r"| telef[oó]nica)")
_PT_NOT_OURS = (r"(?! (de|do|da|dos|das|para) (os |as |o |a )?(palestrantes|convidados|participantes|oradores|"
                r"inscritos|espera|candidatos|expositores|visitantes|evento|webinar|seminário|congresso|"
                r"(ligações|chamadas|telefones)(?! (e|ou) (de |dos |das |do |da )?(e-?mails?|mensagens|envios|correios?)))\b"
                r"| telef[oô]nica)")
# Her place handed to a colleague: "… y pongan a mi compañera en mi lugar", "… e coloquem a minha colega".
_HANDED_ON = (r"(?![^.!?\n]{0,80}\b(en (mi|su) lugar|en lugar de m[ií]|en vez de m[ií]|(no|em) (meu|seu) lugar|"
              r"em vez de mim|ao inv[eé]s de mim|em lugar de mim|(y|e) (pongan|añadan|incluyan|agreguen|coloquen|"
              r"coloquem|incluam|adicionem|ponham|acrescentem) (a |o |à )?(mi|mis|minha|meu|nuestr\w*|nossa|"
              r"nosso)\b))")

# Nor a removal told of as a mistake ("Que me quitaran de su lista fue un error"), nor a condition a question follows
# ("Si me quitan de la lista, ¿sigo recibiendo las facturas?").
_NOT_ASKED = (r"(?![^.!?\n]{0,80}(\b(fue|ha sido|es|sería|foi|é|seria) (un|um) (error|erro)\b|\bpor (error|"
              r"equivocaci[oó]n|engano|erro)\b|¿))")

SUBJUNCTIVE_REQUESTS: dict[str, tuple[str, ...]] = {
    "es": (
        rf"{_ES_FRAME}{_ES_MODAL}{_ES_REMOVED} {_ES_LIST}{_ES_NOT_OURS}{_HANDED_ON}{_NOT_ASKED}",
        rf"\b(si|que)\b[^.!?¿\n]{{0,40}}?{_ES_ENCLITIC}{_ES_LIST}{_ES_NOT_OURS}{_HANDED_ON}{_NOT_ASKED}",
        rf"{_ES_FRAME}{_ES_MODAL}(dar|dé|den|diera|dieran|diese|diesen|daría|darían) de baja\b"
        rf"{_HANDED_ON}{_NOT_ASKED}",
    ),
    "pt": (
        rf"{_PT_FRAME}{_PT_MODAL}{_PT_REMOVED} {_PT_LIST}{_PT_NOT_OURS}{_HANDED_ON}{_NOT_ASKED}",
        rf"\b(se|que|caso)\b[^.!?\n]{{0,40}}?{_PT_MODAL}{_PT_ENCLITIC}{_PT_LIST}{_PT_NOT_OURS}{_HANDED_ON}{_NOT_ASKED}",
        rf"{_PT_FRAME}{_PT_MODAL}descadastr(ar|arem|asse|assem|em|e|ariam|aria)\b{_HANDED_ON}{_NOT_ASKED}",
    ),
}
