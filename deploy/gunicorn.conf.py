"""gunicorn settings for Noddfa (docs/operations.md): `gunicorn -c deploy/gunicorn.conf.py
noddfa.config.wsgi`. Environment variables override the defaults, so the systemd unit and a
test run the same file.
"""

import multiprocessing
import os

# Only the reverse proxy talks to gunicorn: a loopback address (or a private address that only
# the proxy machines can reach when scaling out; see docs/operations.md).
bind = os.environ.get("NODDFA_BIND", "127.0.0.1:8000")
# Synchronous workers: each handles one request at a time. 2 x cores + 1 is gunicorn's rule
# of thumb; every worker holds at most one database connection.
workers = int(os.environ.get("NODDFA_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
worker_class = "sync"
# A request that takes longer is killed and logged; pages answer in well under a second, and
# mail and long jobs never run in a request (issue 16).
timeout = int(os.environ.get("NODDFA_WORKER_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so that no slow leak grows for weeks.
max_requests = 2000
max_requests_jitter = 200
# Trust X-Forwarded-* only from the proxy (comma-separated addresses).
forwarded_allow_ips = os.environ.get("NODDFA_PROXY_IPS", "127.0.0.1,::1")
# Logs go to stderr, which systemd hands to the journal. The access log names the path but
# never the query string (a search may carry a name) nor the client's cookies or headers.
accesslog = os.environ.get("NODDFA_ACCESS_LOG", "-")
errorlog = "-"
loglevel = "info"
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# The Django settings the app runs with; the unit's environment file may name others.
raw_env = [
    "DJANGO_SETTINGS_MODULE="
    + os.environ.get("DJANGO_SETTINGS_MODULE", "noddfa.config.settings.production")
]
