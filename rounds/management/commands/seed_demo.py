"""``manage.py seed_demo``: the demo data set — a person for every role, a round in every state.

Every person and round is fictional; all addresses are @example.org and every password is
``ripso-demo``. Rounds reach their state through the real lifecycle (``transition_round``, with
the right actor and the comments the transitions ask for), so each has a plausible audit trail;
afterwards the timestamps are moved back so the histories spread over 2025–2026.

Idempotent: people are keyed by e-mail, institutions by (country, name), rounds by
(institution, title); whatever exists is left alone, so a second run changes nothing.
"""

import hashlib
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import slugify

from accounts.data.countries import load_member_states
from accounts.enums import Role
from accounts.models import Country, ExpertProfile, Institution, User
from notifications.models import OutgoingMessage
from rounds import demo, request_services
from rounds.data.demo_data import (
    EXPERT_TOPICS,
    FOCAL,
    INSTITUTIONS,
    PEOPLE,
    ROUNDS,
    SEC,
)
from rounds.data.topics import load_default_topics
from rounds.enums import RoundState
from rounds.models import Round, RoundCounter, RoundEvent
from rounds.request_models import RequestSubmission, Topic
from rounds.services import RoundError, create_round, next_round_code, transition_round

S = RoundState

FOCAL_POINT_TRANSITIONS = {"submit", "withdraw", "request_changes", "approve", "keep_internal"}
REQUEST_DECISIONS = {"return_for_changes", "accept", "decline", "cancel"}
DEFAULT_COMMENTS = {
    "submit": "",
    "accept": "Solicitud aceptada por la Secretaría Técnica.",
    "confirm_panel": "Panel completo: todas las personas invitadas aceptaron.",
    "schedule_visit": "Agenda final y logística confirmadas.",
    "start_visit": "Reunión protocolar de apertura realizada.",
    "complete_visit": "Visita concluida; se inicia la redacción del informe.",
    "send_for_review": "Informe preliminar enviado para revisión del país.",
    "approve": "Aprobamos el informe final.",
    "publish": "Autorización escrita recibida; informe publicado.",
}
READ_AFTER = timedelta(days=90)
# "edit_request" is not a transition: the focal point completes a returned request (adds the
# round's "late_doc") before submitting it again.
GAP_DAYS = demo.TYPICAL_GAP_DAYS | {"edit_request": 5}
EXPECTED_RESULTS = (
    "Un informe ejecutivo (20 páginas como máximo) con los hallazgos del intercambio, "
    "recomendaciones prácticas y una hoja de ruta para adoptarlas."
)


def _date(text):
    return datetime.fromisoformat(text).replace(hour=14, tzinfo=UTC)


def _jitter(key, spread):
    """A deterministic fraction in [-spread, spread] (the demo is the same on every run)."""
    digest = hashlib.sha256(key.encode()).digest()
    return (digest[0] / 255 * 2 - 1) * spread


