from django.http import HttpResponse, JsonResponse  # noqa: F401


def root(request):
    return JsonResponse({"version": "v1"})
