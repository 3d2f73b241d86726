"""Answers given to someone in particular are never stored: `Cache-Control: private, no-store`."""

from django.utils.cache import patch_cache_control


class PrivateAnswersMiddleware:
    """Mark every answer that depends on who asks as `Cache-Control: private, no-store`.

    An answer depends on who asks when a person is signed in (a session) or a
    client sent credentials (a token). Without the header, a browser keeps
    a draft on disk after sign-out and a shared proxy may hand it to the next
    person. Anonymous answers are left as their views made them: public pages
    and the public API keep their own caching.

    Two signs of who asks, read once the view has answered:

    - `request.user`. For a session it is set before the view runs; for a token
      it is only known inside the API's views, and DRF writes the user it
      authenticates back onto Django's request, so it is known here too.
    - an `Authorization` header, for answers given without DRF's
      authentication running (a refused token, an answer kept from before):
      whatever they say, they answer credentials.

    An answer whose view set a Cache-Control itself is left alone: that view
    chose on purpose (a draft's export is already private and never stored, a
    published one is public with an entity tag; the health check is never
    cached; the published plan is public whoever asks). Installed after
    AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        if "Authorization" in request.headers or request.user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
