"""Sign-in attempts counted per address as well as per account: past a few failures, a delay, never a ban.

django-axes locks an account after five wrong passwords, whatever address
they come from. It does nothing against one address trying many accounts,
and every attempt costs a password hash (0.6–1.2 s of a web worker): sixteen
attempts with random usernames, eight at a time, slowed the health check to
1.9 s. Here each address has SIGNIN_ADDRESS_FREE wrong sign-ins in
SIGNIN_ADDRESS_WINDOW seconds; past them, it gets one attempt per delay,
doubling with each further failure up to SIGNIN_ADDRESS_MAX_DELAY seconds.
An attempt that comes too soon is refused before any password is checked,
and is not counted against the account it names. A whole ministry office
behind one address is slowed down for a few minutes, never locked out: the
delay ends on its own, and whoever knows their password gets in at the next
free slot.

The counts live in the default cache: shared by every web worker when
CACHE_URL names Redis, per process otherwise (then each worker counts on its
own, which only loosens the limit).
"""

from django.conf import settings
from django.core.cache import cache

from core.net import client_ip


def _keys(request):
    address = client_ip(request) or "unknown"
    return f"signin-address-failures:{address}", f"signin-address-slot:{address}"


def delay(failures):
    """Return the seconds between attempts an address with `failures` recent wrong sign-ins must wait."""
    over = failures - settings.SIGNIN_ADDRESS_FREE
    if over < 0:
        return 0
    return min(2**over, settings.SIGNIN_ADDRESS_MAX_DELAY)


def claim(request):
    """Return 0 when the address may try to sign in now, else the seconds it must wait first.

    Past the free failures, an attempt takes the address's slot, which stays
    taken for the delay: of several attempts at once, one goes through.
    """
    failures_key, slot_key = _keys(request)
    wait = delay(cache.get(failures_key, 0))
    if wait == 0 or cache.add(slot_key, 1, timeout=wait):
        return 0
    return wait


def failed(request):
    """Count a wrong sign-in against the request's address (for SIGNIN_ADDRESS_WINDOW seconds)."""
    if request is None:
        return
    failures_key, _slot = _keys(request)
    if not cache.add(failures_key, 1, timeout=settings.SIGNIN_ADDRESS_WINDOW):
        try:
            cache.incr(failures_key)
        except ValueError:  # expired between the two calls
            cache.add(failures_key, 1, timeout=settings.SIGNIN_ADDRESS_WINDOW)
