"""Login throttling (django-axes): 10 failures in 5 minutes lock the account, or the address."""

import pytest
from axes.utils import reset as axes_reset
from django.test import Client
from django.urls import reverse

from accounts.models import AccountRequest
from notifications.models import OutgoingMessage
from tests import factories as f
from tests.accounts.test_views import request_data

pytestmark = pytest.mark.django_db

LOCKED_MESSAGE = "Too many failed attempts. Wait 5 minutes or reset your password."


@pytest.fixture(autouse=True)
def _reset_axes():
    axes_reset()
    yield
    axes_reset()


def attempt(email, password, ip):
    return Client(REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en").post(
        reverse("accounts:login"), {"username": email, "password": password}
    )


def test_ten_failures_on_one_account_lock_it(cast):
    email = cast.gt_focal_point.email
    # Each failure from a different address: only the account is counted ten times.
    for n in range(9):
        response = attempt(email, "wrong-password", f"198.51.100.{n + 1}")
        assert response.status_code == 200
    tenth = attempt(email.upper(), "wrong-password", "198.51.100.10")
    assert tenth.status_code == 429

    client = Client(REMOTE_ADDR="203.0.113.77", HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": f.TEST_PASSWORD}
    )
    assert response.status_code == 429
    content = response.content.decode()
    assert LOCKED_MESSAGE in content
    assert reverse("accounts:password_reset") in content
    assert response["Retry-After"] == "300"
    assert "_auth_user_id" not in client.session

    # Another account from the same fresh address is not affected.
    other = attempt(cast.gt_team_member.email, f.TEST_PASSWORD, "203.0.113.77")
    assert other.status_code == 302


def test_ten_failures_from_one_address_lock_the_address(cast):
    ip = "192.0.2.44"
    for n in range(9):
        response = attempt(f"nobody{n}@example.org", "wrong-password", ip)
        assert response.status_code == 200
    assert attempt("nobody9@example.org", "wrong-password", ip).status_code == 429

    locked = attempt(cast.gt_focal_point.email, f.TEST_PASSWORD, ip)
    assert locked.status_code == 429
    assert LOCKED_MESSAGE in locked.content.decode()

    # The same person from another address logs in.
    elsewhere = attempt(cast.gt_focal_point.email, f.TEST_PASSWORD, "192.0.2.45")
    assert elsewhere.status_code == 302
    assert elsewhere.url == reverse("rounds:home")


def test_a_success_before_the_limit_resets_the_count(cast):
    email = cast.gt_focal_point.email
    for n in range(9):
        attempt(email, "wrong-password", f"198.51.100.{n + 1}")
    assert attempt(email, f.TEST_PASSWORD, "198.51.100.50").status_code == 302
    for n in range(9):
        assert attempt(email, "wrong-password", f"198.51.100.{n + 100}").status_code == 200
    assert attempt(email, f.TEST_PASSWORD, "198.51.100.51").status_code == 302


def test_resetting_the_password_lifts_the_account_lock(cast, mailoutbox):
    email = cast.gt_team_member.email
    for n in range(10):
        attempt(email, "wrong-password", f"198.51.100.{n + 1}")
    assert attempt(email, f.TEST_PASSWORD, "203.0.113.9").status_code == 429

    client = Client(REMOTE_ADDR="203.0.113.9")
    client.post(reverse("accounts:password_reset"), {"email": email})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/" in line)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    new_password = "Quetzal-Nuevo-2031"
    client.post(form_url, {"new_password1": new_password, "new_password2": new_password})

    assert attempt(email, new_password, "203.0.113.9").status_code == 302


# --- Issue 12, items 1-2: a success clears only its own account; the proxy's address is not
# the client's. ------------------------------------------------------------------------------
def test_logging_into_ones_own_account_does_not_clear_the_addresss_failures(cast):
    """32 guesses at another account with a log-in to her own between them: locked at 10."""
    ip = "198.51.100.200"
    victim = cast.gt_focal_point.email
    own = cast.gt_team_member.email
    codes = []
    for n in range(32):
        codes.append(attempt(victim, f"guess-{n}", ip).status_code)
        if n % 3 == 2 and codes[-1] != 429:
            attempt(own, f.TEST_PASSWORD, ip)
    assert codes[:9] == [200] * 9
    assert set(codes[9:]) == {429}
    # The account is locked from anywhere, with the usual message and the way out.
    locked = attempt(victim, f.TEST_PASSWORD, "203.0.113.200")
    assert locked.status_code == 429
    assert LOCKED_MESSAGE in locked.content.decode()
    assert reverse("accounts:password_reset") in locked.content.decode()


