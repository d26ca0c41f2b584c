"""Named exceptions. Library code raises these; only the CLI turns them into messages."""


class RasdError(Exception):
    """Base class of rasd's errors."""


class InputError(RasdError):
    """An input could not be read; carries a short reason code."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class KBError(RasdError):
    """The knowledge base is malformed."""


class PipelineError(RasdError):
    """A pipeline is mis-assembled: a stage needs what no earlier stage sets."""


class StoreError(RasdError):
    """The database cannot be used (wrong schema, locked, unreachable)."""


class StoreBusy(StoreError):
    """Another process has held the store's write lock for longer than we wait."""


class ConfigError(RasdError):
    """A settings file that cannot be read or is not valid TOML."""
