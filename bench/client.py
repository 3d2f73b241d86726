"""A small HTTP client for the benchmark: sign in (with an app's code where asked), read a page, an ETag, delete."""

import http.cookiejar
import re
import time
import urllib.error
import urllib.parse
import urllib.request

from django_otp.oath import TOTP

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

# The authenticator app of the benchmark's people whose role needs two-step sign-in (bench/plan.py gives it):
# the RFC 6238 test key, in hex as django-otp stores it.
TOTP_KEY = "3132333435363738393031323334353637383930"
CODE_PAGE = "/accounts/two-step/code/"


def totp_now(key_hex):
    """Return the 6-digit code an authenticator app shows now for `key_hex` (django-otp's TOTP, no database)."""
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time()
    return f"{totp.token():06d}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A signed-in browser: cookies kept, redirects followed."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path, headers=None):
        # Only the benchmark's own http://127.0.0.1 server is ever opened.
        request = urllib.request.Request(self.base + path, headers=headers or {})  # noqa: S310
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.read().decode()

    def sign_in(self, username, password):
        """Sign in through the sign-in page, as a person would; return the session and CSRF cookies."""
        _status, page = self.get("/accounts/login/")
        token = CSRF_FIELD.search(page).group(1)
        body = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": "/dashboard/"}
        ).encode()
        request = urllib.request.Request(  # noqa: S310
            self.base + "/accounts/login/", data=body, headers={"Referer": self.base + "/accounts/login/"}
        )
        with self.opener.open(request, timeout=60) as response:
            landed, page = response.url, response.read().decode()
        if CODE_PAGE in landed:
            # Two-step sign-in: the code of the person's app, as they would type it.
            body = urllib.parse.urlencode(
                {"code": totp_now(TOTP_KEY), "csrfmiddlewaretoken": CSRF_FIELD.search(page).group(1)}
            ).encode()
            request = urllib.request.Request(landed, data=body, headers={"Referer": landed})  # noqa: S310
            with self.opener.open(request, timeout=60) as response:
                landed = response.url
        if not landed.endswith("/dashboard/"):
            raise RuntimeError(f"Signing in as {username} failed (ended at {landed}).")
        cookies = {cookie.name: cookie.value for cookie in self.jar}
        if "sessionid" not in cookies:
            raise RuntimeError(f"Signing in as {username} gave no session cookie.")
        return cookies


def etag(base, path, token):
    """Return the ETag of an API resource, read with a token."""
    request = urllib.request.Request(base + path, headers={"Authorization": f"Token {token}"})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
        return response.headers["ETag"]


def delete(base, path, headers):
    """Send a DELETE and return its status (an error status is returned, not raised)."""
    request = urllib.request.Request(base + path, headers=headers, method="DELETE")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
