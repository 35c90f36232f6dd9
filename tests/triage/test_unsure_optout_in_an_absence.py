"""An out-of-office whose sender adds, beside her absence, a request to stop in words the opt-out rule does not
take for one ('Ik wil hier verder niets meer over ontvangen', 'I'd rather not get these going forward') is read by
a person, as the same words in her reply are (the opt-out model marks them): it was an out-of-office closed with
nobody told, and her mail resumed on her return. Since 0555382f a headerless Italian or Dutch notice, read as a
person's reply before, is one too. A notice that only says she is away stays an out-of-office."""

from datetime import date

import pytest

from sdr_assets.domain.escalations import escalates
from sdr_assets.triage import classify_message
from sdr_assets.triage.result import AUTO_MAY_ASK_TO_STOP
from tests.triage.helpers import make_message

DATE = "Mon, 14 Dec 2026 10:00:00 +0100"


@pytest.mark.parametrize(("subject", "body", "headers"), [
    ("Automatisch antwoord: Re: Quick question",
     "Ik ben met vakantie tot 7 januari. Ik wil hier verder niets meer over ontvangen.", {}),
    ("Risposta automatica: Re: Quick question",
     "Sono in ferie fino al 7 gennaio. Queste email non mi servono più, non scrivetemi.", {}),
    ("Automatic reply: Re: Quick question",
     "I'm out of the office until 7 January. I'd rather not get these going forward.",
     {"Auto-Submitted": "auto-replied"}),
])
def test_a_request_the_rule_misses_beside_an_absence_is_read_by_a_person(subject, body, headers):
    result = classify_message(make_message(body, subject=subject, date=DATE, headers=headers))
    assert escalates(result.kind, result.label, result.needs_review, result.reason), (result.kind, result.label)


