"""Django settings: the one place that reads the environment.

Two modes, chosen by environment variables only:

* embedded default (nothing set): SQLite under ``var/``, Celery on kombu's filesystem
  broker, local-memory cache, the offline AI provider and e-mail to the console;
* production: ``DATABASE_URL=postgres://…``, ``CELERY_BROKER_URL=redis://…``,
  ``REDIS_URL``, real keys — see ``.env.example`` for every variable.
"""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import environ
from kombu import Exchange, Queue

from crm.logging import build_logging_config

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# Local state of the embedded mode: SQLite file, filesystem broker, beat schedule.
VAR_DIR = Path(env.str("DATA_DIR", default=str(BASE_DIR / "var")))

# --- Core -------------------------------------------------------------------------------

DEBUG = env.bool("DEBUG", default=False)
# The fallback only exists so a fresh clone starts; `check --deploy` flags it because of
# its "django-insecure-" prefix, and production must set SECRET_KEY.
SECRET_KEY = env.str(
    "SECRET_KEY", default="django-insecure-embedded-default-change-me-in-production-0123456789"
)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

TIME_ZONE = env.str("TIME_ZONE", default="America/Panama")
USE_TZ = True
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
USE_I18N = True
DEFAULT_PHONE_REGION = env.str("DEFAULT_PHONE_REGION", default="PA").upper()
DEFAULT_CURRENCY = env.str("DEFAULT_CURRENCY", default="USD").upper()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "simple_history",
    "import_export",
    "django_celery_beat",
    "django_prometheus",
    "anymail",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "crm",
    "crm.ai",
    "crm.access",
    "leads",
    "conversations",
    "campaigns",
    "emailsystem",
    "content",
    "analytics",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "crm.access.middleware.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "crm.middleware.RequestContextLogMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "crm.urls"
WSGI_APPLICATION = "crm.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded mode runs web, worker and beat on one SQLite file: WAL lets readers
    # proceed during a write, IMMEDIATE transactions avoid lock-upgrade deadlocks and the
    # timeout makes writers wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# --- Cache ------------------------------------------------------------------------------

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="crm"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Secrets at rest --------------------------------------------------------------------


def _derived_development_key(secret: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(f"field-encryption:{secret}".encode()).digest()).decode()


# Comma-separated Fernet keys: the first encrypts, all decrypt (rotation).
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEYS", default=[])
FIELD_ENCRYPTION_KEYS_FROM_ENV = bool(FIELD_ENCRYPTION_KEYS)
if not FIELD_ENCRYPTION_KEYS:
    # Development convenience only; the crm.E001/W001 checks refuse it for deployment.
    FIELD_ENCRYPTION_KEYS = [_derived_development_key(SECRET_KEY)]

# --- Auth -------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/admin/login/"
AUTHENTICATION_BACKENDS = [
    # First, so a locked-out username/address is refused before any password check.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# --- Staff login protection and API keys ------------------------------------------------

AXES_ENABLED = env.bool("LOGIN_LOCKOUT_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Two-factor (TOTP): anyone on staff may turn it on; when enforced, these groups (and
# superusers) must.
STAFF_2FA_ENFORCED = env.bool("STAFF_2FA_ENFORCED", default=False)
STAFF_2FA_GROUPS = env.list("STAFF_2FA_GROUPS", default=["Admin"])
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="AI CRM")
API_KEY_ROTATION_OVERLAP_HOURS = env.int("API_KEY_ROTATION_OVERLAP_HOURS", default=24)
API_KEY_EXPIRY_WARNING_DAYS = 7
SECURITY_ALERT_EMAILS = env.list("SECURITY_ALERT_EMAILS", default=[])

# --- Security (production turns these on with SECURE_HTTPS=true) ------------------------

SECURE_HTTPS = env.bool("SECURE_HTTPS", default=False)
SECURE_SSL_REDIRECT = SECURE_HTTPS
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=SECURE_HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^metrics$"]
if env.bool("USE_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- Static and media -------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the source folders when collectstatic has not run (embedded mode).
WHITENOISE_USE_FINDERS = True

# --- E-mail (the multi-provider system configures its providers in admin) ---------------

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="CRM <crm@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- REST API ---------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "crm.access.authentication.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["crm.api.permissions.RoleModelPermissions"],
    "DEFAULT_PAGINATION_CLASS": "crm.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="60/min"),
        "user": env.str("API_THROTTLE_USER", default="1200/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "crm.api.exceptions.json_exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "AI CRM API",
    "DESCRIPTION": "Contacts, catalogue, carts, orders, invoices and the AI, inbox, e-mail and "
    "campaign capabilities of the CRM. Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ContactStatusEnum": "crm.models.contacts.Contact.Status",
        "ConsentStatusEnum": "crm.models.contacts.ContactConsent.Status",
        "CartStatusEnum": "crm.models.commerce.Cart.Status",
        "OrderStatusEnum": "crm.models.commerce.Order.Status",
        "InvoiceStatusEnum": "crm.models.commerce.Invoice.Status",
        "ContactLanguageEnum": "crm.models.contacts.Contact.Language",
        "LeadCategoryEnum": "leads.models.leads.LeadCategory",
    },
}

# --- Celery -----------------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_EMBEDDED_BROKER = not CELERY_BROKER_URL
if CELERY_EMBEDDED_BROKER:
    BROKER_DIR = VAR_DIR / "broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Tasks are written to be safe to run twice, so a message is acknowledged only after the
# task finished and goes back to the queue if the worker dies mid-task.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = [
    Queue(name, Exchange(name), routing_key=name)
    for name in ("default", "ai", "email_urgent", "email_high", "email_normal", "email_low")
]
CELERY_TASK_ROUTES = {"*.tasks.ai_*": {"queue": "ai"}}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- Logging ----------------------------------------------------------------------------

