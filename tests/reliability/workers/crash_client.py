"""The parent's side of the crash writer (``reliability.workers.crash_writer``): start the fork
server, run a trial (read the writer's lines with a timeout, so a hung writer fails the run
instead of hanging it; kill the writer when it is the parent's turn), stop the server."""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Any

import attrs

from reliability._harness import ROOT, python_command, python_env
from reliability.workers.crash_plan import Kill, Trial
from reliability.workers.crash_state import is_batch

SILENCE = 120.0
"""Seconds without a line from the writer before the run is declared hung."""
MAX_STEPS = 5000
"""A writer that reaches this many saves unkilled stops (the harness then fails)."""


class HarnessError(Exception):
    """The harness itself went wrong (the writer crashed, hung, or was never killed)."""


class WriterServer:
    """A running ``crash_writer`` fork server; use as a context manager."""

    def __init__(self, directory: Path) -> None:
        self._log_path = directory / "crash-writer-stderr.txt"
        self._log = self._log_path.open("wb")
        self._process = subprocess.Popen(
            python_command("workers.crash_writer"),
            env=python_env(),
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
        )
        self._buffer = b""

    def __enter__(self) -> WriterServer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def send(self, spec: dict[str, Any]) -> None:
        assert self._process.stdin is not None
        self._process.stdin.write(json.dumps(spec).encode() + b"\n")
        self._process.stdin.flush()

    def line(self) -> str:
        """The writer's next line (without its newline)."""
        assert self._process.stdout is not None
        fd = self._process.stdout.fileno()
        while b"\n" not in self._buffer:
            ready, _, _ = select.select([fd], [], [], SILENCE)
            if not ready:
                raise HarnessError(f"no word from the crash writer in {SILENCE:.0f} s")
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise HarnessError(f"the crash writer stopped: {self.errors()}")
            self._buffer += chunk
        line, _, self._buffer = self._buffer.partition(b"\n")
        return line.decode()

    def errors(self) -> str:
        """What the writer printed on stderr (its tracebacks), the end of it."""
        self._log.flush()
        return self._log_path.read_text(errors="replace")[-4000:] or "(no error output)"

    def close(self) -> None:
        assert self._process.stdin is not None
        assert self._process.stdout is not None
        try:
            self._process.stdin.close()
            self._process.wait(timeout=30)
        except (OSError, subprocess.TimeoutExpired):
            self._process.kill()
            self._process.wait()
        finally:
            self._process.stdout.close()
            self._log.close()


def run_trial(server: WriterServer, store: Path, trial: Trial, known: int) -> tuple[int, Kill]:
    """Start the writer on ``store`` (at step ``known``), let it be killed; return the last
    acknowledged step and where the kill landed."""
    spec = attrs.asdict(trial) | {"store": str(store), "max_steps": MAX_STEPS}
    server.send(spec)
    pid = ready = None
    acked, in_save, last_save, report, status = known, False, known, None, None
    killed = trial.kill is not None
    while status is None:
        word, _, rest = server.line().partition(" ")
        if word == "pid":
            pid = int(rest)
        elif word == "ready":
            ready = int(rest)
        elif word in ("save", "ack"):
            in_save = word == "save"
            if in_save:
                last_save = int(rest)
            else:
                acked = max(acked, int(rest))
        elif word == "kill":
            report = json.loads(rest)
        elif word == "exit":
            status = int(rest)
        if not killed and status is None and pid is not None and ready is not None:
            time.sleep(trial.delay)
            with contextlib.suppress(ProcessLookupError):  # it died by itself meanwhile
                os.kill(pid, signal.SIGKILL)
            killed = True
    if ready not in (known, None) or (ready is None and trial.kill is None):
        raise HarnessError(f"the writer started at step {ready}, not {known}")
    if not (os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL):
        raise HarnessError(
            f"the writer was not killed (wait status {status}) in {trial}: {server.errors()}"
        )
    if report is None:
        where = "in a save" if in_save else "between saves"
        report = {"phase": "parent SIGKILL", "call": where, "position": "-"}
        report["batch"] = in_save and is_batch(last_save)
    aimed = "parent" if trial.kill is None else trial.kill["label"]
    return acked, report | {"mode": trial.mode, "aim": aimed}
