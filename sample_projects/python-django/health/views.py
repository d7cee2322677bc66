from django.http import JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    return JsonResponse({"status": "ok"})


@require_GET
def hello(request):
    name = request.GET.get("name", "world")
    return JsonResponse({"message": f"Hello, {name}!"})
