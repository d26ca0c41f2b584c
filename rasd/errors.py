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


class StoreClaimed(StoreError):
    """Another process is doing what only one may do with a store at a time (`rasd watch`)."""


class ConfigError(RasdError):
    """A settings file that cannot be read or is not valid TOML."""


class ExportError(RasdError):
    """An export that cannot be written as asked: a format a kind has no use for, a missing
    optional dependency, a binary format sent to a terminal."""


class BadParameter(RasdError):
    """A request to `rasd serve` has a parameter rasd does not accept (HTTP 400)."""

    def __init__(self, parameter: str, message: str):
        super().__init__(f"{parameter}: {message}")
        self.parameter = parameter
        self.message = message


class NotFound(RasdError):
    """A request to `rasd serve` names a story, fact, document or actor the store lacks (HTTP 404)."""


class SourcesError(RasdError):
    """A sources file for `rasd watch` that cannot be used: unreadable, not YAML, a source
    without a URL, an unknown key, a bad interval or language."""


class FetchError(RasdError):
    """A page, feed or robots.txt that `rasd watch` could not fetch; carries a short reason
    code (timeout, too_large, http_503, redirect_loop, robots ...) and, after a 429 or 503,
    how long the server asked us to wait."""

    def __init__(self, reason: str, detail: str = "", *, retry_after: float | None = None):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.retry_after = retry_after


class Refused(FetchError):
    """The address guard refused a URL before any connection: a scheme other than http(s), or
    a host that resolves to a loopback, private, link-local, multicast or reserved address."""

    def __init__(self, detail: str):
        super().__init__("refused", detail)


class Stopped(RasdError):
    """`rasd watch` was asked to stop (SIGINT, SIGTERM) before this fetch began."""
