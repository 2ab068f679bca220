from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _


class ChosenLanguageMiddleware:
    """Danish unless the user has chosen English with the language switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and so show an
    English-speaking colleague's browser a half-English portal they never asked for. Here only the
    choice stored by the language switch (its cookie) counts."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response


class RefuseNulInQueryMiddleware:
    """A GET parameter with a NUL character (?q=%00) is answered 400 with a Danish page.

    PostgreSQL refuses NUL in every string, so such a value would be a server error wherever it
    reaches a query (a search, a slug filter, a choice looked up by code); SQLite takes it, so only
    production would fail. No link or form of the portal makes one, so one check here covers every
    list and every view that reads request.GET. The open-data API answers as it answers any bad
    parameter: 422 with the parameter named, in JSON (as its OpenAPI document says)."""

    API_PREFIX = "/api/"  # opendata's API (alliance/urls.py)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refused = [key for key, values in request.GET.lists() if "\x00" in key + "".join(values)]
        if not refused:
            return self.get_response(request)
        if request.path_info.startswith(self.API_PREFIX):
            message = _("Værdien må ikke indeholde tegnet NUL.")
            detail = [
                {"type": "value_error", "loc": ["query", key], "msg": message} for key in refused
            ]
            return JsonResponse({"detail": detail}, status=422)
        return render(request, "400.html", status=400)
