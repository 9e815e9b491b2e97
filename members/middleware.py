from django.utils import timezone, translation


class PreferredLanguageMiddleware:
    """Speak each logged-in person's preferred language, whatever their browser says.

    Anonymous visitors keep what LocaleMiddleware chose (the switcher's cookie, then
    the browser's Accept-Language). Also resets the time zone that a neighborhood
    page may have activated on this thread during an earlier request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timezone.deactivate()
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
