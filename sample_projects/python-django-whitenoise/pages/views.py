from django.shortcuts import render


def home(request):
    return render(request, "pages/home.html")


def health(request):
    # Renders a {% static %} tag: fails unless collectstatic wrote the manifest.
    return render(request, "pages/health.txt", content_type="text/plain")