@pytest.mark.parametrize("body", [
    "I'm out of the office until 7 January with limited access to email.",
    "Ik ben met vakantie tot 7 januari en lees mijn e-mail niet.",
    "Sono in ferie fino al 7 gennaio. Per urgenze contattate il mio collega.",
])
def test_an_absence_alone_stays_an_out_of_office(body):
    result = classify_message(make_message(body, subject="Automatic reply: Re: Quick question", date=DATE,
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.return_date) == ("out_of_office", date(2027, 1, 7))


# Notices in the six languages, with what they say of her mail meanwhile, whom to ask, numbers, thanks and the
# company's notice on confidentiality: each stays an out-of-office, with nobody to read it.
ORDINARY_NOTICES = [
    ('Thank you for your email. I am out of the office until 7 January with no access to email. Emails '
     'will not be read during this time and will be deleted. If your matter is urgent, please contact my '
     'colleague Sarah Jones at sarah.jones@customer.example or call +44 20 7946 0958.\n\nKind regards,\nPat'),
    ("I'm currently on annual leave, returning on 7 January. I won't be checking my messages while I'm "
     'away. Please resend your email after my return if it still needs my attention.'),
    ("Hi, I'm on parental leave until 7 January. Your message will not be forwarded. For anything about "
     'invoices, write to ap@customer.example.\n\nThis email and any attachments are confidential and '
     'intended solely for the addressee. If you have received it in error, please notify the sender and '
     'delete it.'),
    ('Out of office until 7 January. I will respond to your message when I return. For urgent matters '
     'please call the front desk on 020 7946 0000.'),
    ('I am away until 7 January and will not be reading email. Please do not expect a reply before then. '
     'Messages sent in the meantime will not be kept, so please write again after the 7th.'),
    ('Vielen Dank für Ihre Nachricht. Ich bin bis zum 7. Januar im Urlaub. Ihre Nachricht wird nicht '
     'weitergeleitet und nach meiner Rückkehr nicht gelesen. In dringenden Fällen wenden Sie sich bitte an'
     ' meinen Kollegen Max Muster (max.muster@customer.example, Tel. +49 89 1234567).'),
    ('Ich bin bis 07.01.2027 nicht im Büro und habe keinen Zugriff auf meine E-Mails. E-Mails werden in '
     'dieser Zeit nicht gelesen und automatisch gelöscht. Bitte senden Sie Ihre Nachricht ab dem 7. Januar'
     ' erneut.'),
    ('Guten Tag, ich befinde mich bis zum 7. Januar in Elternzeit. Ihre E-Mail wird nicht weitergeleitet. '
     'Bitte wenden Sie sich an info@customer.example.\n\nDiese E-Mail enthält vertrauliche Informationen. '
     'Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender und vernichten '
     'Sie diese E-Mail.'),
    ('Ich bin bis 7. Januar abwesend und beantworte Ihre E-Mail nach meiner Rückkehr. Dringende Anfragen '
     'bitte an vertrieb@customer.example oder telefonisch unter 089 1234 5678.'),
    ("Bonjour, je suis absente jusqu'au 7 janvier. Votre message ne sera pas transféré et ne sera pas lu "
     'pendant mon absence. Pour toute urgence, merci de contacter ma collègue Claire Martin au 01 23 45 67'
     ' 89.'),
    ("Je suis en congé jusqu'au 7 janvier inclus, sans accès à mes e-mails. Je traiterai votre message à "
     "mon retour.\n\nCe message et ses pièces jointes sont confidentiels. Si vous n'êtes pas le "
     "destinataire, merci de le détruire et d'en avertir l'expéditeur."),
    ("Merci pour votre message. Je suis en vacances jusqu'au 7 janvier. Les e-mails reçus pendant cette "
     'période seront supprimés. Merci de renvoyer votre message après mon retour.'),
    ("Je suis en déplacement jusqu'au 7 janvier et je ne consulterai pas mes e-mails. En cas d'urgence, "
     'écrivez à support@customer.example.'),
    ('Gracias por su correo. Estoy de vacaciones hasta el 7 de enero. No revisaré el correo durante este '
     'periodo y su mensaje no será reenviado. Para asuntos urgentes, contacte con mi compañera Lucía '
     'García en el +34 912 345 678.'),
    ('Estaré fuera de la oficina hasta el 7 de enero sin acceso al correo electrónico. Los correos '
     'recibidos durante mi ausencia serán eliminados. Por favor, vuelva a enviarlo a partir del 7 de '
     'enero.'),
    ('Hola, estoy ausente hasta el 7 de enero. Responderé a su mensaje a mi regreso.\n\nEste mensaje es '
     'confidencial. Si usted no es el destinatario, por favor bórrelo y notifique al remitente.'),
    ('Estoy de baja hasta el 7 de enero. Su correo no será leído. Para cualquier consulta escriba a '
     'info@customer.example.'),
    ('Grazie per il messaggio. Sono in ferie fino al 7 gennaio. Le email ricevute in questo periodo non '
     'verranno lette né inoltrate. Per urgenze contattate il mio collega Marco Rossi al numero +39 02 1234'
     ' 5678.'),
    ('Sono fuori ufficio fino al 7 gennaio con accesso limitato alla posta. Risponderò al mio rientro.\n\n'
     'Questo messaggio è riservato. Se lo avete ricevuto per errore, cancellatelo e avvisate il mittente.'),
    ('Sono assente fino al 7 gennaio. I messaggi ricevuti durante la mia assenza saranno cancellati. Vi '
     'prego di reinviare la vostra email dopo il mio rientro.'),
    ('Sono in congedo fino al 7 gennaio e non leggerò la posta. Per questioni urgenti scrivete a '
     'ufficio@customer.example.'),
    ('Bedankt voor uw bericht. Ik ben met vakantie tot 7 januari. Uw e-mail wordt niet doorgestuurd en '
     'niet gelezen. Voor dringende zaken kunt u contact opnemen met mijn collega Jan de Vries via '
     '020-1234567.'),
    ('Ik ben afwezig tot en met 7 januari en heb geen toegang tot mijn e-mail. Berichten die in deze '
     'periode binnenkomen worden verwijderd. Stuur uw bericht na mijn terugkomst opnieuw.'),
    ('Ik ben tot 7 januari niet op kantoor. Ik beantwoord uw e-mail na mijn terugkeer.\n\nDit bericht is '
     'vertrouwelijk. Als u dit bericht per vergissing ontvangt, verwijder het dan en informeer de '
     'afzender.'),
    ('Ik ben met verlof tot 7 januari. Mail wordt niet gelezen. Neem in dringende gevallen contact op met '
     'info@customer.example.'),
    ("Hello,\n\nThanks for getting in touch. I'm travelling on business until Friday 8 January and checking "
     "email only occasionally, so replies may be slow. If it can't wait, my assistant Tom "
     '(tom@customer.example, 07700 900123) can help.\n\nBest wishes,\nPat Doe\nHead of Finance'),
    ("I'm on maternity leave until 1 March 2027. This mailbox is not being monitored and your email will "
     'not be forwarded. For sales enquiries please write to sales@customer.example; for anything else, '
     'call reception on +44 161 496 0000.'),
    ('Automatic reply: I am attending a conference and will be back in the office on Monday 11 January. I '
     'will get back to you as soon as I can. Regards, Pat'),
    ('Hallo,\n\nich bin ab dem 21.12. bis einschließlich 8. Januar im Urlaub und lese meine E-Mails in '
     'dieser Zeit nicht. Ihre Nachricht wird nicht automatisch weitergeleitet. Ab dem 11. Januar bin ich '
     'wieder für Sie da.\n\nViele Grüße\nPat Doe'),
    ('Sehr geehrte Damen und Herren,\nvielen Dank für Ihre E-Mail. Ich bin bis zum 8. Januar nicht '
     'erreichbar. Bei Fragen zu Rechnungen wenden Sie sich bitte an buchhaltung@customer.example.\nMit '
     'freundlichen Grüßen\nPat Doe'),
    ("Bonjour,\nJe suis actuellement en congés et serai de retour le 8 janvier. Je n'aurai pas accès à ma "
     'messagerie pendant cette période. Pour toute demande, vous pouvez joindre le standard au 01 44 55 66'
     ' 77.\nBien cordialement,\nPat'),
    ("Madame, Monsieur, je suis absent du bureau jusqu'au 8 janvier. Les messages reçus ne seront ni lus "
     'ni transférés. Je vous invite à renouveler votre envoi à mon retour. Cordialement.'),
    ('Buenos días:\nMe encuentro fuera de la oficina hasta el 8 de enero, con acceso limitado al correo. Le'
     ' responderé lo antes posible a mi regreso. Si necesita ayuda inmediata, escriba a '
     'soporte@customer.example.\nSaludos cordiales,\nPat'),
    ('Estoy de vacaciones y volveré el 8 de enero. Durante este tiempo no leeré los correos y no se '
     'reenviarán. Gracias por su comprensión.'),
    ("Buongiorno,\nsono fuori sede fino all'8 gennaio e non avrò accesso alla posta elettronica. Le email "
     "non saranno inoltrate. Per necessità contattare l'ufficio al numero 02 9876 5432.\nCordiali saluti\n"
     'Pat'),
    "Gentile mittente, sono in vacanza fino all'8 gennaio. Leggerò la sua email al mio rientro. Grazie e buone feste.",
    ('Beste afzender,\n\nIk ben tot en met 8 januari afwezig en lees in die periode geen e-mail. Uw bericht '
     'wordt niet automatisch doorgestuurd. Voor vragen kunt u terecht bij servicedesk@customer.example of '
     '030 123 4567.\n\nMet vriendelijke groet,\nPat Doe'),
    ('Dank voor uw bericht. Ik ben op vakantie en vanaf maandag 11 januari weer aanwezig. Ik reageer dan '
     'zo snel mogelijk. Fijne feestdagen!'),
    "I'm out until 7 January with no laptop. Anything sent before then will be waiting for me, but please be patient.",
    "Thanks for your message. I'm on holiday until 7 January. I'm not checking email. Happy New Year!",
    ("Currently on PTO until Jan 7. No emails will be answered while I'm away. Reach out to "
     'help@customer.example for support.'),
    'Ich bin bis 7. Januar nicht im Büro. Ihre E-Mail wird nicht gelesen. Frohe Feiertage!',
    'Ich bin im Urlaub und ab dem 7. Januar wieder da. Keine Weiterleitung. Danke für Ihr Verständnis.',
    "Je suis en vacances jusqu'au 7 janvier. Aucun message ne sera traité pendant mon absence. Bonnes fêtes !",
    "Absente jusqu'au 7 janvier. Je ne lis pas mes mails. Merci de votre compréhension.",
    'Estoy fuera hasta el 7 de enero. No tengo acceso al correo. ¡Felices fiestas!',
    'De vacaciones hasta el 7 de enero. Ningún correo será atendido hasta mi vuelta.',
    'Sono in ferie fino al 7 gennaio. Non controllo la posta. Buone feste!',
    'Assente fino al 7 gennaio. Nessuna email verrà letta. Grazie per la comprensione.',
    'Ik ben met vakantie tot 7 januari. Ik lees geen mail. Fijne feestdagen!',
    'Afwezig tot 7 januari. E-mails worden niet gelezen of doorgestuurd. Bedankt voor uw begrip.',
]
# Requests to stop, in words the opt-out rule does not take, added to a notice.
REQUESTS_IN_NOTICES = [
    "Out of office until 7 January. Once I'm back, I'd appreciate not hearing from your company again.",
    "I am on holiday until 7 January. No need to keep writing to me about this, it isn't something I want in my inbox.",
    'Ich bin bis zum 7. Januar im Urlaub. Solche Angebote möchte ich künftig nicht mehr bekommen.',
    "Je suis absente jusqu'au 7 janvier. Vos messages ne m'intéressent pas, inutile de continuer à m'écrire.",
    'Estoy de vacaciones hasta el 7 de enero. Les agradecería que no me escribieran más sobre esto.',
    'Ik ben afwezig tot 7 januari. Ik heb geen behoefte aan verdere mails van jullie.',
    "I'm on leave until 7 January. Please leave me off any future campaigns.",
    "Out until 7 January. I have no interest in these messages and don't want any more of them.",
    "Je suis en congé jusqu'au 7 janvier. Je n'ai pas besoin de recevoir d'autres messages de votre part.",
    'Estoy de vacaciones hasta el 7 de enero. No necesito que me sigan enviando estas propuestas.',
    'Sono in ferie fino al 7 gennaio. Non ho interesse a ricevere altre proposte, grazie.',
    'Ik ben op vakantie tot 7 januari. Ik zit niet te wachten op verdere berichten van jullie.',
]


@pytest.mark.parametrize("body", ORDINARY_NOTICES)
def test_an_ordinary_notice_is_read_by_nobody(body):
    result = classify_message(make_message(body, subject="Automatic reply: Re: Quick question", date=DATE,
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert result.kind == "out_of_office", (result.kind, result.label, result.reason)


@pytest.mark.parametrize("body", REQUESTS_IN_NOTICES)
def test_a_request_in_a_notice_holds_her_mail_for_a_person(body):
    result = classify_message(make_message(body, subject="Automatic reply: Re: Quick question", date=DATE,
                                           headers={"Auto-Submitted": "auto-replied"}))
    assert (result.kind, result.reason, result.needs_review) == ("human", AUTO_MAY_ASK_TO_STOP, True), (
        result.kind, result.label, result.reason)
