"""Production: secrets and hosts come from the environment with no default, so a missing one stops start-up."""

from config.env import env, env_bool, env_int, env_list

from .base import *  # noqa: F403

DEBUG = False
ENVIRONMENT = "production"
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production.")
env("DATABASE_URL")  # PostgreSQL in production: no SQLite fallback.
# Persistent connections: opening one per request costs more than most pages. Health checks
# replace a connection the server closed rather than fail the request that finds it.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DATABASE_CONN_HEALTH_CHECKS", True)  # noqa: F405
if "replica" in DATABASES:  # noqa: F405
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]  # noqa: F405
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = DATABASES["default"]["CONN_HEALTH_CHECKS"]  # noqa: F405
env("REDIS_URL")  # A real broker: production never runs tasks eagerly.

# HTTPS is terminated by the reverse proxy in front of gunicorn.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
STORAGES = {
    "default": STORAGES["default"],  # noqa: F405 (local or S3-compatible: MEDIA_STORAGE)
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