def test_a_success_clears_its_own_accounts_failures_from_every_address(cast):
    email = cast.gt_focal_point.email
    for n in range(9):
        attempt(email, "wrong-password", f"198.51.100.{n + 1}")
    assert attempt(email, f.TEST_PASSWORD, "203.0.113.1").status_code == 302
    # Nine more failures (from the first address again) do not lock her: the count was cleared.
    for _n in range(9):
        assert attempt(email, "wrong-password", "198.51.100.1").status_code == 200
    assert attempt(email, f.TEST_PASSWORD, "198.51.100.2").status_code == 302


def proxied(email, password, forwarded_for, proxy="10.0.0.5"):
    return Client(
        REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded_for, HTTP_ACCEPT_LANGUAGE="en"
    ).post(reverse("accounts:login"), {"username": email, "password": password})


def test_behind_one_proxy_one_clients_failures_do_not_lock_out_the_others(cast, settings):
    settings.PROXY_COUNT = 1
    for n in range(10):
        proxied(f"nobody{n}@example.org", "wrong-password", "192.0.2.10")
    # The attacker's address is locked ...
    assert proxied("nobody@example.org", "wrong-password", "192.0.2.10").status_code == 429
    # ... everyone else, through the same proxy, still logs in.
    other = proxied(cast.gt_focal_point.email, f.TEST_PASSWORD, "192.0.2.11")
    assert other.status_code == 302


def test_behind_one_proxy_a_forged_forwarded_for_prefix_is_ignored(cast, settings):
    """The client writes what it likes to the left; the proxy appends the real address."""
    settings.PROXY_COUNT = 1
    for n in range(10):
        proxied(f"nobody{n}@example.org", "wrong-password", f"203.0.113.{n}, 192.0.2.20")
    assert proxied("x@example.org", "wrong-password", "203.0.113.99, 192.0.2.20").status_code == 429
    assert proxied(cast.gt_team_member.email, f.TEST_PASSWORD, "192.0.2.21").status_code == 302


def test_without_a_proxy_the_forwarded_for_header_is_not_trusted(cast, settings):
    settings.PROXY_COUNT = 0
    for n in range(10):
        proxied(f"nobody{n}@example.org", "wrong-password", f"203.0.113.{n}", proxy="192.0.2.30")
    locked = proxied(cast.gt_focal_point.email, f.TEST_PASSWORD, "203.0.113.50", proxy="192.0.2.30")
    assert locked.status_code == 429


# --- Issue 12 item 3: no e-mail flooding ----------------------------------------------------
def reset_request(email, ip="198.51.100.70"):
    return Client(REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en").post(
        reverse("accounts:password_reset"), {"email": email}
    )


def test_password_reset_mail_is_limited_per_target_with_the_same_answer(cast, mailoutbox, caplog):
    email = cast.gt_focal_point.email
    answers = [reset_request(email, ip=f"198.51.100.{n + 1}") for n in range(6)]
    assert {(r.status_code, r.url) for r in answers} == {
        (302, reverse("accounts:password_reset_done"))
    }
    assert len([m for m in mailoutbox if email in m.to]) == 3
    assert '"event": "mail.limited"' in caplog.text


def test_password_reset_mail_is_limited_per_client_address(cast, settings, mailoutbox):
    settings.MAIL_LIMIT_PER_CLIENT = 2
    targets = [cast.gt_focal_point, cast.gt_team_member, cast.hn_focal_point]
    for person in targets:
        assert reset_request(person.email, ip="192.0.2.70").status_code == 302
    assert len(mailoutbox) == 2
    # Someone else, from another address, still receives her link.
    reset_request(cast.hn_focal_point.email, ip="192.0.2.71")
    assert len(mailoutbox) == 3


def test_an_unknown_address_gets_the_same_answer_as_a_known_one(cast):
    known = reset_request(cast.gt_focal_point.email)
    unknown = reset_request("nadie@example.org")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)


def test_account_requests_are_limited_per_target_and_client_with_the_same_answer(
    cast, settings, caplog
):
    settings.MAIL_LIMIT_PER_CLIENT = 4
    url = reverse("accounts:request_account")
    client = Client(REMOTE_ADDR="192.0.2.80")
    # The same address asked for five times: three requests recorded, the same page each time.
    answers = [client.post(url, request_data(cast)) for _n in range(5)]
    assert {(r.status_code, r.url) for r in answers} == {
        (302, reverse("accounts:request_account_done"))
    }
    assert AccountRequest.objects.count() == 3
    # A sixth, for another person, from the same client: over the client's limit of four.
    client.post(url, request_data(cast, email="otra.persona@example.org"))
    assert not AccountRequest.objects.filter(email="otra.persona@example.org").exists()
    assert OutgoingMessage.objects.filter(to_email="otra.persona@example.org").count() == 0
    assert '"scope": "account_request"' in caplog.text
