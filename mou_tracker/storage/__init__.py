"""Storage: the strict converter, the JSON document format and the repositories."""

from mou_tracker.storage.converter import make_converter
from mou_tracker.storage.jsonfile import JsonRepository
from mou_tracker.storage.loading import FileCheck, check_file, inspect_file
from mou_tracker.storage.memory import InMemoryRepository
from mou_tracker.storage.migrations import SCHEMA_VERSION
from mou_tracker.storage.repository import Repository

__all__ = [
    "SCHEMA_VERSION",
    "FileCheck",
    "InMemoryRepository",
    "JsonRepository",
    "Repository",
    "check_file",
    "inspect_file",
    "make_converter",
]
