"""Guards and effects of the publication transitions (R5.4), imported from ``ReportsConfig.ready``.

* ``publish`` (secretariat): the country chose *public*, its signed written authorization is on
  file, and the country-approved final version exists.
* ``keep_internal`` (focal point): no guard. The beneficiary decides (R5.4) and may change its
  mind until the secretariat publishes, even after uploading an authorization (it stays on file
  as history; it is simply not used). Written down in docs/decisions-publication.md.

Effects (inside the transition's transaction):

* ``publish`` stamps ``published_at`` and fills ``search_text`` from the final version (what the
  portal searches), and clears the cached results counters once the transaction commits;
* ``keep_internal`` records the *internal* choice (when the transition is fired from the round
  page without the publication page).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rounds.guards import guard, on_transition

from . import counters
from .enums import PublicationChoice
from .publication import current_authorization, final_version, report_of, search_text_of

NO_REPORT = _("The round has no report yet.")
NOT_CHOSEN_PUBLIC = _("The country has not chosen to make the report public (R5.4).")
NO_AUTHORIZATION = _(
    "The country's signed written authorization to publish has not been uploaded (R5.4)."
)
NO_FINAL_VERSION = _("There is no final version approved by the country to publish.")


@guard("publish")
def country_chose_public_and_authorized(rnd):
    """R5.4: publication needs the beneficiary's public choice and its signed authorization."""
    report = report_of(rnd)
    if report is None:
        yield NO_REPORT
        return
    if report.publication_choice != PublicationChoice.PUBLIC:
        yield NOT_CHOSEN_PUBLIC
    elif current_authorization(report) is None:
        yield NO_AUTHORIZATION
    if final_version(report) is None:
        yield NO_FINAL_VERSION


@on_transition("publish")
def stamp_publication(rnd, actor, comment):
    report = report_of(rnd)
    version = final_version(report)
    report.published_at = timezone.now()
    report.search_text = search_text_of(version.content)
    report.save(update_fields=["published_at", "search_text"])
    transaction.on_commit(counters.clear)


@on_transition("keep_internal")
def record_internal_choice(rnd, actor, comment):
    report = report_of(rnd)
    if report is None or report.publication_choice == PublicationChoice.INTERNAL:
        return
    report.publication_choice = PublicationChoice.INTERNAL
    report.publication_chosen_by = actor
    report.publication_chosen_at = timezone.now()
    report.save(
        update_fields=["publication_choice", "publication_chosen_by", "publication_chosen_at"]
    )