class Command(BaseCommand):
    help = "Create the demo data set (people for every role, rounds in every state). Idempotent."

    def handle(self, *args, **options):
        demo.discover()
        self.now = timezone.now()
        started = timezone.now()
        people = self.create_people()
        created, failures = 0, []
        with demo.quiet_notifications():
            for spec in sorted(ROUNDS, key=lambda r: r["start"]):
                institution = self.institutions[spec["inst"]]
                if Round.objects.filter(institution=institution, title=spec["title"]).exists():
                    continue
                try:
                    rnd = self.create_round(spec, institution, people)
                except RoundError as exc:
                    failures.append((spec["title"], exc))
                    continue
                demo.backdate_messages(rnd.code, read_before=self.now - READ_AFTER)
                created += 1
        self.summary(created, timezone.now() - started)
        if failures:
            lines = [
                f"  {title}: {exc.message} {'; '.join(exc.details)}" for title, exc in failures
            ]
            raise CommandError(
                "Some demo rounds could not reach their state (rolled back):\n" + "\n".join(lines)
            )

    # --- people -----------------------------------------------------------------------------
    def create_people(self):
        # Reference data normally comes from migrations; a flushed test database lacks it.
        load_member_states(Country)
        load_default_topics(Topic)
        self.countries = countries = {c.code: c for c in Country.objects.all()}
        self.institutions = {}
        for key, (code, name, acronym) in INSTITUTIONS.items():
            inst, _ = Institution.objects.get_or_create(
                country=countries[code], name=name, defaults={"acronym": acronym}
            )
            self.institutions[key] = inst
        people = {}
        self.new_users = 0
        self.password_hash = None
        for person in PEOPLE:
            user = User.objects.filter(email__iexact=person["email"]).first()
            if user is None:
                user = self.create_person(person, countries)
                self.new_users += 1
            people[person["email"]] = user
        self.give_expertise(people)
        return people

    def give_expertise(self, people):
        """Topics of expertise for the demo experts who have none yet (idempotent)."""
        expertise = apps.get_model("panels", "Expertise")  # panels builds on rounds, not back
        topics = {t.name_en: t for t in Topic.objects.all()}
        for email, names in EXPERT_TOPICS.items():
            user = people.get(email)
            if user is None or expertise.objects.filter(user=user).exists():
                continue
            expertise.objects.bulk_create(
                [expertise(user=user, topic=topics[name]) for name in names if name in topics]
            )

    def create_person(self, person, countries):
        fields = {
            "full_name": person["full_name"],
            "role": person["role"],
            "position": person.get("position", ""),
            "phone": person.get("phone", ""),
            "is_oas_specialist": person.get("is_oas_specialist", False),
            "preferred_language": person.get("preferred_language", "es"),
        }
        if person.get("institution"):
            fields["institution"] = self.institutions[person["institution"]]
        expert = person.get("expert")
        if expert:
            fields["position"] = expert["position"]
        if self.password_hash is None:
            # Hashed once (PBKDF2 takes ~0.5 s): every demo login has the same, public password.
            self.password_hash = make_password(demo.DEMO_PASSWORD)
        with transaction.atomic():
            user = User.objects.create(
                email=person["email"].lower(), password=self.password_hash, **fields
            )
            if expert:
                ExpertProfile.objects.create(
                    user=user,
                    country=countries[expert["country"]],
                    institution=self.institutions[expert["institution"]],
                    position=expert["position"],
                    areas_of_expertise="\n".join(expert["areas"]),
                    languages=expert["languages"],
                    manages_teams=expert["manages_teams"],
                    similar_initiatives_experience=expert["similar"],
                )
        return user

    # --- rounds -----------------------------------------------------------------------------
    def timeline(self, spec):
        """The creation date and the (back-dated) moment of every step, never in the future."""
        start = _date(spec["start"])
        steps = [s if isinstance(s, tuple) else (s, None) for s in spec["steps"]]
        gaps = [
            timedelta(days=GAP_DAYS[name]) * (1 + _jitter(f"{spec['title']}/{i}", 0.3))
            for i, (name, _c) in enumerate(steps)
        ]
        latest = self.now - timedelta(hours=6)
        total = sum(gaps, timedelta())
        if steps and start + total > latest:
            scale = max((latest - start) / total, 0.01)
            gaps = [g * scale for g in gaps]
        moments, at = [], start
        for gap in gaps:
            at += gap
            moments.append(at.replace(second=0, microsecond=0))
        return start, list(zip(steps, moments, strict=True))

    def create_round(self, spec, institution, people):
        focal = people[FOCAL[spec["inst"]]]
        start, steps = self.timeline(spec)
        request = spec["request"]
        fields = {
            "description": spec["description"],
            "goal": spec["goal"],
            "expected_results": EXPECTED_RESULTS,
            "initiative_kind": request["kind"],
            "stage": request["stage"],
        }
        if spec.get("contact"):
            name, position, email, phone = spec["contact"]
            fields |= {
                "contact_name": name,
                "contact_position": position,
                "contact_email": email,
                "contact_phone": phone,
            }
        coordinators = [people[e] for e in spec.get("coordinators", ())]
        with transaction.atomic():
            rnd = create_round(
                creator=focal, institution=institution, title=spec["title"], **fields
            )
            self.recode(rnd, start.year)
            Round.objects.filter(pk=rnd.pk).update(
                created_at=start, state_changed_at=start, updated_at=start
            )
            RoundEvent.objects.filter(round=rnd).update(created_at=start)
            self.fill_request(rnd, focal, request)
            self.backdate_request_events(rnd, start)
            for index, ((name, comment), at) in enumerate(steps):
                if name == "edit_request":
                    self.add_documents(rnd, focal, [request["late_doc"]])
                    self.backdate_request_events(rnd, at)
                    continue
                if comment is None:
                    comment = DEFAULT_COMMENTS.get(name, "")
                actor = self.actor_for(name, focal, coordinators, people)
                params = {}
                if name == "accept":
                    params = {"methodology": spec["methodology"], "coordinators": coordinators}
                event_mark = RoundEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
                demo.run_preparers(rnd, name, at=at, people=people)
                mark = OutgoingMessage.objects.order_by("-pk").values_list("pk", flat=True).first()
                # The demo's dates are moved back afterwards: confirmed on purpose.
                rnd = transition_round(
                    rnd.pk, name, actor, comment=comment, confirmed=True, **params
                )
                self.backdate_step(rnd, name, at, mark or 0)
                self.backdate_preparations(rnd, event_mark or 0, at)
                if name == "accept" and spec.get("seats"):
                    following = steps[index + 1][1] if index + 1 < len(steps) else None
                    self.create_seats(rnd, spec["seats"], at, following, people)
            expected = demo.TARGET[steps[-1][0][0]] if steps else S.DRAFT
            rnd.refresh_from_db()
            if rnd.status != expected:  # pragma: no cover - a wrong scenario, not a user error
                raise CommandError(f"{rnd.code} ended in {rnd.status}, expected {expected}")
        return rnd

    def recode(self, rnd, year):
        """A round created (back-dated) in an earlier year gets a code of that year.

        ``create_round`` took this year's next number; it is given back when still the last one
        (it always is here, under the counter's lock), so this year's codes have no gap.
        """
        this_year = self.now.year
        if year == this_year:
            return
        counter = RoundCounter.objects.select_for_update().get(year=this_year)
        if rnd.code == f"RIPSO-{this_year}-{counter.last:03d}":
            counter.last -= 1
            counter.save(update_fields=["last"])
        rnd.code = next_round_code(year)
        Round.objects.filter(pk=rnd.pk).update(code=rnd.code)

    def actor_for(self, name, focal, coordinators, people):
        if name in FOCAL_POINT_TRANSITIONS:
            return focal
        if name in REQUEST_DECISIONS or not coordinators:
            return people[SEC]
        return coordinators[0]

    def backdate_step(self, rnd, name, at, mark):
        event = RoundEvent.objects.filter(round=rnd).order_by("-pk").first()
        RoundEvent.objects.filter(pk=event.pk).update(created_at=at)
        # Seats the transition itself gave (the coordinators chosen at acceptance).
        RoundEvent.objects.filter(
            round=rnd, action__startswith="panels.seat.", created_at__gt=self.now
        ).update(created_at=at)
        extra = {"submitted_at": at} if name == "submit" else {}
        Round.objects.filter(pk=rnd.pk).update(state_changed_at=at, updated_at=at, **extra)
        OutgoingMessage.objects.filter(pk__gt=mark).update(created_at=at)
        if name == "submit":
            latest = rnd.submissions.order_by("-number").first()
            RequestSubmission.objects.filter(pk=latest.pk).update(submitted_at=at)

    def backdate_preparations(self, rnd, mark, at):
        """What was prepared for a step (agenda, questionnaires, notes, recommendations) is dated
        just before it, in order, so the round's history reads in the order things happened."""
        undated = RoundEvent.objects.filter(round=rnd, pk__gt=mark, created_at__gt=self.now)
        pks = list(undated.order_by("pk").values_list("pk", flat=True))
        for i, pk in enumerate(pks):
            before = timedelta(minutes=2 * (len(pks) - i))
            RoundEvent.objects.filter(pk=pk).update(created_at=at - before)

    def fill_request(self, rnd, focal, request):
        """Topics, countries of interest and reference documents, as the focal point enters them."""
        topics = list(Topic.objects.filter(name_en__in=request["topics"]))
        request_services.save_request_fields(rnd, focal, {}, topics=topics)
        if request["interest"]:
            request_services.set_countries_of_interest(
                rnd, focal, [(self.countries[code], note) for code, note in request["interest"]]
            )
        self.add_documents(rnd, focal, request["docs"])

    def add_documents(self, rnd, focal, docs):
        acronym = rnd.institution.acronym.lower()
        for title, kind in docs:
            request_services.add_document(
                rnd,
                focal,
                title=title,
                kind=kind,
                url=f"https://{demo.DEMO_DOMAIN}/{acronym}/{slugify(title)}",
            )

    def backdate_request_events(self, rnd, since):
        """Request edits not yet dated follow ``since`` an hour apart."""
        undated = RoundEvent.objects.filter(round=rnd, created_at__gt=self.now).order_by("pk")
        for i, pk in enumerate(undated.values_list("pk", flat=True)):
            RoundEvent.objects.filter(pk=pk).update(created_at=since + timedelta(hours=i + 1))

    def create_seats(self, rnd, seats, accepted_at, following, people):
        """The panel, invited after acceptance and answered before the next step.

        The coordinators chosen at acceptance already hold their seats (accepted by the
        transition itself): only their dates are set back. An invitation still waiting for its
        answer was sent a few days ago, so that it is open everywhere — My work, My invitations
        and the invitation page agree (PanelSeat.objects.open_invitations)."""
        seat_model = apps.get_model("panels", "PanelSeat")
        window = (following or min(accepted_at + timedelta(days=20), self.now)) - accepted_at
        for i, (email, kind, status) in enumerate(seats):
            created = accepted_at + window * (0.1 + 0.05 * i)
            responded = accepted_at + window * (0.5 + 0.05 * i) if status == "accepted" else None
            invited = created if status != "proposed" else None
            if status == "invited":
                invited = max(created, self.now - timedelta(days=2 + i))
            seat, new = seat_model.objects.get_or_create(
                round=rnd,
                user=people[email],
                defaults={
                    "kind": kind,
                    "status": status,
                    "rank": i + 1,
                    "created_at": created,
                    "country_opinion": "agreed" if status != "proposed" else "pending",
                    "invited_at": invited,
                    "response_deadline": invited + timedelta(days=10) if invited else None,
                    "responded_at": responded,
                    "ad_honorem_confirmed": status == "accepted",
                    "no_conflict_declared": status == "accepted",
                },
            )
            if not new and seat.kind == "coordinator":
                seat_model.objects.filter(pk=seat.pk).update(
                    created_at=accepted_at, responded_at=accepted_at
                )
            if rnd.methodology == "mecigep" and kind == "specialist":
                # R2.3: the beneficiary selected the member states the experts come from.
                profile = getattr(people[email], "expert_profile", None)
                if profile is not None:
                    apps.get_model("panels", "SelectedState").objects.get_or_create(
                        round=rnd, country=profile.country
                    )

    # --- report -----------------------------------------------------------------------------
    def summary(self, created, elapsed):
        out = self.stdout
        out.write(
            self.style.SUCCESS(
                f"Demo data: {self.new_users} new people, {created} new rounds "
                f"({elapsed.total_seconds():.1f} s). Password of every demo login: "
                f"{demo.DEMO_PASSWORD}"
            )
        )
        out.write("People:")
        for person in PEOPLE:
            role = Role(person["role"]).label
            out.write(f"  {person['email']:<28} {role}")
        counts = dict(Round.objects.values_list("status").annotate(n=Count("pk")))
        out.write("Rounds per state:")
        for state in RoundState:
            out.write(f"  {state.value:<18} {counts.get(state.value, 0):>5}")
        out.write(f"  {'total':<18} {sum(counts.values()):>5}")
