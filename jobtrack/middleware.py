from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Signed-in pages and JSON carry private data: no shared or browser cache keeps them.

    Static files never reach this middleware (whitenoise answers them first), so they keep
    their long-lived caching.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        is_json = response.get("Content-Type", "").startswith("application/json")
        if signed_in or is_json:
            patch_cache_control(response, no_store=True)
        return response
