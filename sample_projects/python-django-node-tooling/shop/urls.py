from django.http import HttpResponse, JsonResponse
from django.urls import path


def health(request):
    return HttpResponse("ok", content_type="text/plain")


def products(request):
    return JsonResponse({"products": ["tea", "coffee"]})


urlpatterns = [path("health", health), path("api/products", products)]
