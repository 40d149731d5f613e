"""The client's address, behind as many trusted reverse proxies as ``PROXY_COUNT`` says.

Each trusted proxy appends the address it received the request from to ``X-Forwarded-For``. With
``PROXY_COUNT = n`` the client is therefore the n-th address from the right: anything further left
was written by the client and is not trusted. With no proxy (the default) the socket's address
(``REMOTE_ADDR``) is the client. Used by django-axes (``AXES_CLIENT_IP_CALLABLE``) and by
``ClientAddressMiddleware``, so logs and throttling see the same address.
"""

from ipaddress import ip_address

from django.conf import settings


def _valid(value):
    try:
        return str(ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request):
    count = getattr(settings, "PROXY_COUNT", 0)
    remote = request.META.get("REMOTE_ADDR", "")
    if count <= 0:
        return remote
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if len(forwarded) < count:
        # The header is shorter than the proxy chain: the request did not come through every
        # proxy (or a proxy was misconfigured). The nearest address we can trust is the socket's.
        return remote
    return _valid(forwarded[-count]) or remote


class ClientAddressMiddleware:
    """Put the client's address (not the proxy's) into ``REMOTE_ADDR`` for the whole request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "PROXY_COUNT", 0) > 0:
            request.META["REMOTE_ADDR"] = client_ip(request)
        return self.get_response(request)