LOG_LEVEL = env.str("LOG_LEVEL", default="INFO").upper()
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = build_logging_config(level=LOG_LEVEL, fmt=LOG_FORMAT)

# --- Health and metrics -----------------------------------------------------------------

HEALTH_CHECK_TIMEOUT_SECONDS = env.float("HEALTH_CHECK_TIMEOUT_SECONDS", default=2.0)
# Empty = /metrics is open (put it behind the network); set a token to require
# "Authorization: Bearer <token>".
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# --- Outbound event webhooks ------------------------------------------------------------

EVENT_WEBHOOK_TIMEOUT_SECONDS = env.float("EVENT_WEBHOOK_TIMEOUT_SECONDS", default=10.0)

# --- AI gateway (crm/ai) ---------------------------------------------------------------

# Providers, fallback chains and prompts are configured in admin; these are process limits.
# Longest customer text the AI endpoints and the gateway accept (characters).
AI_MAX_INPUT_CHARS = env.int("AI_MAX_INPUT_CHARS", default=4000)
# Language assumed when a message is too short to tell Spanish from English.
AI_DEFAULT_LANGUAGE = env.str("AI_DEFAULT_LANGUAGE", default="es")
# Business name offered to prompts and offline templates as {{ business_name }}.
AI_BUSINESS_NAME = env.str("AI_BUSINESS_NAME", default="")
# Seconds a process may keep provider chains and prompts before re-reading them (admin edits
# reach every process at once through the shared cache; this bounds staleness without it).
AI_CONFIG_CACHE_SECONDS = env.float("AI_CONFIG_CACHE_SECONDS", default=30.0)
AI_CATALOGUE_CACHE_SECONDS = env.float("AI_CATALOGUE_CACHE_SECONDS", default=60.0)
AI_CATALOGUE_MAX_PRODUCTS = env.int("AI_CATALOGUE_MAX_PRODUCTS", default=5000)
# Call-log rows older than this are deleted by the daily "ai: purge old call log" job.
AI_CALL_LOG_RETENTION_DAYS = env.int("AI_CALL_LOG_RETENTION_DAYS", default=90)
# Requests per user to the AI endpoints (/api/v1/leads/classify, intents/detect, sentiment/analyze).
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["ai"] = env.str("API_THROTTLE_AI", default="600/min")
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"].update({
    "LanguageCodeEnum": ["es", "en"],
    "IntentEnum": "crm.ai.api.serializers.intent_choices",
    "LeadScoreCategoryEnum": "crm.ai.api.serializers.lead_category_choices",
})
# The openai SDK logs request bodies (customer text) at DEBUG: keep it quieter than the app.
LOGGING["loggers"].update({
    name: {"level": env.str("AI_SDK_LOG_LEVEL", default="WARNING")} for name in ("openai", "httpx2", "httpx")
})

