"""The six panel e-mails: each renders its subject, text and HTML parts in Spanish and English
from what ``panels.services`` puts in the context."""

import pytest
from django.urls import reverse

from notifications.enums import MessageType
from notifications.services import render_message
from panels.enums import SeatStatus

pytestmark = pytest.mark.django_db

PANEL_MESSAGES = {
    MessageType.PANEL_PROPOSAL: {
        "en": ["A specialist is proposed for your panel", "Valentina Rojas Fuentes (Chile)"],
        "es": ["Se propone un especialista para su panel", "Valentina Rojas Fuentes (Chile)"],
    },
    MessageType.PANEL_INVITATION: {
        "en": ["Invitation to an expert panel", "ad honorem", "Please answer by"],
        "es": ["Invitación a un panel de expertos", "ad honorem", "Le rogamos responder antes del"],
    },
    MessageType.PANEL_INVITATION_REMINDER: {
        "en": ["Your answer to the panel invitation is overdue", "The deadline was"],
        "es": ["Venció el plazo para responder a la invitación al panel", "El plazo venció el"],
    },
    MessageType.PANEL_INVITATION_ACCEPTED: {
        "en": ["An expert accepted the invitation", "Segunda quincena de marzo."],
        "es": ["Invitación al panel aceptada", "Segunda quincena de marzo."],
    },
    MessageType.PANEL_INVITATION_DECLINED: {
        "en": ["An expert declined the invitation", "Sin disponibilidad.", "Martín Sosa"],
        "es": ["Invitación al panel declinada", "Sin disponibilidad.", "Martín Sosa"],
    },
    MessageType.PANEL_SEAT_FREED: {
        "en": ["An invitation expired: a panel seat is free", "Martín Sosa Pereira (Uruguay)"],
        "es": ["Una invitación venció: hay un puesto libre en el panel", "(Uruguay)"],
    },
}


def test_every_panel_message_type_is_covered():
    panel_types = {t for t in MessageType if t.value.startswith("panel_")}
    assert panel_types - {MessageType.PANEL_CONFIRMED} == set(PANEL_MESSAGES)


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("message_type", list(PANEL_MESSAGES))
def test_panel_message_renders(cast, make_round, message_type, language):
    rnd = make_round("panel_forming")
    seat = rnd.panel_seats.get(user=cast.expert_cl)
    seat.status = SeatStatus.INVITED
    seat.availability = "Segunda quincena de marzo."
    seat.response_deadline = seat.created_at
    recipient = {
        MessageType.PANEL_PROPOSAL: cast.gt_focal_point,
        MessageType.PANEL_INVITATION: cast.expert_cl,
        MessageType.PANEL_INVITATION_REMINDER: cast.expert_cl,
    }.get(message_type, cast.coordinator)
    link = "http://ripso.example.org" + reverse("panels:panel", args=[rnd.code])
    context = {
        "round": rnd,
        "seat": seat,
        "next_best": cast.expert_uy,
        "reason": "Sin disponibilidad.",
        "overdue": True,
        "recipient": recipient,
        "link": link,
    }
    subject, text, html = render_message(message_type, language, context)
    assert subject.startswith(rnd.code)
    for part in (text, html):
        assert link in part
        assert "None" not in part
        assert "{{" not in part and "{%" not in part
        for expected in PANEL_MESSAGES[message_type][language]:
            assert expected in subject + part, (expected, part)


@pytest.mark.parametrize("language", ["en", "es"])
def test_declined_without_a_next_best_says_so(cast, make_round, language):
    rnd = make_round("panel_forming")
    seat = rnd.panel_seats.get(user=cast.expert_mx)
    _subject, text, _html = render_message(
        MessageType.PANEL_INVITATION_DECLINED,
        language,
        {
            "round": rnd,
            "seat": seat,
            "next_best": None,
            "reason": "",
            "recipient": cast.secretariat,
        },
    )
    expected = {
        "en": "No other candidate in the roster fits this seat",
        "es": "Ningún otro candidato",
    }[language]
    assert expected in text
