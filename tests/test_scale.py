"""Ingest past one process (issue 20): the pipeline on worker processes (`--workers`) or
Ray actors (`--ray`) stores exactly what one process stores, and nothing imports Ray
unless asked to."""
import subprocess
import sys

import pytest

from conftest import EXAMPLES, run_rasd

EXPORTS = ("events", "facts", "stories")


def _exports(db) -> dict[str, str]:
    return {kind: run_rasd("export", kind, "--db", db).stdout for kind in EXPORTS}


@pytest.fixture(scope="module")
def one_process(tmp_path_factory):
    db = tmp_path_factory.mktemp("one") / "one.db"
    run_rasd("ingest", EXAMPLES, "--db", db, "--fast")
    return _exports(db)


def test_workers_store_the_same_records(tmp_path, one_process):
    db = tmp_path / "two.db"
    out = run_rasd("ingest", EXAMPLES, "--db", db, "--fast", "--workers", "2").stdout
    assert "new 6" in out
    got = _exports(db)
    assert got["events"] and got == one_process


def test_nothing_imports_ray_without_the_flag(tmp_path):
    code = ("import sys; from typer.testing import CliRunner; from rasd.cli import app; "
            f"r = CliRunner().invoke(app, ['ingest', {str(EXAMPLES)!r}, '--db', {str(tmp_path / 'r.db')!r}, '--fast']); "
            "assert r.exit_code == 0, r.output; "
            "bad = sorted(m for m in sys.modules if m == 'ray' or m.startswith(('ray.', 'rasd.scale.ray'))); "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


@pytest.mark.slow
def test_ray_actors_store_the_same_records(tmp_path, one_process):
    pytest.importorskip("ray", reason="Ray is an optional extra (pip install 'rasd[ray]')")
    db = tmp_path / "ray.db"
    r = run_rasd("ingest", EXAMPLES, "--db", db, "--fast", "--ray", "local", "--workers", "2", check=False)
    assert r.returncode == 0, r.stderr
    assert _exports(db) == one_process


def test_ray_without_ray_installed_is_one_line(tmp_path):
    try:
        import ray  # noqa: F401
        pytest.skip("Ray is installed here: the message for its absence cannot be seen")
    except ImportError:
        pass
    r = run_rasd("ingest", EXAMPLES, "--db", tmp_path / "r.db", "--ray", "auto", check=False)
    assert r.returncode == 1 and "rasd[ray]" in r.stderr and "Traceback" not in r.stderr


def test_workers_start_from_the_fork_servers_pipeline(monkeypatch):
    """Workers are forked from a fork server that loaded the pipeline once; one given the
    same settings takes that pipeline instead of loading its own."""
    import types

    from rasd.scale import local
    if sys.platform.startswith("linux"):
        assert local._context().get_start_method() == "forkserver"
    loaded = types.SimpleNamespace(SETTINGS={"pipeline": {"batch_size": 7}}, PIPELINE=object())
    monkeypatch.setitem(sys.modules, "rasd.scale.preload", loaded)
    monkeypatch.setattr(local, "_pipeline", None)
    local._start({"pipeline": {"batch_size": 7}})
    assert local._pipeline is loaded.PIPELINE
