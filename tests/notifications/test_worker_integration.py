"""The outbox end to end with real services: Redis, a Celery worker process and an SMTP server.

Everything else in the suite runs Celery eagerly. Here the test process publishes to a real
Redis, a real ``celery worker`` subprocess (on the test database) consumes the task and sends
the e-mail over SMTP to an aiosmtpd server running in this process. Each run uses its own queue
name, so two runs sharing a Redis cannot take each other's tasks.
"""

import contextlib
import email
import os
import shutil
import socket
import subprocess
import threading
import time
import uuid
from email import policy
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import connection
from django.utils import timezone

from notifications import tasks
from notifications.enums import MessageState
from notifications.models import OutgoingMessage
from rounds.services import transition_round

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
CELERY = ROOT / ".venv" / "bin" / "celery"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, timeout, interval=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())


@pytest.fixture
def redis_url_for_tests():
    url = os.environ.get("REDIS_URL_FOR_TESTS")
    if not url:
        pytest.fail(
            "REDIS_URL_FOR_TESTS is not set: the worker integration tests need a Redis to use "
            "as the Celery broker (e.g. redis://127.0.0.1:6379/15). `make test` sets it."
        )
    return url


# --- SMTP -------------------------------------------------------------------------------------
class Mailbox:
    """aiosmtpd handler that keeps every message it receives."""

    def __init__(self):
        self.messages = []
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append((list(envelope.rcpt_tos), str(parsed["subject"])))
        return "250 Message accepted for delivery"

    def received(self):
        with self._lock:
            return sorted(self.messages)


@pytest.fixture
def smtp_server():
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, mailbox
    finally:
        controller.stop()


# --- Redis of our own (test B stops and restarts it) ------------------------------------------
class OwnRedis:
    def __init__(self, directory):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                *f"--port {self.port} --bind 127.0.0.1 --appendonly no --daemonize no".split(),
                *["--save", "", "--dir", str(self.directory)],
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        assert wait_for(lambda: self._ping(client), 10), "redis-server did not start"

    @staticmethod
    def _ping(client):
        try:
            return client.ping()
        except redis.RedisError:
            return False

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        self.process = None


@pytest.fixture
def own_redis(tmp_path):
    server = OwnRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


# --- The worker -------------------------------------------------------------------------------
def url_of_the_test_database():
    db = connection.settings_dict
    assert db["ENGINE"] == "django.db.backends.postgresql", "the suite runs on PostgreSQL"
    user, password = quote(db["USER"], safe=""), quote(db["PASSWORD"], safe="")
    return f"postgres://{user}:{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def queue_name():
    return f"ripso-test-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def start_worker(tmp_path, smtp_server, queue_name):
    """``start_worker(broker_url)``: a real worker on the test database, stopped afterwards."""
    controller, _mailbox = smtp_server
    started = []

    def start(broker_url):
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"EMAIL_BACKEND", "REDIS_URL", "DATABASE_URL"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="ripso.settings",
            DATABASE_URL=url_of_the_test_database(),
            REDIS_URL=broker_url,
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=str(controller.port),
            EMAIL_USE_TLS="false",
            EMAIL_USE_SSL="false",
            PYTHONUNBUFFERED="1",
        )
        log_path = tmp_path / f"worker-{len(started)}.log"
        log = log_path.open("w")
        process = subprocess.Popen(
            [
                str(CELERY),
                *["-A", "ripso", "worker", "-l", "info", "--concurrency=1", "-P", "solo"],
                *["--without-heartbeat", "--without-gossip", "--without-mingle"],
                *["-Q", queue_name, "-n", f"{queue_name}@%h"],
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))

        def ready():
            assert process.poll() is None, f"worker exited:\n{log_path.read_text()}"
            return " ready." in log_path.read_text()

        assert wait_for(ready, 30, 0.2), f"worker not ready in 30 s:\n{log_path.read_text()}"
        return log_path

    try:
        yield start
    finally:
        for process, log in started:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(15)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(5)
            log.close()


@pytest.fixture
def real_broker(use_broker, queue_name):
    """``real_broker(url)``: publish to ``url``, on this run's own queue."""
    return lambda url: use_broker(url, queue=queue_name)


