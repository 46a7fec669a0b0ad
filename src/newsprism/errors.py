"""newsprism's exception hierarchy.

Every message names what failed, the offending value, and what to do about it;
the CLI prints it as one line and exits non-zero.
"""

from __future__ import annotations


class NewsprismError(Exception):
    """Base class for all errors newsprism raises on purpose."""


class UsageError(NewsprismError):
    """The caller asked for something that cannot work (bad option, path ...)."""


class ConfigError(UsageError):
    """A configuration file or value is invalid."""


class InputError(NewsprismError):
    """One input item cannot be ingested; the run continues with the others."""

    def __init__(self, item: str, reason: str) -> None:
        super().__init__(f"{item}: {reason}")
        self.item = item
        self.reason = reason

    def __reduce__(self) -> tuple[type[InputError], tuple[str, str]]:
        # Built in worker processes and sent back: rebuild from both fields, not the joined message.
        return type(self), (self.item, self.reason)


class FetchError(InputError):
    """A URL could not be fetched (refused, blocked, HTTP error, timeout)."""


class PrivateAddressError(FetchError):
    """A URL was refused because it leads to a private or loopback address (a decision, not an outage)."""


class StoreError(UsageError):
    """The --db path cannot be used: not a newsprism store, a folder, a missing parent ..."""


class ReadOnlyStoreError(StoreError):
    """The store can be read but not written: its file or folder is read-only."""


class MissingDependencyError(UsageError):
    """An optional extra is needed: the message says which pip command installs it."""
