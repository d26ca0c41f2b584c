"""The README and docs/ say what is true.

- docs/cli.md is exactly what scripts/cli_reference.py writes from the commands' --help now;
- every `rasd ...` line in the README's shell code blocks runs as written against a demo
  store like the one `make demo` builds (built here with `--fast`, once for the module),
  exits 0 and prints something;
- the README starts with `make demo` and `make test`, and its links lead somewhere.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CLI_MD = ROOT / "docs" / "cli.md"
SCRIPT = ROOT / "scripts" / "cli_reference.py"

# Fenced blocks read as shell: these info strings, and none (a bare block). Only lines that
# start with `rasd ` in column 0 count, so the pipeline diagram's indented labels do not.
SHELL_BLOCKS = {"", "sh", "bash", "shell", "console"}
# Words that stand for something the reader supplies: a line holding one is an example of a
# form, not a command to run.
PLACEHOLDER = re.compile(r"\b(FILES?|PATHS?|DOC_ID|STORY_ID|DOC|STORY|NAME|DATE|DIR)\b|\.\.\.")
# Lines that are real commands but not run here, each with its reason.
EXCLUDED: dict[str, str] = {}
TIMEOUT = 300


# -- reading the README --------------------------------------------------------------------
def code_blocks(text: str) -> list[tuple[str, int, list[str]]]:
    """(info string, line number of the first line, lines) for each fenced block."""
    blocks, lines = [], text.splitlines()
    i = 0
    while i < len(lines):
        m = re.match(r"^(`{3,}|~{3,})\s*([\w+-]*)", lines[i])
        if not m:
            i += 1
            continue
        fence, info, start = m.group(1), m.group(2).lower(), i + 2
        body = []
        i += 1
        while i < len(lines) and not lines[i].startswith(fence):
            body.append(lines[i])
            i += 1
        blocks.append((info, start, body))
        i += 1
    return blocks


def readme_commands() -> list[tuple[int, str]]:
    """(line number, command) for every `rasd ...` line in the README's shell blocks that is
    meant to run as written (continuation lines joined)."""
    found = []
    for info, start, body in code_blocks(README.read_text(encoding="utf-8")):
        if info not in SHELL_BLOCKS:
            continue
        k = 0
        while k < len(body):
            line, lineno = body[k], start + k
            while line.endswith("\\") and k + 1 < len(body):
                k += 1
                line = line[:-1] + " " + body[k].strip()
            k += 1
            if not line.startswith("rasd "):
                continue
            if PLACEHOLDER.search(_code_part(line)) or line in EXCLUDED:
                continue
            found.append((lineno, line))
    return found


def _code_part(line: str) -> str:
    """`line` without a trailing `# comment` (outside quotes)."""
    return _split_unquoted(line, "#", after_space=True)[0]


def _split_unquoted(line: str, chars: str, *, after_space: bool = False) -> tuple[str, str | None, str]:
    """(before, separator, after) at the first of `chars` outside quotes (`after_space`: only
    one at the start or after a space, as a shell comment)."""
    quote = None
    for i, c in enumerate(line):
        if quote:
            if c == quote:
                quote = None
        elif c in "'\"":
            quote = c
        elif c in chars and (not after_space or i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip(), c, line[i + 1:].strip()
    return line, None, ""


COMMANDS = readme_commands()


# -- a demo store, once for the module ---------------------------------------------------
def _rasd_bin(tmp: Path) -> Path:
    """A folder with the `rasd` of this interpreter: the installed entry point, or a shim."""
    here = Path(sys.executable).parent
    if (here / "rasd").exists():
        return here
    shim_dir = tmp / "bin"
    shim_dir.mkdir(exist_ok=True)
    shim = shim_dir / "rasd"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m rasd.cli "$@"\n')
    shim.chmod(0o755)
    return shim_dir


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """(folder, env): a folder holding `examples` and `demo.db` (examples/corpus, ingested
    with --fast), and an environment whose PATH finds this rasd first."""
    folder = tmp_path_factory.mktemp("readme")
    try:
        (folder / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    except OSError:
        shutil.copytree(ROOT / "examples", folder / "examples")
    env = dict(os.environ, PATH=f"{_rasd_bin(folder)}{os.pathsep}{os.environ.get('PATH', '')}")
    env.pop("PYTHONSTARTUP", None)
    built = subprocess.run(["rasd", "ingest", "examples/corpus", "--fast", "--db", "demo.db"], cwd=folder,
                           env=env, capture_output=True, text=True, timeout=TIMEOUT)
    assert built.returncode == 0, f"building the demo store failed:\n{built.stderr}"
    return folder, env


def _bash(line: str, folder: Path, env: dict) -> subprocess.CompletedProcess:
    # no `set -o pipefail`: a pipeline's status is its last command's, as at a prompt
    return subprocess.run(["bash", "-c", line], cwd=folder, env=env, capture_output=True, text=True,
                          timeout=TIMEOUT)


def _explain(line: str, proc: subprocess.CompletedProcess) -> str:
    return (f"README command failed: {line}\nexit {proc.returncode}\n"
            f"stdout: {proc.stdout[-2000:]}\nstderr: {proc.stderr[-2000:]}")


# -- the tests -----------------------------------------------------------------------------
def _load_script():
    spec = importlib.util.spec_from_file_location("cli_reference", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_what_the_script_writes_now():
    assert CLI_MD.exists(), "docs/cli.md is missing: run python scripts/cli_reference.py"
    expected = _load_script().render()
    assert CLI_MD.read_text(encoding="utf-8") == expected, \
        "docs/cli.md is out of date: run python scripts/cli_reference.py"


def test_cli_reference_covers_every_command_and_has_no_colour():
    text = CLI_MD.read_text(encoding="utf-8")
    for name in ["extract", "ingest", "show", "documents", "stats", "stories", "facts", "timeline",
                 "export", "export events", "kb", "kb lookup", "kb validate"]:
        assert f"\n## rasd {name}\n" in text, name
    assert "\x1b" not in text
    # rendered at 100 columns: no help line is wider
    in_block = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_block = not in_block
        elif in_block:
            assert len(line) <= 100, line


def test_cli_reference_check_flag_says_when_the_file_differs(tmp_path, capsys):
    script = _load_script()
    script.TARGET = tmp_path / "cli.md"
    assert script.main(["--check"]) == 1                      # missing
    script.TARGET.write_text("old\n", encoding="utf-8")
    assert script.main(["--check"]) == 1                      # stale
    assert script.main([]) == 0                               # rewritten
    assert script.main(["--check"]) == 0
    assert script.TARGET.read_text(encoding="utf-8") == CLI_MD.read_text(encoding="utf-8")


def test_readme_starts_with_make_demo_and_make_test():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# "), "the README starts with its title"
    rest = [line for line in lines[1:] if line.strip()]
    assert rest[0].startswith("```"), "the first thing after the title is a code block"
    info, _, body = code_blocks(README.read_text(encoding="utf-8"))[0]
    commands = [line.split("#")[0].strip() for line in body if line.strip()]
    assert commands[:2] == ["make demo", "make test"], body


def test_readme_has_commands_to_run():
    # guards the parser: if it found nothing, the test below would pass vacuously
    lines = [line for _, line in COMMANDS]
    assert len(lines) >= 10, lines
    for expected in ["rasd stories --db demo.db", "rasd timeline 1 --db demo.db",
                     "rasd facts --contradicted --db demo.db"]:
        assert expected in lines


@pytest.mark.parametrize("lineno,line", COMMANDS, ids=[f"README.md:{n}" for n, _ in COMMANDS])
def test_readme_command_runs_as_written(demo, lineno, line):
    folder, env = demo
    code = _code_part(line)
    first, sep, after = _split_unquoted(code, "|>")
    words = shlex.split(first)
    target = None
    if sep == ">":
        target = shlex.split(after)[0]
    for flag in ("-o", "--output"):
        if flag in words[:-1]:
            target = words[words.index(flag) + 1]
    if target:
        (folder / target).unlink(missing_ok=True)

    if sep == "|":
        # the rasd part alone must succeed and print; then the whole pipeline must print too
        alone = _bash(first, folder, env)
        assert alone.returncode == 0 and alone.stdout.strip(), _explain(first, alone)
    proc = _bash(line, folder, env)
    assert proc.returncode == 0, _explain(line, proc)
    if target:
        written = folder / target
        assert written.is_file() and written.stat().st_size > 0, f"{line}: wrote nothing to {target}"
    else:
        assert proc.stdout.strip(), _explain(line, proc) + "\n(printed nothing)"


def test_readme_links_lead_somewhere():
    for page in [README, *sorted((ROOT / "docs").glob("*.md"))]:
        text = page.read_text(encoding="utf-8")
        anchors = {_anchor(h) for h in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"[a-z]+:", target):
                continue
            path, _, anchor = target.partition("#")
            if path:
                assert (page.parent / path).exists(), f"{page.name}: link to missing {target}"
            elif anchor:
                assert anchor in anchors, f"{page.name}: no heading for #{anchor}"


def _anchor(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")
