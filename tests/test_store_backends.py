"""The store on both backends (issue 20): the same writes and reads on SQLite and
PostgreSQL (one suite, parametrized by conftest's `backend`), the same export from both,
and two writers on one PostgreSQL store losing and duplicating nothing."""
import json
import re
import subprocess
import sys

import pytest

from conftest import EXAMPLES, LATEST_VERSION, run_rasd
from rasd.model import Document
from rasd.pipeline import Pipeline, load_settings
from rasd.store.base import is_server, open_store
from rasd.store.dialect import Upserts, translate

# written for these tests: a wire story, its copies (reordered, cut, translated) and a denial
WIRE = [
    "أعلنت وزارة الدفاع الأوكرانية أن روسيا أطلقت عشرات الصواريخ على مدينة خاركيف فجر اليوم.",
    "وقال متحدث باسم الوزارة إن الدفاعات الجوية أسقطت معظم الصواريخ قبل وصولها إلى أهدافها في المدينة.",
    "وأضاف المتحدث أن الهجوم استهدف محطات الطاقة والبنية التحتية المدنية في المنطقة الشرقية من البلاد.",
    "ويأتي الهجوم بعد أيام من تصاعد القتال على طول خط الجبهة في الشرق بين القوات الروسية والأوكرانية.",
]
DENIAL = "ونفت وزارة الدفاع الروسية أن تكون قواتها قد أطلقت صواريخ على مدينة خاركيف، ووصفت التقارير بأنها كاذبة."
ENGLISH = ("Russia launched dozens of missiles at the city of Kharkiv at dawn today, Ukraine's defence ministry "
           "said. A spokesman said air defences shot down most of the missiles before they reached their targets.")


def articles() -> list[dict]:
    wire = "\n".join(WIRE)
    return [
        {"id": "wire", "text": wire, "published": "2025-03-02", "language": "ar", "outlet": "وكالة"},
        {"id": "reordered", "text": "\n".join([WIRE[1], WIRE[0], WIRE[3], WIRE[2]]), "published": "2025-03-03",
         "language": "ar", "outlet": "صحيفة"},
        {"id": "cut", "text": "\n".join(WIRE[:3]), "published": "2025-03-04", "language": "ar", "outlet": "موقع"},
        {"id": "english", "text": ENGLISH, "published": "2025-03-02", "language": "en", "outlet": "Daily"},
        {"id": "denial", "text": DENIAL, "published": "2025-03-05", "language": "ar", "outlet": "قناة"},
        {"id": "undated", "text": WIRE[3] + "\n" + DENIAL, "language": "ar"},
    ]


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _pipeline() -> Pipeline:
    settings = load_settings()
    settings["events"]["learned"] = False     # the rules alone: these tests are about the store
    return Pipeline.default(settings)


def _save_all(store, rows):
    p = _pipeline()
    return [store.save(p.run(Document(source=r["id"], **r))).status for r in rows]


# -- one suite, both backends ---------------------------------------------------------------
def test_a_new_store_is_at_the_latest_version(store_at):
    with open_store(store_at()) as store:
        assert store.db.execute("SELECT max(version) FROM migrations").fetchone()[0] == LATEST_VERSION


def test_save_duplicate_and_update(store_at):
    with open_store(store_at(), batch=100) as store:
        assert _save_all(store, articles()) == ["new"] * 6
        before = store.counts()
        assert _save_all(store, articles()) == ["duplicate"] * 6
        assert store.counts() == before
        changed = dict(articles()[4], text=DENIAL + "\nوأكدت الوزارة أن قواتها لم تستهدف أي منشآت مدنية.")
        assert _save_all(store, [changed]) == ["updated"]
        store.flush()
        assert store.counts()["documents"] == 6
        assert store.document("denial")["text"].endswith("مدنية.")


