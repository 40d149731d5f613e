"""``{% load report_pdf %}{% pdf_status report %}``: the page-budget widget (R5.1) of the
drafting page, polled by htmx while the working draft renders."""

from django import template

register = template.Library()


@register.inclusion_tag("reports/_pdf_status.html", takes_context=True)
def pdf_status(context, report):
    from reports.pdf_views import status_context

    request = context["request"]
    return {
        **status_context(request.user, report.round, report),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }
