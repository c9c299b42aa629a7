from django.http import HttpResponse, JsonResponse  # noqa: F401


def dashboard(request):
    return HttpResponse("后台")
