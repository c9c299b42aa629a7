from django.http import HttpResponse, JsonResponse  # noqa: F401


def home(request):
    return HttpResponse("门户")