def test_copies_facts_and_counts(store_at):
    from rasd.stories.queries import copies, list_facts
    with open_store(store_at(), batch=100) as store:
        _save_all(store, articles())
        store.flush()
        got = {c["doc"]: (c["original"], c["kind"]) for c in copies(store.db)}
        assert got["reordered"] == ("wire", "near") and got["cut"][0] == "wire"
        facts = list_facts(store.db)
        assert facts and all(isinstance(f["reports"], int) for f in facts)
        # the counts the triggers keep equal a recount (PostgreSQL's triggers are its own)
        kept = sorted(store.db.execute("SELECT fact, mentions, reports, originals FROM fact_counts "
                                       "WHERE status = '' AND mentions > 0"))
        recount = sorted(store.db.execute(
            "SELECT fact, count(*), count(DISTINCT doc), count(DISTINCT CASE WHEN duplicate = 0 THEN doc END) "
            "FROM fact_mentions GROUP BY fact"))
        assert kept == recount


def test_the_index_is_rebuilt_when_another_writer_commits(store_at):
    """Two writers take turns on one store: the second's copies of the first's articles are
    found (its in-memory index is rebuilt from the store), as with one writer."""
    where = store_at()
    rows = articles()
    first, second = open_store(where, batch=1), open_store(where, batch=1)
    try:
        _save_all(first, rows[:1])
        _save_all(second, rows[1:2])
        _save_all(first, rows[2:3])       # first's index predates second's commit
        first.flush(), second.flush()
        from rasd.stories.queries import copies
        got = {c["doc"]: c["original"] for c in copies(first.db)}
        assert got == {"reordered": "wire", "cut": "wire"}
    finally:
        first.close(), second.close()


def test_read_commands_on_a_store(store_at, tmp_path):
    where = store_at()
    run_rasd("ingest", _jsonl(tmp_path / "a.jsonl", articles()), "--db", where, "--fast")
    stats = json.loads(run_rasd("stats", "--db", where, "--json").stdout)
    assert {r["key"]: r["value"] for r in stats}["documents"] == 6
    found = json.loads(run_rasd("documents", "--db", where, "--json", "--search", "خاركيف").stdout)
    assert {d["id"] for d in found} >= {"wire", "denial"}
    assert run_rasd("facts", "--db", where, "--json", "--contradicted").returncode == 0


def test_a_read_command_never_creates_a_store(store_at):
    where = store_at("none")
    r = run_rasd("facts", "--db", where, check=False)
    assert r.returncode == 1 and "no store at" in r.stderr and "Traceback" not in r.stderr


# -- both at once ---------------------------------------------------------------------------
EXPORTS = ("events", "facts", "stories", "documents")


def _exports(where: str) -> dict[str, bytes]:
    out = {}
    for kind in EXPORTS:
        r = subprocess.run([sys.executable, "-m", "rasd.cli", "export", kind, "--db", where], capture_output=True,
                           check=True)
        out[kind] = r.stdout
    return out


def test_exports_are_byte_identical_from_both_backends(tmp_path):
    from conftest import _pg_drop, _pg_schema, _pg_url_or_skip, _with_schema
    url = _pg_url_or_skip()
    schema = _pg_schema(url, f"{tmp_path.name}_equal")
    try:
        pg = _with_schema(url, schema)
        extra = _jsonl(tmp_path / "extra.jsonl", articles())
        for where in (str(tmp_path / "s.db"), pg):
            run_rasd("ingest", EXAMPLES, extra, "--db", where, "--fast")
        lite, post = _exports(str(tmp_path / "s.db")), _exports(pg)
        assert all(lite[k] for k in EXPORTS)
        assert lite["events"] == post["events"]            # the contract: byte for byte
        assert lite == post
    finally:
        _pg_drop(url, schema)


