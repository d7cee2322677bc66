"""Production: no debug, the key from the environment, static files served by WhiteNoise
from the manifest `collectstatic` writes (a page that uses {% static %} fails without it)."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    from django.core.management.utils import get_random_secret_key

    # Without a key sessions do not survive a restart; set DJANGO_SECRET_KEY in production.
    SECRET_KEY = get_random_secret_key()
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "*").split(",")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
