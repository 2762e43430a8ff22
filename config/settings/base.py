"""Settings shared by every environment; everything that varies comes from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF, UNSAFE_INLINE

from config.env import email_settings, env, env_bool, env_int, env_list
from plans.excel import SafeCSV, SafeXLSX

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("SECRET_KEY", "insecure-local-development-key-do-not-use-in-production")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "axes",
    "csp",
    # Domain apps, lowest first: reports → inspections → tasks → notifications → plans.
    "plans",
    "notifications",
    "tasks",
    "inspections",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy, Permissions-Policy, and Cache-Control: no-store on what Django serves.
    "csp.middleware.CSPMiddleware",
    "plans.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # NUL in any text input is refused at the edge (PostgreSQL cannot store it).
    "plans.middleware.RefuseNulMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "plans.middleware.IdleSessionTimeoutMiddleware",
    # Anonymous users go to the login page unless a view is marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "plans.middleware.ReadOnlyRoleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "plans.context_processors.actor",
                "reports.context_processors.todo",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent use of the embedded default (parallel saves, the dev server beside an eager Celery
    # task): WAL lets readers go on while one writes; every transaction takes the write lock when it
    # begins (IMMEDIATE) and waits up to ``timeout`` seconds for it, so a read-then-write transaction
    # is never refused half-way with "database is locked" and users get the optimistic-locking answer.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20,
        transaction_mode="IMMEDIATE",
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    )


def prepared_statements(database: dict) -> None:
    """PostgreSQL: bind parameters on the server so that psycopg prepares a statement a connection
    has run before, and PostgreSQL stops planning it again — 1–6 ms a query for the policy's joins,
    pages 15–25% faster at city scale (#24). Worth it with persistent connections (production's
    CONN_MAX_AGE). Set DATABASE_PREPARED_STATEMENTS=false behind a transaction-pooling PgBouncer
    older than 1.21, which cannot keep prepared statements."""
    if database["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS", True):
        database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)


prepared_statements(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "plans.passwords.ChineseMinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Content Security Policy (django-csp): scripts only from our own static files — no inline script,
# no event handler attributes (static/js/duban.js gives pages data-confirm, data-autosubmit …).
# Inline style attributes stay allowed (progress bars' widths, the e-mail-like previews).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features no page uses are switched off.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), "
    "magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), interest-cohort=()"
)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# History (django-simple-history) is a record: the admin shows it but never reverts to it.
SIMPLE_HISTORY_REVERT_DISABLED = True
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from one
# address, that pair is locked for LOGIN_LOCKOUT_MINUTES (the pair, so that a guesser cannot lock a
# colleague out from another machine). A successful sign-in clears the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "plans.middleware.client_ip"
# Behind the TLS-terminating reverse proxy: the client's address is the last one it appended to
# X-Forwarded-For (only then: a client could send any X-Forwarded-For of its own).
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
# Sessions: signed out after SESSION_IDLE_MINUTES without a request (plans.middleware), at the
# latest SESSION_MAX_HOURS after signing in, and when the browser closes (no persistent cookie).
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_COOKIE_AGE = env_int("SESSION_MAX_HOURS", 12) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "reports:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
# Uploaded evidence lives outside the web root and is served only through permission-checked views.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Never routed: files are served by permission-checked views only (Django needs some value here).
MEDIA_URL = "/_private_media_not_served/"
# Evidence, attachments, generated reports and staged uploads all go through Django's storage API:
# the local MEDIA_ROOT by default; with MEDIA_STORAGE=s3 an S3-compatible object store
# (django-storages) that every app server shares, so that any of them can serve any file.
MEDIA_STORAGE = env("MEDIA_STORAGE", "local")
if MEDIA_STORAGE == "s3":
    _MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", "") or None,  # MinIO, Ceph, a cloud's OSS…
            "access_key": env("S3_ACCESS_KEY_ID", "") or None,
            "secret_key": env("S3_SECRET_ACCESS_KEY", "") or None,
            "region_name": env("S3_REGION", "") or None,
            "location": env("S3_PREFIX", ""),
            "default_acl": None,  # private: files are served by permission-checked views only
            "file_overwrite": False,
            "addressing_style": env("S3_ADDRESSING_STYLE", "path"),
        },
    }
elif MEDIA_STORAGE == "local":
    _MEDIA_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"MEDIA_STORAGE={MEDIA_STORAGE!r}: use local or s3.")
STORAGES = {
    "default": _MEDIA_BACKEND,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 20 * 1024 * 1024)

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "config.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker configured, tasks run inline so that `make run` needs no server.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", "duban")
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker killed mid-task (SIGKILL, the machine lost) loses nothing: a task's message is acknowledged
# only once it finished, and Redis hands an unacknowledged one to a worker again after the
# visibility timeout (longer than the longest task: CELERY_TASK_TIME_LIMIT). Every task is
# idempotent — deliveries are claimed by a unique key and sent under a lease — so a second run
# sends nothing twice. One message at a time per worker process, so that a kill strands only one.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # How often a worker looks for messages whose worker died (seconds × every Nth look).
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
}
# How long a worker holds a message it is sending before another may try (notifications.actions).
DELIVERY_LEASE_SECONDS = env_int("DELIVERY_LEASE_SECONDS", 300)
CELERY_BEAT_SCHEDULE = {
    # 督办: the ladder's first rung (提醒) is the 催办 reminder, so the escalation run replaces the
    # daily reminder job (running both would not mail twice, but the overdue 催办 would duplicate 蓝).
    "daily-escalation": {"task": "inspections.run_daily_escalation", "schedule": crontab(hour=8, minute=30)},
    # 年度报告催办: from 1 March, beside the daily 督办 run (reports may not hook into inspections).
    "daily-annual-reminders": {"task": "reports.send_annual_reminders", "schedule": crontab(hour=8, minute=35)},
    # 督办周报: Monday 08:00 Asia/Shanghai (CELERY_TIMEZONE), the week just ended.
    "weekly-digest": {"task": "reports.send_weekly_digests", "schedule": crontab(hour=8, minute=0, day_of_week=1)},
    # Hand-off messages (流转提醒): batched, at most one per person per 15 minutes (reports.handoff).
    "handoff-messages": {"task": "reports.send_handoffs", "schedule": crontab(minute="*/5")},
    "requeue-stale-deliveries": {"task": "notifications.requeue_stale_deliveries", "schedule": crontab(minute="*/15")},
    # Sign-in logs older than AUDIT_RETENTION_DAYS (plans.retention; events and history are kept).
    "prune-logs": {"task": "plans.prune_logs", "schedule": crontab(hour=3, minute=20)},
}
# Audit records are kept at least this many days (never below 180: manage.py check refuses it).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 365)
# 催办: remind this many days before a due date, and of overdue items due within the look-back.
REMINDER_DAYS_BEFORE = env_int("REMINDER_DAYS_BEFORE", 7)
REMINDER_OVERDUE_LOOKBACK_DAYS = env_int("REMINDER_OVERDUE_LOOKBACK_DAYS", 30)
# The district this install serves: the first area, made by a migration (plans 0010). More areas
# (a city above it, other districts) are added in the admin or by `load_demo --city`.
DISTRICT_NAME = env("DISTRICT_NAME", "宝山区")
DISTRICT_SHORT_NAME = env("DISTRICT_SHORT_NAME", "宝山")
# The city a district without a city area above it belongs to (a report's cover: 上海市宝山区司法局).
CITY_NAME = env("CITY_NAME", "上海市")
# 督办单 of the first area: the 代字 of their numbers (宝法督〔2024〕7号) and the office that issues
# them (each area has its own, in the admin); the reply deadline in working days (holidays from
# chinese-calendar where it knows the year).
ESCALATION_NOTICE_PREFIX = env("ESCALATION_NOTICE_PREFIX", "宝法督")
ESCALATION_ISSUING_OFFICE = env("ESCALATION_ISSUING_OFFICE", "宝山区司法局")
ESCALATION_REPLY_WORKING_DAYS = env_int("ESCALATION_REPLY_WORKING_DAYS", 5)
# A matter first seen more than this many days after its due date is not put on the ladder: the first
# daily run on a plan with years of overdue work must not issue numbered notices for its whole past.
ESCALATION_LOOKBACK_DAYS = env_int("ESCALATION_LOOKBACK_DAYS", 30)
# Links in emails point here.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

EMAIL_URL = env("EMAIL_URL", "")
if EMAIL_URL:
    globals().update(email_settings(EMAIL_URL))
else:
    EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
    EMAIL_HOST = env("EMAIL_HOST", "localhost")
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "督办系统 <duban@baoshan.example.gov.cn>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

IMPORT_EXPORT_USE_TRANSACTIONS = True
# Excel first: the 司法局 and the departments exchange .xlsx files; CSV for scripts.
# Through the one export helper (plans/excel.py): user text never becomes a formula.
IMPORT_EXPORT_FORMATS = [SafeXLSX, SafeCSV]
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # WeasyPrint logs each stylesheet and page it lays out at INFO: noise in every command and worker.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
ENVIRONMENT = "local"

# A read replica (PostgreSQL streaming replica): the dashboards' reads go there (config/routers.py).
DATABASE_REPLICA_URL = env("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    prepared_statements(DATABASES["replica"])
    DATABASE_ROUTERS = ["config.routers.ReplicaRouter"]
    MIDDLEWARE = [*MIDDLEWARE, "config.routers.ReplicaReadsMiddleware"]
REPLICA_VIEWS = frozenset(
    env_list("REPLICA_VIEWS", ["reports:supervision_home", "reports:overview", "reports:department_home"])
)

# Benchmark instrumentation (make bench): SQL counts per request in response headers and a floor
# page (config/bench.py). Off unless BENCH_ENABLED=true; never enable it on a public server.
BENCH_ENABLED = env_bool("BENCH_ENABLED", False)
if BENCH_ENABLED:
    MIDDLEWARE = ["config.bench.QueryCountMiddleware", *MIDDLEWARE, "config.bench.FloorMiddleware"]
