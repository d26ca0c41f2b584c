"""Write docs/cli.md, the CLI reference, from the commands' own --help.

    python scripts/cli_reference.py           # (re)write docs/cli.md
    python scripts/cli_reference.py --check   # exit 1 if docs/cli.md is not what this writes

Every command and sub-command of `rasd.cli.app` is rendered by typer's own help formatter at
a fixed width of 100 columns, without colour, so the file is the same on every machine and
says exactly what `rasd COMMAND --help` says. tests/test_readme.py fails when the file is
out of date.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "docs" / "cli.md"
WIDTH = 100
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]")

HEADER = """\
# rasd command reference

Generated from each command's `--help` by `scripts/cli_reference.py`; do not edit by hand.
After changing a command, run `python scripts/cli_reference.py` (the tests check that this
file is up to date). For a guided tour, see the [README](../README.md).

Every read command (`documents`, `show`, `stats`, `stories`, `facts`, `timeline`) prints
for people at a terminal and one tab-separated record per line in a pipe; `--json` prints
JSON. A usage error exits with 2, a failure with 1 (one line on stderr; `rasd --debug`
shows the traceback).
"""


def _commands(cmd, ctx, path: list[str]):
    """(path, help text) for `cmd` and every command under it, in the order `--help` lists them."""
    yield path, _ANSI.sub("", cmd.get_help(ctx)).rstrip() + "\n"
    list_commands = getattr(cmd, "list_commands", None)
    if list_commands is None:
        return
    for name in list_commands(ctx):
        sub = cmd.get_command(ctx, name)
        if sub is None or getattr(sub, "hidden", False):
            continue
        sub_ctx = sub.context_class(sub, info_name=name, parent=ctx,
                                    terminal_width=WIDTH, max_content_width=WIDTH)
        yield from _commands(sub, sub_ctx, path + [name])


def render() -> str:
    """docs/cli.md as it should be now."""
    sys.path.insert(0, str(ROOT))
    import typer

    from rasd.cli import app

    root = typer.main.get_command(app)
    ctx = root.context_class(root, info_name="rasd", terminal_width=WIDTH, max_content_width=WIDTH)
    sections = list(_commands(root, ctx, ["rasd"]))
    parts = [HEADER, "## Commands\n"]
    for path, _ in sections[1:]:
        name = " ".join(path)
        parts.append(f"- [`{name}`](#{_anchor(name)})")
    parts.append("")
    for path, text in sections:
        name = " ".join(path)
        parts.append(f"## {name}\n\n```text\n{text}```\n")
    return "\n".join(parts)


def _anchor(heading: str) -> str:
    """The anchor GitHub gives a heading `heading`."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/cli.md differs from what would be written")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
        if current != text:
            print(f"{_shown(TARGET)} is out of date: run python scripts/cli_reference.py", file=sys.stderr)
            return 1
        print(f"{_shown(TARGET)} is up to date")
        return 0
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {_shown(TARGET)}")
    return 0


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
