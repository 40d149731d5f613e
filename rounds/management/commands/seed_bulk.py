"""``manage.py seed_bulk --rounds N [--users 500]``: a large synthetic data set, fast.

For load tests and benchmarks (tests/perf/bench.py), not for the demo. Rows are written with
``bulk_create``; this is the one place that sets ``Round.status`` without running the
transitions (in the constructor, which the protected FSM field allows), and it writes the
audit trail those transitions would have written. Round codes continue each year's
``RoundCounter``, which is moved on at the end, so a later ``create_round`` never collides.

Additive: institutions and users are keyed by name / e-mail and reused on a second run; every
run adds N new rounds. Every address is @example.org; every password is ``ripso-demo``.
"""

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Country, ExpertProfile, Institution, User
from notifications.enums import MessageState
from notifications.models import OutgoingMessage
from rounds import demo
from rounds.enums import ACCEPTED_STATES, Methodology, RoundState
from rounds.models import Round, RoundCounter, RoundEvent
from rounds.notify import MESSAGE_FOR_TRANSITION
from rounds.workflow import TRANSITIONS

S = RoundState
YEARS = (2024, 2025, 2026)
BATCH = 1000
FOCAL_POINT_TRANSITIONS = {"submit", "withdraw", "request_changes", "approve", "keep_internal"}

FIRST_NAMES = [
    "Ana",
    "Carlos",
    "María",
    "José",
    "Lucía",
    "Jorge",
    "Paula",
    "Andrés",
    "Sofía",
    "Diego",
    "Camila",
    "Luis",
    "Valentina",
    "Ricardo",
    "Gabriela",
    "Fernando",
    "Daniela",
    "Pedro",
    "Isabel",
    "Tomás",
    "Carmen",
    "Raúl",
    "Elena",
    "Mateo",
    "Juliana",
    "Sebastián",
    "Patricia",
    "Hugo",
    "Beatriz",
    "Marcos",
    "Sarah",
    "David",
    "Emily",
    "Michael",
    "Grace",
    "Kevin",
    "João",
    "Mariana",
    "Thiago",
    "Aline",
    "Jean",
    "Marie",
    "Pierre",
    "Nadège",
]
LAST_NAMES = [
    "Aguilar",
    "Benítez",
    "Cáceres",
    "Domínguez",
    "Escobar",
    "Figueroa",
    "Galeano",
    "Herrera",
    "Ibáñez",
    "Jiménez",
    "Lozano",
    "Medina",
    "Navarro",
    "Ochoa",
    "Paredes",
    "Quintero",
    "Rosales",
    "Sandoval",
    "Trejo",
    "Urrutia",
    "Valencia",
    "Zamora",
    "Arce",
    "Bustos",
    "Carvajal",
    "Duarte",
    "Espinoza",
    "Fuentes",
    "Guerrero",
    "Montalvo",
    "Brown",
    "Clarke",
    "Campbell",
    "Williams",
    "Silva",
    "Souza",
    "Oliveira",
    "Pereira",
    "Baptiste",
    "Joseph",
]
TOPICS = [
    "Registro social de hogares",
    "Programa de transferencias monetarias condicionadas",
    "Sistema de cuidados",
    "Pensión no contributiva",
    "Seguro de desempleo",
    "Protección social adaptativa",
    "Programa de alimentación escolar",
    "Acompañamiento familiar",
    "Inclusión productiva",
    "Primera infancia",
    "Pensiones para personas con discapacidad",
    "Ventanilla única de programas sociales",
    "Sistema de información social",
    "Asignaciones familiares",
    "Inclusión laboral de jóvenes",
    "Social registry",
    "Conditional cash transfers",
    "Care system",
    "Social pension",
    "Unemployment insurance",
    "Cadastro único",
    "Transferências de renda",
]
ASPECTS = [
    "focalización",
    "interoperabilidad",
    "pagos digitales",
    "monitoreo y evaluación",
    "gestión territorial",
    "ampliación de cobertura",
    "rediseño institucional",
    "sostenibilidad fiscal",
    "estrategia de egreso",
    "atención ciudadana",
    "targeting",
    "payment systems",
    "governance",
    "coverage expansion",
    "avaliação",
]
COMMENTS = {
    "return_for_changes": "Precisen los resultados esperados y adjunten el documento de diseño.",
    "decline": "La solicitud está fuera de las líneas temáticas de la Red.",
    "request_changes": "Revisar las cifras de cobertura y separar las recomendaciones por plazo.",
    "cancel": "La institución pidió posponer la ronda tras el cambio de autoridades.",
    "withdraw": "Las nuevas autoridades revisan las prioridades.",
}
# How often each state occurs (per year of creation: old rounds are mostly closed).
STATE_WEIGHTS = {
    S.DRAFT: 5,
    S.SUBMITTED: 5,
    S.RETURNED: 3,
    S.DECLINED: 4,
    S.WITHDRAWN: 3,
    S.PANEL_FORMING: 6,
    S.PREPARATION: 7,
    S.VISIT_SCHEDULED: 5,
    S.VISIT_IN_PROGRESS: 2,
    S.REPORT_DRAFTING: 7,
    S.COUNTRY_REVIEW: 5,
    S.APPROVED: 4,
    S.PUBLISHED: 20,
    S.CLOSED_INTERNAL: 8,
    S.CANCELLED: 4,
}
CLOSED = {S.DECLINED, S.WITHDRAWN, S.PUBLISHED, S.CLOSED_INTERNAL, S.CANCELLED}


