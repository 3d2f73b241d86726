"""Start and stop the benchmark's gunicorn: 2 sync workers on a free loopback port, DEBUG off."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Gunicorn:
    """One gunicorn master with its sync workers, started and stopped by its own pid."""

    def __init__(self, env, workdir):
        self.env = env
        self.workdir = Path(workdir)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.log_path = self.workdir / "gunicorn.log"
        self.started_workers = []

    def start(self, timeout=60):
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "bench.wsgi:application",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--pid",
            str(self.workdir / "gunicorn.pid"),
            "--control-socket",
            str(self.workdir / "gunicorn.ctl"),
            "--timeout",
            "120",
        ]
        with open(self.log_path, "ab") as output:
            self.process = subprocess.Popen(  # noqa: S603 (gunicorn from this virtual environment)
                command, cwd=ROOT, env=self.env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log_path}")
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as response:  # noqa: S310
                    if response.status == 200 and len(self.workers()) == WORKERS:
                        self.started_workers = self.workers()
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz within {timeout} s; see {self.log_path}")

    def workers(self):
        """Return the pids of the master's worker processes."""
        if self.process is None:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [int(pid) for pid in path.read_text().split()]
        except OSError:
            return []

    def peak_rss(self):
        """Return each worker's peak resident memory (VmHWM) in MB, by pid."""
        peaks = {}
        for pid in self.workers():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[pid] = round(int(line.split()[1]) / 1024, 1)
            except OSError:
                continue
        return peaks

    def _cpu_ticks(self):
        total = 0
        for pid in self.workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime + stime
        return total

    def drain(self, timeout=120):
        """Wait until the workers have finished what the last run left queued, and are idle.

        A load generator that stops leaves requests in flight and in the listen
        queue; the workers still serve them, and would slow the next run down.
        """
        try:
            with urllib.request.urlopen(f"{self.base}/healthz", timeout=timeout) as response:  # noqa: S310
                response.read()
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        deadline = time.monotonic() + timeout
        last, quiet = self._cpu_ticks(), 0
        while quiet < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
            now = self._cpu_ticks()
            quiet = quiet + 1 if now == last else 0
            last = now

    def stop(self):
        if self.process is None or self.process.poll() is not None:
            return
        os.kill(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait()
