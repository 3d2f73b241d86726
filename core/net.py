"""The client's address, as far as it can be trusted."""

from django.conf import settings


def client_ip(request):
    """Return the client's IP address.

    X-Forwarded-For is read only when TRUSTED_PROXY_COUNT says how many of
    our own proxies append to it; the address is then the one our outermost
    proxy saw. Anything further left was written by the client and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR")
    hops = settings.TRUSTED_PROXY_COUNT
    if not hops:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < hops:
        return remote
    return forwarded[-hops]
