"""The service's HTTP endpoints."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Liveness probe for load balancers and orchestrators: 200 "ok" while the process serves."""
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def hello(request: HttpRequest) -> JsonResponse:
    """An example route: replace it with your own."""
    name = request.GET.get("name", "world")
    return JsonResponse({"message": f"Hello, {name}!"})