def wait_until_sent(rows, timeout=30):
    def all_sent():
        states = set(
            OutgoingMessage.objects.filter(pk__in=[m.pk for m in rows]).values_list(
                "state", flat=True
            )
        )
        return states == {MessageState.SENT}

    return wait_for(all_sent, timeout, 0.2)


# --- The tests --------------------------------------------------------------------------------
def test_worker_delivers_a_transitions_messages_through_redis_and_smtp(
    make_round, cast, smtp_server, start_worker, real_broker, redis_url_for_tests, queue_name
):
    _controller, mailbox = smtp_server
    rnd = make_round("submitted")  # eager, before the switch: its messages go to mail.outbox
    log_path = start_worker(redis_url_for_tests)
    real_broker(redis_url_for_tests)
    try:
        transition_round(
            rnd.pk, "return_for_changes", cast.secretariat, comment="Completen la sección 3."
        )
        rows = list(
            OutgoingMessage.objects.filter(round_code=rnd.code, message_type="round_returned")
        )
        assert sorted(m.to_email for m in rows) == [
            "andres.perez@example.org",
            "lucia.morales@example.org",
        ]

        assert wait_until_sent(rows, 20), f"not sent within 20 s:\n{log_path.read_text()}"
        assert mailbox.received() == sorted(
            ([m.to_email], m.subject)
            for m in OutgoingMessage.objects.filter(pk__in=[r.pk for r in rows])
        )
        assert f"{rnd.code} · Request returned for changes" in {s for _to, s in mailbox.received()}
        for row in OutgoingMessage.objects.filter(pk__in=[r.pk for r in rows]):
            assert (row.state, row.attempts, row.last_error) == (MessageState.SENT, 1, "")
        log = log_path.read_text()
        assert log.count("Task notifications.send_message[") >= 2
        assert "succeeded" in log
    finally:
        with contextlib.suppress(redis.RedisError):
            redis.Redis.from_url(redis_url_for_tests).delete(queue_name)


def test_transition_succeeds_while_redis_is_down_and_the_resend_delivers_later(
    make_round, cast, smtp_server, start_worker, real_broker, own_redis
):
    _controller, mailbox = smtp_server
    rnd = make_round("panel_forming")
    rnd.panel_seats.filter(user=cast.expert_mx).update(status="declined")  # every seat answered
    log_path = start_worker(own_redis.url)
    real_broker(own_redis.url)

    own_redis.stop()
    started = time.monotonic()
    transition_round(rnd.pk, "confirm_panel", cast.secretariat)
    took = time.monotonic() - started

    # Six people are told (the country and the panel); the broker is not waited for six times.
    assert took < 10, f"the transition waited {took:.1f} s for the broker"
    rows = list(OutgoingMessage.objects.filter(round_code=rnd.code, message_type="panel_confirmed"))
    assert sorted(m.to_email for m in rows) == [
        "andres.perez@example.org",
        "daniel.whitmore@example.org",
        "lucia.morales@example.org",
        "martin.sosa@example.org",
        "sofia.almeida@example.org",
        "valentina.rojas@example.org",
    ]
    assert {(m.state, m.attempts) for m in rows} == {(MessageState.PENDING, 0)}
    assert mailbox.received() == []

    # Redis is back; the periodic job (beat, every two minutes) resends what waited over a
    # minute. Run it now through the broker, so the worker does the work.
    own_redis.start()
    OutgoingMessage.objects.filter(pk__in=[m.pk for m in rows]).update(
        created_at=timezone.now() - timezone.timedelta(minutes=3)
    )
    tasks.resend_pending.delay()

    assert wait_until_sent(rows, 40), f"not resent within 40 s:\n{log_path.read_text()}"
    sent = OutgoingMessage.objects.filter(pk__in=[r.pk for r in rows])
    assert mailbox.received() == sorted(([m.to_email], m.subject) for m in sent)
    assert [["daniel.whitmore@example.org"], f"{rnd.code} · Expert panel confirmed"] in [
        [to, subject] for to, subject in mailbox.received()
    ]
    assert {(m.state, m.attempts) for m in sent} == {(MessageState.SENT, 1)}
    assert "Task notifications.resend_pending[" in log_path.read_text()
