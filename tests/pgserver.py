"""A throwaway PostgreSQL server for the tests: started in a temporary directory, listening only
on a Unix socket there, run as a non-root user, and always stopped.

Stopping does not depend on the test run ending well. :func:`start` launches a small watchdog
process (in its own session) holding the read end of a pipe whose write end only the test
process holds. The watchdog waits for end-of-file on that pipe, which comes when the tests call
:meth:`Server.stop` *or* when the test process dies in any way (even SIGKILL: the kernel closes
its descriptors), and then stops the server (``pg_ctl stop -m immediate``) and removes the
directory. Nothing polls a clock.

Run directly (``python tests/pgserver.py``) it starts a server, prints its URL, and stops it at
end-of-file on standard input (handy for trying the CLI by hand).
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

USER = "postgres"
"""The server refuses to run as root; when the tests run as root it runs as this user."""

DATABASE = "mou_tests"


class ServerUnavailable(Exception):
    """No server could be started here (the reason says why)."""


def find_bindir() -> Path:
    """The directory of ``initdb`` and ``pg_ctl``: ``pg_config --bindir``, else the newest
    ``/usr/lib/postgresql/*/bin`` (Debian keeps them off the PATH)."""
    candidates = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        candidates.append(Path(out.stdout.strip()))
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(p.split("/")[-2]), reverse=True
    )
    candidates += [Path(p) for p in versions]
    for candidate in candidates:
        if (candidate / "initdb").exists() and (candidate / "pg_ctl").exists():
            return candidate
    raise ServerUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl): install Debian's 'postgresql' package"
    )


def _as_server_user() -> list[str]:
    if os.geteuid() != 0:
        return []
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ServerUnavailable("running as root and 'runuser' is missing")
    return [runuser, "-u", USER, "--"]


@dataclass
class Server:
    directory: Path
    socket_dir: Path
    watchdog: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        """A libpq URL for the test database, as the superuser ``mou``."""
        return f"postgresql://mou@/{DATABASE}?host={self.socket_dir}"

    def url_for(self, database: str = DATABASE, **params: str) -> str:
        query = "".join(f"&{key}={value}" for key, value in params.items())
        return f"postgresql://mou@/{database}?host={self.socket_dir}{query}"

    def restart(self) -> None:
        """Restart the server at once, as its user: ``pg_ctl restart -m immediate`` (no shutdown
        checkpoint: every session is cut off and the server recovers from its log at start)."""
        data = self.directory / "data"
        _run(
            [
                *_as_server_user(),
                str(find_bindir() / "pg_ctl"),
                "restart",
                "-m",
                "immediate",
                "-w",
                "-D",
                str(data),
                "-l",
                str(self.directory / "server.log"),
            ],
            "pg_ctl restart",
        )

    def stop(self) -> None:
        """Stop the server and remove its directory (the watchdog does it at end-of-file)."""
        if self.watchdog.stdin is not None:
            self.watchdog.stdin.close()
        self.watchdog.wait()


def _run(command: list[str], what: str, stdin: str | None = None) -> None:
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise ServerUnavailable(f"{what} failed: {(done.stderr or done.stdout).strip()[-800:]}")


_WATCHDOG = """
import shutil, subprocess, sys
pg_ctl, data, directory, *prefix = sys.argv[1:]
sys.stdin.buffer.read()  # end-of-file: the tests are over, or their process died
subprocess.run([*prefix, pg_ctl, "stop", "-D", data, "-m", "immediate", "-w"],
               capture_output=True, check=False)
shutil.rmtree(directory, ignore_errors=True)
"""


def start() -> Server:
    """Initialise and start a server; raise :class:`ServerUnavailable` if it cannot be done."""
    bindir = find_bindir()
    prefix = _as_server_user()
    directory = Path(tempfile.mkdtemp(prefix="mou-pg-"))
    data, sockets = directory / "data", directory / "s"
    sockets.mkdir()
    if prefix:
        shutil.chown(directory, USER)
        shutil.chown(sockets, USER)
    pg_ctl = str(bindir / "pg_ctl")
    try:
        _run(
            [
                *prefix,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "mou",
                "-A",
                "trust",
                "--no-sync",
                "-E",
                "UTF8",
                "--locale=C",
            ],
            "initdb",
        )
        # The superuser "mou" is trusted on the socket; every other role needs its password
        # (so the tests can try a wrong one).
        hba = "local all mou trust\nlocal all all scram-sha-256\n"
        _run([*prefix, "tee", str(data / "pg_hba.conf")], "pg_hba", stdin=hba)
        options = f"-k {sockets} -c listen_addresses='' -c fsync=off -c max_connections=200"
        log = directory / "server.log"
        _run(
            [*prefix, pg_ctl, "start", "-w", "-D", str(data), "-l", str(log), "-o", options],
            "pg_ctl start",
        )
    except ServerUnavailable:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    watchdog = subprocess.Popen(
        [sys.executable, "-c", _WATCHDOG, pg_ctl, str(data), str(directory), *prefix],
        stdin=subprocess.PIPE,
        start_new_session=True,  # a Ctrl-C to the tests' process group does not reach it
    )
    server = Server(directory=directory, socket_dir=sockets, watchdog=watchdog)
    try:
        _run([str(bindir / "createdb"), "-h", str(sockets), "-U", "mou", DATABASE], "createdb")
    except ServerUnavailable:
        server.stop()
        raise
    return server


if __name__ == "__main__":
    running = start()
    print(running.url, flush=True)
    sys.stdin.read()
    running.stop()
