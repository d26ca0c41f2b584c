import json
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "eval" / "seeds.gold.jsonl"
EXAMPLES = ROOT / "examples" / "corpus"


@pytest.fixture
def seeds():
    if not SEEDS.is_dir():
        pytest.skip("../shared/corpus/seeds is not here (a user's fresh clone has none)")
    return SEEDS


def run_rasd(*args, check=True, cwd=None):
    """Run the CLI as a user would."""
    return subprocess.run([sys.executable, "-m", "rasd.cli", *map(str, args)], capture_output=True,
                          text=True, check=check, cwd=cwd)


def jsonl(text):
    return [json.loads(line) for line in text.splitlines() if line.strip()]