def _weights(year, now_year):
    age = now_year - year
    return [
        w
        * (0.25 if age >= 2 and s not in CLOSED else 1.0)
        * (0.4 if age == 0 and s in CLOSED else 1.0)
        for s, w in STATE_WEIGHTS.items()
    ]


class Command(BaseCommand):
    help = "Bulk-create a large synthetic data set (institutions, users, rounds with history)."

    def add_arguments(self, parser):
        parser.add_argument("--rounds", type=int, default=2000, help="rounds to add (2000)")
        parser.add_argument("--users", type=int, default=500, help="users to have (500)")
        parser.add_argument("--seed", type=int, default=2024, help="random seed (2024)")

    def handle(self, *args, rounds, users, seed, **options):
        if rounds < 0 or users < 20:
            raise CommandError("--rounds must be ≥ 0 and --users ≥ 20.")
        self.rng = random.Random(seed)  # noqa: S311 — shapes synthetic data, not secrets
        self.now = timezone.now()
        started = timezone.now()
        with transaction.atomic():
            self.institutions = self.ensure_institutions()
            self.people = self.ensure_users(users)
            made = self.create_rounds(rounds)
        elapsed = (timezone.now() - started).total_seconds()
        counts = dict(Round.objects.values_list("status").annotate(n=Count("pk")))
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_bulk: {made['rounds']} rounds, {made['events']} events, {made['seats']} panel "
                f"seats, {made['messages']} messages; {len(self.people['all'])} bulk users over "
                f"{len(self.institutions)} institutions in {elapsed:.1f} s."
            )
        )
        self.stdout.write(
            "Rounds per state (whole database): "
            + ", ".join(f"{s.value} {counts.get(s.value, 0)}" for s in RoundState)
        )

    # --- institutions and people ------------------------------------------------------------
    def ensure_institutions(self):
        countries = list(Country.objects.all())
        if len(countries) < 35:
            raise CommandError("The member states are missing: run `manage.py migrate` first.")
        existing = {(i.country_id, i.name): i for i in Institution.objects.all()}
        missing = []
        for country in countries:
            names = demo.INSTITUTION_NAMES[demo.country_language(country.code)][:2]
            for name, acronym in names:
                if (country.pk, name) not in existing:
                    missing.append(Institution(country=country, name=name, acronym=acronym))
        Institution.objects.bulk_create(missing, batch_size=BATCH)
        wanted = {
            (c.pk, name)
            for c in countries
            for name, _a in demo.INSTITUTION_NAMES[demo.country_language(c.code)][:2]
        }
        return [
            i
            for i in Institution.objects.select_related("country").order_by("pk")
            if (i.country_id, i.name) in wanted
        ]

    def user_plan(self, total):
        """(email, role, is_oas_specialist) for the bulk users: fixed per index and role."""
        n_sec = max(4, total * 3 // 100)
        n_focal = min(len(self.institutions), total * 15 // 100)
        n_expert = total * 35 // 100
        n_team = total - n_sec - n_focal - n_expert
        plan = []
        for role, count, short in [
            (Role.SECRETARIAT, n_sec, "sec"),
            (Role.FOCAL_POINT, n_focal, "focal"),
            (Role.TEAM_MEMBER, n_team, "team"),
            (Role.EXPERT, n_expert, "expert"),
        ]:
            for i in range(count):
                oas = role == Role.SECRETARIAT and i % 2 == 0
                plan.append((f"bulk.{short}{i + 1:04d}@example.org", role, oas, i))
        return plan

    def ensure_users(self, total):
        plan = self.user_plan(total)
        existing = set(
            User.objects.filter(email__startswith="bulk.").values_list("email", flat=True)
        )
        # One hash for every bulk user: hashing 500 passwords would take minutes.
        password = make_password(demo.DEMO_PASSWORD)
        countries = list(Country.objects.all())
        by_country = defaultdict(list)
        for inst in self.institutions:
            by_country[inst.country_id].append(inst)
        new_users, profiles = [], []
        rng = self.rng
        for email, role, oas, i in plan:
            if email in existing:
                continue
            inst = None
            if role == Role.FOCAL_POINT:
                inst = self.institutions[i % len(self.institutions)]
            elif role == Role.TEAM_MEMBER:
                inst = self.institutions[(i * 7) % len(self.institutions)]
            user = User(
                email=email,
                password=password,
                full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} "
                f"{rng.choice(LAST_NAMES)}",
                role=role,
                institution=inst,
                is_oas_specialist=oas,
                position={
                    Role.SECRETARIAT: "Oficial de programas, Secretaría Técnica",
                    Role.FOCAL_POINT: "Director(a) de Cooperación Internacional",
                    Role.TEAM_MEMBER: "Especialista técnico(a)",
                    Role.EXPERT: "Director(a) de programas sociales",
                }[role],
                phone=f"+1 202 555 {1000 + i:04d}",
                preferred_language=rng.choice(["es", "es", "es", "en", "pt", "fr"]),
                date_joined=self.now - timedelta(days=rng.randint(30, 900)),
            )
            new_users.append(user)
        User.objects.bulk_create(new_users, batch_size=BATCH)
        created = {u.email: u for u in User.objects.filter(email__in=[u.email for u in new_users])}
        for user in created.values():
            if user.role != Role.EXPERT:
                continue
            country = rng.choice(countries)
            insts = by_country.get(country.pk) or [None]
            profiles.append(
                ExpertProfile(
                    user=user,
                    country=country,
                    institution=insts[0],
                    position=user.position,
                    areas_of_expertise="\n".join(rng.sample(TOPICS, 3)),
                    languages=rng.choice(["es", "es, en", "en", "pt, es", "fr, en"]),
                    manages_teams=rng.random() < 0.7,
                    similar_initiatives_experience="Años de experiencia en programas similares.",
                )
            )
        ExpertProfile.objects.bulk_create(profiles, batch_size=BATCH)

        emails = [p[0] for p in plan]
        people = {"all": []}
        by_role = defaultdict(list)
        for user in (
            User.objects.filter(email__in=emails).select_related("expert_profile").order_by("email")
        ):
            by_role[user.role].append(user)
            people["all"].append(user)
        people.update(by_role)
        people["oas"] = [u for u in by_role[Role.SECRETARIAT] if u.is_oas_specialist]
        people["focal_of"] = {u.institution_id: u for u in by_role[Role.FOCAL_POINT]}
        if not (people["oas"] and by_role[Role.EXPERT]):
            raise CommandError("Too few users for panels: raise --users.")
        return people

    # --- rounds -----------------------------------------------------------------------------
    def created_at(self, year):
        start = datetime(year, 1, 1, tzinfo=UTC)
        end = min(datetime(year + 1, 1, 1, tzinfo=UTC), self.now - timedelta(days=1))
        span = (end - start).total_seconds()
        return start + timedelta(seconds=self.rng.random() * span)

    def timeline(self, created, state):
        steps = demo.PATH_TO[state]
        gaps = [demo.TYPICAL_GAP_DAYS[name] * self.rng.uniform(0.5, 1.5) for name in steps]
        room = (self.now - timedelta(hours=1) - created).total_seconds() / 86400
        total = sum(gaps)
        if total > room:
            gaps = [g * room / total for g in gaps]
        moments, at = [], created
        for gap in gaps:
            at += timedelta(days=gap)
            moments.append(at)
        return list(zip(steps, moments, strict=True))

    def create_rounds(self, count):
        rng = self.rng
        people = self.people
        secretariat = people[Role.SECRETARIAT]
        experts = people[Role.EXPERT]
        states = list(STATE_WEIGHTS)
        specs = []
        for _ in range(count):
            year = rng.choice(YEARS)
            created = self.created_at(year)
            state = rng.choices(states, weights=_weights(year, self.now.year))[0]
            specs.append((created, state, rng.choice(self.institutions)))
        specs.sort(key=lambda s: s[0])

        counters = {c.year: c.last for c in RoundCounter.objects.filter(year__in=YEARS)}
        first_number = {year: counters.get(year, 0) for year in YEARS}
        rounds, plans = [], []
        for created, state, inst in specs:
            year = created.year
            counters[year] = counters.get(year, 0) + 1
            steps = self.timeline(created, state)
            focal = people["focal_of"].get(inst.pk)
            last = steps[-1][1] if steps else created
            submitted = next((at for name, at in steps if name == "submit"), None)
            accepted = state in ACCEPTED_STATES or (
                state == S.CANCELLED and any(n == "accept" for n, _a in steps)
            )
            methodology = ""
            if accepted:
                methodology = Methodology.MECIGEP if rng.random() < 0.2 else Methodology.RIPSO
            contact = focal or rng.choice(secretariat)
            rounds.append(
                Round(
                    code=f"RIPSO-{year}-{counters[year]:03d}",
                    title=f"{rng.choice(TOPICS)}: {rng.choice(ASPECTS)}",
                    country_id=inst.country_id,
                    institution=inst,
                    methodology=methodology,
                    status=state,  # the one place a state is written directly (see the docstring)
                    description="Iniciativa de protección social en fase de diseño o reforma.",
                    goal="Recomendaciones prácticas para ajustar el diseño y la implementación.",
                    contact_name=contact.full_name,
                    contact_position=contact.position,
                    contact_email=contact.email,
                    contact_phone=contact.phone,
                    created_by=focal or rng.choice(secretariat),
                    created_at=created,
                    updated_at=last,
                    submitted_at=submitted,
                    state_changed_at=last,
                )
            )
            plans.append((steps, focal, accepted, methodology))
        Round.objects.bulk_create(rounds, batch_size=BATCH)
        if rounds and rounds[0].pk is None:  # a backend that does not return ids
            ids = dict(
                Round.objects.filter(code__in=[r.code for r in rounds]).values_list("code", "pk")
            )
            for rnd in rounds:
                rnd.pk = rnd.id = ids[rnd.code]

        events, seats, messages, coordinator_links = [], [], [], []
        read_before = self.now - timedelta(days=30)
        through = Round.coordinators.through
        for rnd, (steps, focal, accepted, methodology) in zip(rounds, plans, strict=True):
            coordinators = []
            if accepted:
                n = 2 if methodology == Methodology.RIPSO else 1
                coordinators = rng.sample(people["oas"], min(n, len(people["oas"])))
                coordinator_links += [through(round_id=rnd.pk, user_id=u.pk) for u in coordinators]
            events.append(
                RoundEvent(
                    round_id=rnd.pk,
                    actor=rnd.created_by,
                    action="rounds.round.created",
                    to_state=S.DRAFT,
                    visibility="country",
                    created_at=rnd.created_at,
                )
            )
            state = S.DRAFT
            for name, at in steps:
                target = demo.TARGET[name]
                if name in FOCAL_POINT_TRANSITIONS and focal:
                    actor = focal
                elif coordinators and name not in {"return_for_changes", "accept", "decline"}:
                    actor = coordinators[0]
                else:
                    actor = rng.choice(secretariat)
                data = {"transition": name, "from": state, "to": target}
                if name == "accept":
                    data["methodology"] = methodology
                events.append(
                    RoundEvent(
                        round_id=rnd.pk,
                        actor=actor,
                        action=f"rounds.round.{target}",
                        from_state=state,
                        to_state=target,
                        comment=COMMENTS.get(name, ""),
                        data=data,
                        visibility=TRANSITIONS[name].visibility,
                        created_at=at,
                    )
                )
                if focal and actor != focal:
                    message_type = MESSAGE_FOR_TRANSITION[name]
                    messages.append(
                        OutgoingMessage(
                            recipient=focal,
                            to_email=focal.email,
                            message_type=message_type,
                            language=focal.preferred_language,
                            subject=f"{rnd.code} · {message_type.label}",
                            body_text=f"{rnd.code} — {rnd.title}\n{message_type.label}.\n",
                            link=rnd.get_absolute_url(),
                            round_code=rnd.code,
                            state=MessageState.SENT,
                            attempts=1,
                            created_at=at,
                            sent_at=at,
                            read_at=at + timedelta(days=1) if at < read_before else None,
                        )
                    )
                state = target
            if accepted:
                seats += self.panel(rnd, coordinators, experts, methodology, steps)

        RoundEvent.objects.bulk_create(events, batch_size=BATCH)
        through.objects.bulk_create(coordinator_links, batch_size=BATCH)
        apps.get_model("panels", "PanelSeat").objects.bulk_create(seats, batch_size=BATCH)
        OutgoingMessage.objects.bulk_create(messages, batch_size=BATCH)

        for year in YEARS:
            if counters.get(year, 0) > first_number[year]:
                RoundCounter.objects.get_or_create(year=year)
                RoundCounter.objects.filter(year=year, last__lt=counters[year]).update(
                    last=counters[year]
                )
        return {
            "rounds": len(rounds),
            "events": len(events),
            "seats": len(seats),
            "messages": len(messages),
        }

    def panel(self, rnd, coordinators, experts, methodology, steps):
        """Coordinator seats plus 2 (RIPSO) or 3 (MECIGEP) experts of other, distinct countries."""
        rng = self.rng
        accepted_at = next(at for name, at in steps if name == "accept")
        forming = rnd.status == S.PANEL_FORMING
        wanted = 2 if methodology == Methodology.RIPSO else 3
        chosen, countries = [], {rnd.country_id}
        for expert in rng.sample(experts, min(len(experts), 12)):
            country = expert.expert_profile.country_id
            if country not in countries:
                chosen.append(expert)
                countries.add(country)
            if len(chosen) == wanted:
                break
        seat_model = apps.get_model("panels", "PanelSeat")  # panels builds on rounds, not back
        seats = []
        for i, user in enumerate([*coordinators, *chosen]):
            status = "accepted"
            if forming and i >= len(coordinators):
                status = rng.choice(["accepted", "invited", "invited", "proposed", "declined"])
            seats.append(
                seat_model(
                    round_id=rnd.pk,
                    user_id=user.pk,
                    kind="coordinator" if i < len(coordinators) else "specialist",
                    status=status,
                    created_at=accepted_at + timedelta(days=1),
                    responded_at=accepted_at + timedelta(days=4) if status == "accepted" else None,
                )
            )
        return seats