# --- Leads and sales (leads) -----------------------------------------------------------

# A lead scoring above this with nobody owning it raises the "lead.hot" alert.
LEADS_HOT_ALERT_SCORE = env.int("LEADS_HOT_ALERT_SCORE", default=90)
# Close prediction: closed deals needed before a model is trained, the held-out AUC a new
# version needs to be served, and the age after which the nightly job re-scores a deal.
LEADS_CLOSE_MODEL_MIN_CLOSED = env.int("LEADS_CLOSE_MODEL_MIN_CLOSED", default=50)
LEADS_CLOSE_MODEL_MIN_AUC = env.float("LEADS_CLOSE_MODEL_MIN_AUC", default=0.6)
LEADS_RESCORE_AFTER_HOURS = env.int("LEADS_RESCORE_AFTER_HOURS", default=20)

# --- Omnichannel inbox (conversations) -------------------------------------------------

# Defaults of every channel account (admin → Channel accounts) that does not set its own, so
# one Meta app works from the environment alone. Empty = not configured (offline default).
META_APP_SECRET = env.str("META_APP_SECRET", default="")
META_VERIFY_TOKEN = env.str("META_VERIFY_TOKEN", default="")
META_ACCESS_TOKEN = env.str("META_ACCESS_TOKEN", default="")
META_GRAPH_API_URL = env.str("META_GRAPH_API_URL", default="https://graph.facebook.com").rstrip("/")
META_GRAPH_API_VERSION = env.str("META_GRAPH_API_VERSION", default="v21.0")
# One Graph API call: seconds before giving up, and attempts inside the call (backoff doubles
# from META_RETRY_BACKOFF_SECONDS, Retry-After honoured) before the task retries later.
META_HTTP_TIMEOUT_SECONDS = env.float("META_HTTP_TIMEOUT_SECONDS", default=10.0)
META_SEND_ATTEMPTS = env.int("META_SEND_ATTEMPTS", default=3)
META_RETRY_BACKOFF_SECONDS = env.float("META_RETRY_BACKOFF_SECONDS", default=0.5)
# Largest webhook body accepted (Meta batches up to 1,000 updates in one POST).
INBOX_WEBHOOK_MAX_BODY_BYTES = env.int("INBOX_WEBHOOK_MAX_BODY_BYTES", default=5 * 1024 * 1024)
# Seconds a process trusts its decrypted list of app secrets before one small query checks
# whether a channel account changed (0 = check on every webhook).
INBOX_SECRETS_CACHE_SECONDS = env.float("INBOX_SECRETS_CACHE_SECONDS", default=5.0)
# Defaults of the thresholds staff edit in admin (Inbox settings); the seeds' values.
INBOX_DEFAULTS = {
    # Flow 5 — routing matrix.
    "hot_lead_score": env.int("INBOX_HOT_LEAD_SCORE", default=80),
    "retention_sentiment": env.float("INBOX_RETENTION_SENTIMENT", default=-0.6),
    "retention_churn_risk": env.int("INBOX_RETENTION_CHURN_RISK", default=70),
    "spam_max_score": env.int("INBOX_SPAM_MAX_SCORE", default=20),
    "spam_min_confidence": env.float("INBOX_SPAM_MIN_CONFIDENCE", default=0.9),
    # Flow 4 — alert on a very negative message.
    "alert_sentiment": env.float("INBOX_ALERT_SENTIMENT", default=-0.7),
    # Flow 7 — escalation.
    "escalation_sentiment": env.float("INBOX_ESCALATION_SENTIMENT", default=-0.7),
    "escalation_min_messages": env.int("INBOX_ESCALATION_MIN_MESSAGES", default=3),
    "escalation_bot_failures": env.int("INBOX_ESCALATION_BOT_FAILURES", default=3),
    "escalation_transaction_value": env.float("INBOX_ESCALATION_TRANSACTION_VALUE", default=5000.0),
    "bot_min_confidence": env.float("INBOX_BOT_MIN_CONFIDENCE", default=0.4),
    # Flow 9 — closure.
    "closure_ai_min_confidence": env.float("INBOX_CLOSURE_AI_MIN_CONFIDENCE", default=0.8),
    "closure_confirm_silence_hours": env.int("INBOX_CLOSURE_CONFIRM_SILENCE_HOURS", default=24),
    "resolved_silence_hours": env.int("INBOX_RESOLVED_SILENCE_HOURS", default=72),
    "csat_window_hours": env.int("INBOX_CSAT_WINDOW_HOURS", default=72),
    # Minutes promised to the customer when a person takes over, by case priority 1–5.
    "response_minutes_by_priority": [240, 120, 60, 30, 15],
    # Flow 11 — the closer's payment link ({sku}, {quantity}, {conversation} are filled in).
    "payment_link": env.str("INBOX_PAYMENT_LINK", default=""),
}

