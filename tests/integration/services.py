"""Real services for integration tests: redis-server, Celery workers and beat, as separate processes.

Workers and beat are started with --pidfile and stopped by that PID (their
process group, so prefork children go too); a worker left behind would take
the next test's tasks. Each process writes its log under the test's tmp dir,
shown when a test fails.
"""

import contextlib
import email
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import redis
from django.conf import settings
from kombu import pools

from core import dbroles

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(predicate, timeout, interval=0.2, message="condition"):
    """Poll `predicate` until it returns something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(interval)
    raise AssertionError(f"{message}: not reached within {timeout} s")


class RedisServer:
    """A redis-server of the test's own, on its own port, that the test stops and starts."""

    def __init__(self, directory, port=None):
        self.port = port or free_port()
        self.log = Path(directory) / f"redis-{self.port}.log"
        self.process = None

    def url(self, db=0):
        return f"redis://127.0.0.1:{self.port}/{db}"

    def ping(self):
        try:
            return redis.Redis(port=self.port, socket_connect_timeout=0.5).ping()
        except redis.exceptions.ConnectionError:
            return False

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        wait_until(self.ping, 10, message=f"redis-server on {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
        self.process = None


class CeleryProcess:
    """`celery -A config worker` or `beat`, as its own process group, against the test database."""

    def __init__(self, kind, directory, broker_url, name, **env):
        self.kind, self.name = kind, name
        self.directory = Path(directory)
        self.pidfile = self.directory / f"{name}.pid"
        self.log = self.directory / f"{name}.log"
        self.env = {
            **os.environ,
            # The test database, as the portal's role (and its owner's, with two roles).
            **dbroles.environment(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_URL": f"filemail://{self.directory / 'mail'}",
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DEBUG": "false",
            "PYTHONPATH": str(ROOT),
            **{key: str(value) for key, value in env.items()},
        }
        self.process = None

    def command(self):
        base = [sys.executable, "-m", "celery", "-A", "config"]
        if self.kind == "beat":
            schedule = self.directory / f"{self.name}-schedule"
            return [*base, "beat", "--loglevel=INFO", "--pidfile", str(self.pidfile), "--schedule", str(schedule)]
        return [
            *base,
            "worker",
            "--loglevel=INFO",
            "--concurrency=1",
            "--pool=prefork",
            "--hostname",
            f"{self.name}@%h",
            "--pidfile",
            str(self.pidfile),
            "--without-gossip",
            "--without-mingle",
        ]

    def start(self):
        (self.directory / "mail").mkdir(parents=True, exist_ok=True)
        self.pidfile.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            self.command(),
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(self.pidfile.exists, 30, message=f"{self.name} pidfile")
        if self.kind == "worker":
            wait_until(lambda: b" ready." in self.log.read_bytes(), 60, message=f"{self.name} ready")
        return self

    @property
    def pid(self):
        return int(self.pidfile.read_text().strip())

    def kill(self):
        """SIGKILL the worker and its pool processes: no clean-up, no acknowledgement."""
        os.killpg(os.getpgid(self.pid), signal.SIGKILL)
        self.process.wait(10)

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError, FileNotFoundError, ValueError):
            os.kill(self.pid, signal.SIGTERM)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        # Pool children of a worker stopped by SIGTERM exit with it; make sure.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)

    def output(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@contextlib.contextmanager
def sending_to(broker_url):
    """Make this process send tasks to `broker_url` instead of running them inline."""
    from config.celery import app
    from core import queue

    saved = (app.conf.broker_url, app.conf.task_always_eager)
    saved_environ = os.environ.get("CELERY_BROKER_URL")
    # Celery reads CELERY_BROKER_URL from the environment before its own settings.
    os.environ["CELERY_BROKER_URL"] = broker_url
    app.conf.broker_url, app.conf.task_always_eager = broker_url, False
    app._pool = app.amqp._producer_pool = None
    queue.resume()
    try:
        yield app
    finally:
        # Close every pooled connection and forget the pools, so the next test starts afresh.
        pools.reset()
        app._pool = app.amqp._producer_pool = None
        app.conf.broker_url, app.conf.task_always_eager = saved
        if saved_environ is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = saved_environ
        queue.resume()


_MESSAGE_ID = re.compile(r"<notification\.(\d+)\.")


def mailed(directory):
    """Count the e-mails the workers wrote (file backend) by notification id: {id: copies}."""
    copies = Counter()
    for path in sorted((Path(directory) / "mail").glob("*.log")):
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.strip())
                if match := _MESSAGE_ID.match(message.get("Message-ID", "")):
                    copies[int(match.group(1))] += 1
    return copies


class Server:
    """A long-running process of the web tier (gunicorn or nginx), in its own process group, logging to a file."""

    def __init__(self, name, command, directory, env=None, ready=None):
        self.name, self.command = name, command
        self.log = Path(directory) / f"{name}.log"
        self.env, self.ready = env, ready
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if self.ready:
            wait_until(self.ready, 60, message=f"{self.name} ready")
        return self

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def output(self):
        return self.log.read_text(errors="replace") if self.log.exists() else ""


def answers(port, path="/healthz"):
    """Return whether something answers HTTP on the port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
            conn.sendall(f"GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n".encode())
            return conn.recv(12).startswith(b"HTTP/1.")
    except OSError:
        return False


NGINX_CONF = """
daemon off;
user root;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    client_body_temp_path {dir}/nginx-body;
    proxy_temp_path {dir}/nginx-proxy;
    fastcgi_temp_path {dir}/nginx-fastcgi;
    uwsgi_temp_path {dir}/nginx-uwsgi;
    scgi_temp_path {dir}/nginx-scgi;
    log_format upstream '$request_method $request_uri $status $upstream_addr';
    access_log {dir}/nginx-access.log upstream;
    client_max_body_size 25m;
    upstream portal {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://portal;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_redirect off;
            proxy_read_timeout 120s;
        }}
    }}
}}
"""


class Stack:
    """nginx on loopback in front of gunicorn instances, Celery workers and one beat, on one PostgreSQL and Redis.

    Every process gets the same environment, as separate hosts would: the
    database, the broker, a shared cache in Redis, one media directory (the
    storage every host mounts), the same SECRET_KEY.
    """

    def __init__(self, directory, broker_url, cache_url, web=2, workers=2):
        self.directory = Path(directory)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.web_ports = [free_port() for _ in range(web)]
        self.media = self.directory / "media"
        self.static = self.directory / "static"
        self.env = {
            **os.environ,
            # The test database, as the portal's role (and its owner's, with two roles).
            **dbroles.environment(),
            "CELERY_BROKER_URL": broker_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CACHE_URL": cache_url,
            "EMAIL_URL": f"filemail://{self.directory / 'mail'}",
            "MEDIA_ROOT": str(self.media),
            "STATIC_ROOT": str(self.static),
            "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "SITE_URL": self.url,
            "DEBUG": "false",
            "HTTPS": "false",
            "TRUSTED_PROXY_COUNT": "1",
            "PYTHONPATH": str(ROOT),
            "SWEEP_SECONDS": "2",
        }
        self.workers = [
            CeleryProcess("worker", self.directory, broker_url, f"worker-{n + 1}", **self._celery_env())
            for n in range(workers)
        ]
        self.beat = CeleryProcess("beat", self.directory, broker_url, "beat", **self._celery_env())
        self.web = [
            Server(
                f"gunicorn-{port}",
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "config.wsgi:application",
                    "--workers",
                    "1",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--access-logfile",
                    "-",
                    "--timeout",
                    "120",
                ],
                self.directory,
                env=self.env,
                ready=lambda port=port: answers(port),
            )
            for port in self.web_ports
        ]
        servers = "\n".join(f"        server 127.0.0.1:{port};" for port in self.web_ports)
        conf = self.directory / "nginx.conf"
        conf.write_text(NGINX_CONF.format(dir=self.directory, servers=servers, port=self.port))
        self.nginx = Server(
            "nginx",
            ["nginx", "-p", str(self.directory), "-c", str(conf)],
            self.directory,
            ready=lambda: answers(self.port),
        )

    def _celery_env(self):
        keys = ("CACHE_URL", "MEDIA_ROOT", "STATIC_ROOT", "SITE_URL", "SWEEP_SECONDS", "HTTPS")
        return {key: self.env[key] for key in keys}

    def start(self):
        self.media.mkdir(parents=True, exist_ok=True)
        (self.directory / "mail").mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        for part in [*self.workers, self.beat, *self.web, self.nginx]:
            part.start()
        return self

    def stop(self):
        for part in [self.nginx, *self.web, self.beat, *self.workers]:
            part.stop()

    def upstreams(self):
        """Return (method, path, status, upstream port) of every request nginx passed on."""
        lines = (self.directory / "nginx-access.log").read_text().splitlines()
        served = []
        for line in lines:
            method, path, status, upstream = line.split(" ", 3)
            served.append((method, path, int(status), int(upstream.rsplit(":", 1)[-1])))
        return served

    def logs(self):
        parts = [*self.web, self.nginx, *self.workers, self.beat]
        return "\n".join(f"--- {part.name} ---\n{part.output()[-3000:]}" for part in parts)
