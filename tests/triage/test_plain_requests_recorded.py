"""A plain request to stop in a few words ("Kindly stop.", "Bitte aus dem Verteiler entfernen.", "Stop aux mails svp.",
"Favor de no contactarme.") is recorded as the opt-out it is: only escalated, it waited for a person to record what she
had already said. What only resembles one (a question, another's address, a change of address) is not."""

import pytest

from tests.triage.helpers import assert_read_by_a_person, assert_recorded


@pytest.mark.parametrize("text", [
    "Kindly stop.", "No more emails from you guys.", "No more emails from you all, thanks.",
    "Bitte streichen Sie mich.", "Streichen Sie uns bitte.", "Bitte aus der Liste nehmen.",
    "Bitte aus dem Verteiler entfernen.", "Mich bitte aus Ihrem Verteiler streichen, danke.",
    "Kein Interesse, bitte keine Kontaktaufnahme mehr.", "Keinen Kontakt mehr, bitte.",
    "Stop aux mails svp.", "Retirez mon adresse svp.", "Supprimez mon adresse de vos fichiers.",
    "Favor de no contactarme.", "Por favor no contactar.", "Eliminen mi correo de su lista.", "Borren mi correo, gracias.",
])
def test_a_plain_request_to_stop_is_recorded(text):
    assert_recorded(text)


@pytest.mark.parametrize("text", [
    "Bitte aus der Einladung nehmen, Herr Braun kommt.",
    "¿Pueden eliminar mi correo antiguo del CRM? Ahora uso ana@nuevo.example.",
    "Retirez mon adresse de l'invitation, mon collègue y va.",
    "Stop aux réunions inutiles, envoyez-moi plutôt un mail.",
])
def test_what_only_resembles_one_goes_to_a_person(text):
    assert_read_by_a_person(text)