# --- E-mail system (emailsystem) -------------------------------------------------------

# Providers, credentials, limits and webhook keys are rows in admin; these are the knobs of
# the machinery around them. Every default works offline.
# Public base URL of the tracking pixel, click redirects and unsubscribe links.
EMAIL_TRACKING_BASE_URL = env.str("EMAIL_TRACKING_BASE_URL", default=SITE_URL).rstrip("/")
# Key that signs click and unsubscribe links; empty = derived from SECRET_KEY.
EMAIL_SIGNING_KEY = env.str("EMAIL_SIGNING_KEY", default="")
# Where rate counters and circuit-breaker state live: "cache" (Redis, needs REDIS_URL) or
# "database". Per-process memory is never used: every worker must see the same numbers.
EMAIL_SHARED_STATE = env.str("EMAIL_SHARED_STATE", default="cache" if REDIS_URL else "database")
EMAIL_ROUTING_STRATEGY = env.str("EMAIL_ROUTING_STRATEGY", default="weighted")
EMAIL_RATE_LIMIT_BUFFER = env.float("EMAIL_RATE_LIMIT_BUFFER", default=0.9)
EMAIL_BREAKER_FAILURES = env.int("EMAIL_BREAKER_FAILURES", default=5)
EMAIL_BREAKER_OPEN_SECONDS = env.int("EMAIL_BREAKER_OPEN_SECONDS", default=300)
EMAIL_HEALTH_WINDOW_MINUTES = env.int("EMAIL_HEALTH_WINDOW_MINUTES", default=60)
EMAIL_HEALTH_MIN_SAMPLES = env.int("EMAIL_HEALTH_MIN_SAMPLES", default=10)
# Sending: e-mails claimed per task, how long a claim lasts before another worker may take
# the row again, and when a queued row whose task got lost is dispatched again.
EMAIL_SEND_BATCH_SIZE = env.int("EMAIL_SEND_BATCH_SIZE", default=100)
EMAIL_SEND_LEASE_SECONDS = env.int("EMAIL_SEND_LEASE_SECONDS", default=300)
# A task woken for a few e-mails waits this long to gather what is queued meanwhile.
EMAIL_SEND_LINGER_MS = env.int("EMAIL_SEND_LINGER_MS", default=50)
# A task drains its queue at most this long before handing over to a fresh task.
EMAIL_SEND_DRAIN_SECONDS = env.int("EMAIL_SEND_DRAIN_SECONDS", default=60)
EMAIL_REDISPATCH_AFTER_SECONDS = env.int("EMAIL_REDISPATCH_AFTER_SECONDS", default=120)
EMAIL_RETRY_DELAYS_MINUTES = env.list("EMAIL_RETRY_DELAYS_MINUTES", cast=int, default=[5, 15, 30])
EMAIL_RETENTION_DAYS = env.int("EMAIL_RETENTION_DAYS", default=30)
EMAIL_EVENT_RETENTION_DAYS = env.int("EMAIL_EVENT_RETENTION_DAYS", default=365)
EMAIL_MAX_ATTACHMENT_BYTES = env.int("EMAIL_MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024)
# Bounces and complaints.
EMAIL_SOFT_BOUNCE_LIMIT = env.int("EMAIL_SOFT_BOUNCE_LIMIT", default=3)
EMAIL_SOFT_BOUNCE_WINDOW_DAYS = env.int("EMAIL_SOFT_BOUNCE_WINDOW_DAYS", default=7)
EMAIL_BOUNCE_RATE_ALERT = env.float("EMAIL_BOUNCE_RATE_ALERT", default=0.02)
EMAIL_COMPLAINT_RATE_ALERT = env.float("EMAIL_COMPLAINT_RATE_ALERT", default=0.001)
EMAIL_ALERT_WINDOW_HOURS = env.int("EMAIL_ALERT_WINDOW_HOURS", default=24)
EMAIL_ALERT_MIN_SENT = env.int("EMAIL_ALERT_MIN_SENT", default=100)
# Optional mailto: target added to List-Unsubscribe next to the one-click URL.
EMAIL_UNSUBSCRIBE_MAILTO = env.str("EMAIL_UNSUBSCRIBE_MAILTO", default="")
# Amazon SNS (SES webhooks): signing certificates are fetched only from URLs matching this.
EMAIL_SNS_CERT_URL_PATTERN = env.str(
    "EMAIL_SNS_CERT_URL_PATTERN", default=r"^https://sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?/[^?#]+\.pem$"
)
# Webhook basic auth ("user:password") for providers whose row sets none.
EMAIL_WEBHOOK_SECRET = env.str("EMAIL_WEBHOOK_SECRET", default="")
ANYMAIL = {"WEBHOOK_SECRET": EMAIL_WEBHOOK_SECRET} if EMAIL_WEBHOOK_SECRET else {}

# --- Data quality (crm: cleaning, dedup, enrichment) ------------------------------------

# Duplicates (flow 18). Pairs scoring at least DEDUP_REVIEW_MIN_SCORE are stored for review;
# exact e-mail/phone/identity matches scoring at least DEDUP_AUTO_MERGE_MIN_SCORE are merged
# automatically while DEDUP_AUTO_MERGE is on.
DEDUP_AUTO_MERGE = env.bool("DEDUP_AUTO_MERGE", default=True)
DEDUP_AUTO_MERGE_MIN_SCORE = env.float("DEDUP_AUTO_MERGE_MIN_SCORE", default=96.0)
DEDUP_REVIEW_MIN_SCORE = env.float("DEDUP_REVIEW_MIN_SCORE", default=80.0)
DEDUP_CHECK_ON_CREATE = env.bool("DEDUP_CHECK_ON_CREATE", default=True)
DEDUP_MAX_BLOCK_SIZE = env.int("DEDUP_MAX_BLOCK_SIZE", default=50)
DEDUP_WORKERS = env.int("DEDUP_WORKERS", default=1)  # rapidfuzz threads in the nightly pass
# Pairs scoring below this (and above the review minimum) are "ambiguous": the AI gateway's
# evaluate is asked about them when DEDUP_AI_EVALUATOR names a function that exists.
DEDUP_AI_EVALUATOR = env.str("DEDUP_AI_EVALUATOR", default="crm.ai.gateway.ai_evaluate")
DEDUP_AI_MAX_SCORE = env.float("DEDUP_AI_MAX_SCORE", default=90.0)
DEDUP_AI_MAX_PAIRS_PER_RUN = env.int("DEDUP_AI_MAX_PAIRS_PER_RUN", default=50)

# Enrichment (flow 20): external providers are dotted paths of
# crm.services.enrichment_providers.EnrichmentProvider subclasses (none by default);
# interest sources are functions later apps add (conversations, e-mail events).
ENRICHMENT_PROVIDERS = env.list("ENRICHMENT_PROVIDERS", default=[])
ENRICHMENT_HTTP_URL = env.str("ENRICHMENT_HTTP_URL", default="")
ENRICHMENT_HTTP_TOKEN = env.str("ENRICHMENT_HTTP_TOKEN", default="")
ENRICHMENT_HTTP_TIMEOUT_SECONDS = env.float("ENRICHMENT_HTTP_TIMEOUT_SECONDS", default=5.0)
ENRICHMENT_INTEREST_SOURCES = env.list("ENRICHMENT_INTEREST_SOURCES", default=[
    "crm.services.enrichment_interests.interests_from_purchases",
    "crm.services.enrichment_interests.interests_from_notes",
])
ENRICHMENT_CLV_HORIZON_DAYS = env.int("ENRICHMENT_CLV_HORIZON_DAYS", default=365)
ENRICHMENT_AT_RISK_DAYS = env.int("ENRICHMENT_AT_RISK_DAYS", default=120)
ENRICHMENT_VIP_TOP_PERCENT = env.float("ENRICHMENT_VIP_TOP_PERCENT", default=10.0)

# --- Import / export --------------------------------------------------------------------

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
