"""Failing the k-th call the storage makes to the operating system.

:class:`Injector` replaces, for as long as it is installed, the functions of ``os``, ``fcntl``
and ``io`` that the storage calls (``io.open`` is what ``pathlib.Path.open`` uses; the file it
returns is wrapped so its ``read``, ``seek`` and ``close`` count as calls too). While it is
*armed* every call is counted and recorded; a :class:`Plan` makes the k-th call (and, when
persistent, every later one) raise ``OSError`` instead of doing its work. Two kinds of fault do
part of the work first, as the kernel does: a failing ``close`` releases the descriptor, and a
disk filling up mid-write (``enospc-from``) writes part of the data and returns a short count
before the next writes raise. ``short`` writes part of the data and returns, without an error.
``race`` fails nothing: it runs the plan's ``action`` (another writer's save) just before the
k-th call. ``eio-twice`` fails the k-th call and a ``second`` later one (counted in the calls
made after the first failure, which change).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import io
import os
from collections.abc import Callable, Iterator
from typing import Any, Literal

import attrs

Mode = Literal["eio-once", "eio-from", "enospc-once", "enospc-from", "short", "race", "eio-twice"]
WRITE_MODES: tuple[Mode, ...] = ("enospc-once", "enospc-from", "short")
"""Modes tried only where the k-th call is an ``os.write``."""
ANY_MODES: tuple[Mode, ...] = ("eio-once", "eio-from")

_OS_NAMES = (
    "open",
    "write",
    "fsync",
    "fdatasync",
    "replace",
    "close",
    "unlink",
    "ftruncate",
    "lseek",
    "fstat",
    "stat",
    "scandir",
)


@attrs.frozen(kw_only=True)
class Plan:
    """Which call fails, and how."""

    at: int
    """1-based index of the first failing call."""
    mode: Mode
    action: Callable[[], None] | None = None
    """What a ``race`` runs before the k-th call (disarmed)."""
    second: int = 0
    """The other failing call of ``eio-twice``."""

    @property
    def persistent(self) -> bool:
        return self.mode.endswith("-from")


@attrs.define
class Injector:
    """Counts (and, following a plan, fails) the storage's calls while armed."""

    calls: list[str] = attrs.field(factory=list)
    """The name of every call made while armed, in order."""
    failed: list[tuple[str, tuple[Any, ...]]] = attrs.field(factory=list)
    """(name, arguments) of every call made to fail."""
    plan: Plan | None = None
    armed: bool = False
    _real: dict[tuple[Any, str], Any] = attrs.field(factory=dict)

    @contextlib.contextmanager
    def installed(self) -> Iterator[Injector]:
        """Replace the functions (disarmed: they behave as before until :meth:`armed_with`)."""
        for name in _OS_NAMES:
            self._patch(os, name, self._wrap(name, getattr(os, name)))
        self._patch(fcntl, "flock", self._wrap("fcntl.flock", fcntl.flock))
        self._patch(io, "open", self._open_file)
        try:
            yield self
        finally:
            for (module, name), real in self._real.items():
                setattr(module, name, real)
            self._real.clear()

    @contextlib.contextmanager
    def armed_with(self, plan: Plan | None) -> Iterator[None]:
        """Count (and fail following ``plan``; None fails nothing) the calls made inside."""
        self.calls, self.failed, self.plan, self.armed = [], [], plan, True
        try:
            yield
        finally:
            self.armed = False

    def _patch(self, module: Any, name: str, replacement: Any) -> None:
        self._real[(module, name)] = getattr(module, name)
        setattr(module, name, replacement)

    def fault(self, name: str, args: tuple[Any, ...]) -> Mode | None:
        """Count a call; the mode of its fault, or None when it goes through."""
        if not self.armed:
            return None
        self.calls.append(name)
        plan, number = self.plan, len(self.calls)
        if plan is None or number < plan.at:
            return None
        if plan.mode == "race":
            if number == plan.at and plan.action is not None:
                self.armed = False
                try:
                    plan.action()
                finally:
                    self.armed = True
            return None
        if number in (plan.at, plan.second) or (plan.persistent and _fails_later(plan.mode, name)):
            self.failed.append((name, args))
            return plan.mode
        return None

    def _wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        label = name if "." in name else f"os.{name}"

        def call(*args: Any, **kwargs: Any) -> Any:
            mode = self.fault(label, args)
            if mode is None:
                return real(*args, **kwargs)
            data = args[1] if label == "os.write" else b""
            if mode == "short" or (mode == "enospc-from" and len(self.failed) == 1 and data[1:]):
                return real(args[0], data[: max(1, len(data) // 2)])  # a short write
            if label == "os.close":
                real(*args, **kwargs)  # the kernel releases the descriptor even on error
            raise _error(mode)

        return call

    def _open_file(self, file: Any, *args: Any, **kwargs: Any) -> Any:
        mode = self.fault("io.open", (file,))
        if mode is not None:
            raise _error(mode)
        handle = self._real[(io, "open")](file, *args, **kwargs)
        return _FaultyFile(handle, self) if self.armed else handle


def _fails_later(mode: Mode, name: str) -> bool:
    """Whether a persistent fault also fails a later call named ``name``."""
    return mode == "eio-from" or name == "os.write"


def _error(mode: Mode) -> OSError:
    code = errno.ENOSPC if mode.startswith("enospc") else errno.EIO
    return OSError(code, os.strerror(code))


class _FaultyFile:
    """A file object whose ``read``, ``seek`` and ``close`` go through the injector."""

    def __init__(self, handle: Any, injector: Injector) -> None:
        self._handle = handle
        self._injector = injector

    def _check(self, name: str) -> None:
        mode = self._injector.fault(f"file.{name}", ())
        if mode is not None:
            if name == "close":
                self._handle.close()
            raise _error(mode)

    def read(self, *args: Any) -> Any:
        self._check("read")
        return self._handle.read(*args)

    def seek(self, *args: Any) -> Any:
        self._check("seek")
        return self._handle.seek(*args)

    def close(self) -> None:
        self._check("close")
        self._handle.close()

    def fileno(self) -> int:
        return int(self._handle.fileno())

    def __enter__(self) -> _FaultyFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(f"the fault injector does not wrap file.{name}; add it")
