"""Storage: the JSON document format, a record's public JSON form and the repositories (the
strict converter behind them stays private)."""

from mou_tracker.storage.jsonfile import JsonRepository
from mou_tracker.storage.loading import FileCheck, check_file, inspect_file
from mou_tracker.storage.memory import InMemoryRepository
from mou_tracker.storage.migrations import SCHEMA_VERSION
from mou_tracker.storage.opening import create_repository, open_repository
from mou_tracker.storage.record_json import record_from_json, record_to_json
from mou_tracker.storage.repository import Repository

__all__ = [
    "SCHEMA_VERSION",
    "FileCheck",
    "InMemoryRepository",
    "JsonRepository",
    "Repository",
    "check_file",
    "create_repository",
    "inspect_file",
    "open_repository",
    "record_from_json",
    "record_to_json",
]