def test_two_writers_lose_and_duplicate_nothing(tmp_path):
    """Two `rasd ingest` processes on one PostgreSQL store at once, each committing every two
    articles, over inputs that overlap: the same documents, events, copies and fact counts
    as one writer given everything."""
    from conftest import _pg_drop, _pg_schema, _pg_url_or_skip, _with_schema
    url = _pg_url_or_skip()
    rows = articles() + [dict(r, id=f"{r['id']}-{i}", text=r["text"] + f"\nتحديث رقم {i} من غرفة الأخبار اليوم.")
                         for i in range(3) for r in articles()[:4]]
    half = len(rows) // 2
    a = _jsonl(tmp_path / "a.jsonl", rows[:half + 3])       # three articles in both inputs
    b = _jsonl(tmp_path / "b.jsonl", rows[half:])
    config = tmp_path / "small.toml"
    config.write_text("[store]\nbatch = 2\n", encoding="utf-8")
    schemas = [_pg_schema(url, f"{tmp_path.name}_{n}") for n in ("two", "one")]
    try:
        two, one = (_with_schema(url, s) for s in schemas)
        run_rasd("ingest", a, "--db", two, "--fast", "--config", config)     # creates the store first
        run_rasd("ingest", EXAMPLES, "--db", one, "--fast")
        procs = [subprocess.Popen([sys.executable, "-m", "rasd.cli", "ingest", path, "--db", two, "--fast",
                                   "--config", str(config)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for path in (b, EXAMPLES)]
        for p in procs:
            _, err = p.communicate(timeout=600)
            assert p.returncode == 0, err.decode()
        run_rasd("ingest", a, b, "--db", one, "--fast")
        with open_store(two, create=False) as s2, open_store(one, create=False) as s1:
            assert s2.counts() == s1.counts()
            assert s2.counts()["documents"] == len(rows) + len(list(EXAMPLES.iterdir()))
            links = "SELECT d.id, o.id, c.kind FROM copies c JOIN documents d ON d.num = c.doc " \
                    "JOIN documents o ON o.num = c.original ORDER BY 1"
            assert s2.db.execute(links).fetchall() == s1.db.execute(links).fetchall()
            para = "SELECT d.id, p.paragraph, f.id, p.first_paragraph FROM paragraph_copies p " \
                   "JOIN documents d ON d.num = p.doc JOIN documents f ON f.num = p.first_doc ORDER BY 1, 2"
            assert s2.db.execute(para).fetchall() == s1.db.execute(para).fetchall()
            counts = "SELECT f.type, f.source, f.target, f.item, c.status, c.mentions, c.reports, c.originals " \
                     "FROM fact_counts c JOIN facts f ON f.id = c.fact WHERE c.mentions > 0 ORDER BY 1, 2, 3, 4, 5"
            assert s2.db.execute(counts).fetchall() == s1.db.execute(counts).fetchall()
        assert _exports(two)["events"] != b""
    finally:
        for s in schemas:
            _pg_drop(url, s)


# -- the dialect, without a server ----------------------------------------------------------
def test_the_dialect_keeps_sqlites_meaning():
    up = Upserts({"copies": ["doc", "original", "similarity", "kind"], "fact_claims": ["fact", "status", "n"]},
                 {"copies": ["doc"]})
    assert translate("INSERT OR REPLACE INTO copies VALUES (?,?,?,?)", up).sql == (
        'INSERT INTO copies VALUES (%s,%s,%s,%s) ON CONFLICT (doc) DO UPDATE SET "original" = EXCLUDED."original", '
        '"similarity" = EXCLUDED."similarity", "kind" = EXCLUDED."kind"')
    assert translate("INSERT INTO documents (id) VALUES (?)", up).returning
    assert "n = fact_claims.n + 1" in translate("INSERT INTO fact_claims VALUES (?,?,1) ON CONFLICT (fact, status) "
                                                "DO UPDATE SET n = n + 1", up).sql
    sql = translate("SELECT a FROM t WHERE b IS ? AND c IS NOT NULL ORDER BY d DESC, e LIMIT ?", up).sql
    assert sql == ("SELECT a FROM t WHERE b IS NOT DISTINCT FROM %s AND c IS NOT NULL "
                   "ORDER BY d DESC NULLS LAST, e NULLS FIRST LIMIT nullif(%s::bigint, -1)")
    assert translate("SELECT x FROM t WHERE y LIKE 'a%' AND z = ?", up).sql.endswith("LIKE 'a%%' AND z = %s")
    # columns that hold no NULLs keep their ORDER BY as written: PostgreSQL then walks their index
    keyed = Upserts(not_null=frozenset({"id"}))
    assert translate("SELECT id FROM f WHERE id > ? ORDER BY f.id DESC, p IS NULL, d", keyed).sql == (
        "SELECT id FROM f WHERE id > %s ORDER BY f.id DESC, p IS NULL, d NULLS FIRST")
    assert translate("SELECT 1 WHERE rasd_search(?, t) AND x = ? OR rasd_search(?, u)", up).searched == (0, 2)
    # a shared migration's index sorts NULLs as SQLite's does, so that ordered reads walk it
    assert translate("CREATE INDEX i ON t(a, b, c DESC)", keyed, params=False).sql == (
        "CREATE INDEX i ON t(a NULLS FIRST, b NULLS FIRST, c DESC NULLS LAST)")
    assert translate("CREATE INDEX i ON t(id, b)", keyed, params=False).sql == "CREATE INDEX i ON t(id, b NULLS FIRST)"


def test_backends_are_chosen_by_the_db_value():
    assert is_server("postgresql://u@h/db") and is_server("postgres://h/db")
    assert not is_server("news.db") and not is_server("postgresql.db")


def test_a_server_that_is_not_there_is_one_line(tmp_path):
    pytest.importorskip("psycopg")
    r = run_rasd("ingest", EXAMPLES, "--db", "postgresql://nobody:secret@127.0.0.1:1/none", check=False)
    assert r.returncode == 1 and "cannot connect" in r.stderr
    assert "secret" not in r.stderr and "Traceback" not in r.stderr


def test_the_desk_answers_the_same_from_both_backends(tmp_path):
    """`rasd serve` over either store: the same API answers and the same pages."""
    pytest.importorskip("fastapi")
    from fastapi.testclient import TestClient

    from conftest import _pg_drop, _pg_schema, _pg_url_or_skip, _with_schema
    from rasd.serve.app import create_app
    url = _pg_url_or_skip()
    schema = _pg_schema(url, f"{tmp_path.name}_desk")
    settings = {"page_size": 50, "max_limit": 200, "per_side": 5, "connections": 2}
    paths = ["/api/v1/stats", "/api/v1/stories", "/api/v1/stories/1", "/api/v1/facts", "/api/v1/facts/1", "/api/v1/facts?contradicted=true",
             "/api/v1/documents", "/api/v1/documents/wire", "/api/v1/actors", "/api/v1/actors/RUS", "/api/v1/actors/RUS/network",
             "/api/v1/actors/RUS/facts", "/api/v1/actors/RUS/timeline", "/api/v1/search?q=خاركيف", "/api/v1/documents?q=خاركيف",
             "/", "/stories", "/facts", "/documents", "/actors", "/actors/RUS", "/documents/wire", "/search?q=kharkiv"]
    try:
        pg = _with_schema(url, schema)
        extra = _jsonl(tmp_path / "extra.jsonl", articles())
        answers = []
        for where in (str(tmp_path / "s.db"), pg):
            run_rasd("ingest", EXAMPLES, extra, "--db", where, "--fast")
            with TestClient(create_app(where, settings=settings), base_url="http://127.0.0.1") as c:
                # the time of ingest is the one thing the two stores may not share
                answers.append([(p, r.status_code, re.sub(r'"ingested_at":"[^"]*"', "", r.text))
                                for p in paths for r in [c.get(p)]])
        lite, post = answers
        assert all(code == 200 for _, code, _ in lite), [(p, code) for p, code, _ in lite if code != 200]
        for a, b in zip(lite, post):
            assert a == b, a[0]
    finally:
        _pg_drop(url, schema)


def test_a_writer_waits_for_another_then_says_so(tmp_path):
    """PostgreSQL's writer lock: a second writer waits `wait` seconds for the first's
    transaction, then stops with StoreBusy (one line at the CLI), as on SQLite."""
    from conftest import _pg_url_or_skip, store_location
    from rasd.errors import StoreBusy
    _pg_url_or_skip()
    where = store_location("postgresql", tmp_path, "busy")
    first, second = open_store(where, batch=100), open_store(where, batch=100, wait=1)
    try:
        _save_all(first, articles()[:1])               # holds the lock until it commits
        with pytest.raises(StoreBusy, match="another process"):
            _save_all(second, articles()[1:2])
        first.flush()
        assert _save_all(second, articles()[1:2]) == ["new"]
    finally:
        first.close(), second.close()
