"""Facts keep what was transferred apart: the same supplier and recipient in the same weeks
with shells in one report and missiles in another are two facts; a vague item ("weapons")
or none joins one of them. Facts can be derived again from the stored events."""
import pytest

from rasd.model import Document
from rasd.pipeline import Pipeline
from rasd.stories.facts import rebuild
from rasd.stories.queries import list_facts, timeline
from rasd.store.sqlite import Store

REPORTS = [  # id, text, published
    ("shells", "أرسلت كوريا الشمالية مليون قذيفة مدفعية إلى روسيا، بحسب الاستخبارات الكورية الجنوبية.", "2024-10-01"),
    ("missiles", "زودت كوريا الشمالية روسيا بصواريخ باليستية، وفق مسؤولين أوكرانيين.", "2024-10-03"),
    ("weapons", "أرسلت كوريا الشمالية أسلحة إلى روسيا عبر ميناء راجين، بحسب صور أقمار صناعية.", "2024-10-04"),
    ("more_shells", "أرسلت كوريا الشمالية شحنة جديدة من قذائف المدفعية إلى روسيا الأسبوع الماضي.", "2024-10-09"),
]


def _store(path) -> Store:
    store = Store(path, batch=100)
    p = Pipeline.default()
    store.save_all(p.run_batch([Document(id=i, text=t, published=d, source=i) for i, t, d in REPORTS]))
    store.flush()
    return store


def _transfers(store: Store) -> list[dict]:
    return [f for f in list_facts(store.db, type="TRANSFER", actor="PRK") if (f["source"], f["target"]) == ("PRK", "RUS")]


def _docs(fact: dict) -> set[str]:
    return {it["doc"] for side in fact["sides"].values() for it in side}


def test_different_items_are_different_facts_and_a_vague_one_joins(tmp_path):
    store = _store(tmp_path / "f.db")
    facts = {f["item"]: _docs(f) for f in _transfers(store)}
    assert len(facts) == 2, facts
    [shells] = [docs for item, docs in facts.items() if item != "missile"]
    assert facts["missile"] >= {"missiles"} and shells >= {"shells", "more_shells"}
    assert "missiles" not in shells and not {"shells", "more_shells"} & facts["missile"]
    # "weapons" is too vague to start a fact of its own: it joins one
    assert sum("weapons" in docs for docs in facts.values()) == 1
    assert [f["item"] for f in list_facts(store.db, item="missile")] == ["missile"]


def test_rebuilt_facts_are_the_facts_merged_on_ingest(tmp_path):
    store = _store(tmp_path / "f.db")
    before = (list_facts(store.db), timeline(store.db, actor="PRK"))
    store.db.execute("BEGIN")
    for table in ("fact_claims", "fact_mentions", "facts"):     # nothing left to keep
        store.db.execute(f"DELETE FROM {table}")
    assert rebuild(store.db) == len(before[0])
    store.db.execute("COMMIT")
    assert (list_facts(store.db), timeline(store.db, actor="PRK")) == before


def test_a_store_asking_for_facts_again_gets_them_when_opened(tmp_path, caplog):
    """What a migration does when the merging rules change (version 7: items): facts merged
    across items are split when the store opens."""
    store = _store(tmp_path / "f.db")
    expected = list_facts(store.db)
    [keep, *others] = [f["id"] for f in _transfers(store)]
    store.db.execute("BEGIN")
    for fid in others:                       # as an older version merged them: one fact
        store.db.execute("UPDATE fact_mentions SET fact = ? WHERE fact = ?", (keep, fid))
        store.db.execute("DELETE FROM fact_claims WHERE fact = ?", (fid,))
        store.db.execute("DELETE FROM facts WHERE id = ?", (fid,))
    store.db.execute("INSERT INTO rederive VALUES ('facts')")
    store.db.execute("COMMIT")
    assert len(_transfers(store)) == 1
    store.close()
    with Store(tmp_path / "f.db") as again:
        assert "deriving facts again" in caplog.text        # a large store takes a while: say why
        assert again.db.execute("SELECT count(*) FROM rederive").fetchone() == (0,)
        assert list_facts(again.db) == expected


def _add_rows(db, rows) -> None:
    """Documents with one event mention each, (claimant, item, published), merged into facts."""
    from rasd.stories.facts import EventMention, add
    db.execute("BEGIN")
    for num, (claimant, item, published) in enumerate(rows, 1):
        db.execute("INSERT INTO documents (num, id, hash, source, text, ingested_at) VALUES (?, ?, '', '', '', '')",
                   (num, f"d{num}"))
        db.execute("INSERT INTO events VALUES (?, ?, 0, 'TRANSFER', NULL, NULL, 'PRK', 'RUS', 'asserted', NULL, "
                   "NULL, 0, 0, ?)", (num, num, '{"evidence": {"text": "", "start": 0, "end": 0}}'))
        mention = EventMention(num, "TRANSFER", "PRK", "RUS", "asserted", claimant, None, item)
        add(db, num, published, [mention], duplicate=False)
    db.execute("COMMIT")


def test_a_few_sentences_per_side_show_each_claimant_first(tmp_path):
    store = Store(tmp_path / "s.db")
    _add_rows(store.db, [("KOR", None, "2024-10-01"), ("KOR", None, "2024-10-02"), ("KOR", None, "2024-10-03"),
                         ("USA", None, "2024-10-04"), ("UKR", None, "2024-10-05")])
    [fact] = list_facts(store.db, per_side=2)
    assert fact["counts"] == {"asserted": 5}
    assert [(it["claimant"], it["doc"]) for it in fact["sides"]["asserted"]] == [("KOR", "d1"), ("USA", "d4")]
    [full] = list_facts(store.db)
    assert len(full["sides"]["asserted"]) == 5 and full["counts"] == fact["counts"]


@pytest.mark.parametrize("item, other, joins", [("missile", "missile", True), ("missile", None, True),
                                                 (None, "drone", True), ("missile", "ammunition", False)])
def test_item_compatibility(tmp_path, item, other, joins):
    store = Store(tmp_path / "m.db")
    _add_rows(store.db, [(None, item, "2024-10-01"), (None, other, "2024-10-01")])
    assert store.db.execute("SELECT count(*) FROM facts").fetchone() == ((1,) if joins else (2,))


def test_cli_facts_by_item(tmp_path):
    import json
    from conftest import run_rasd
    corpus = tmp_path / "reports.jsonl"
    corpus.write_text("\n".join(json.dumps({"id": i, "text": t, "published": d}, ensure_ascii=False)
                                for i, t, d in REPORTS), encoding="utf-8")
    db = tmp_path / "r.db"
    run_rasd("ingest", corpus, "--db", db)
    missiles = json.loads(run_rasd("facts", "--type", "TRANSFER", "--item", "missile", "--json", "--db", db).stdout)
    assert [(f["source"], f["target"], f["item"]) for f in missiles] == [("PRK", "RUS", "missile")]
    assert "بصواريخ باليستية" in missiles[0]["sides"]["asserted"][0]["evidence"]
    piped = run_rasd("facts", "--item", "missile", "--db", db).stdout.splitlines()
    assert piped and all(ln.split("\t")[1:5] == ["TRANSFER", "PRK", "RUS", "missile"] for ln in piped)
    # at a terminal: the most reported fact only, one sentence per side, and how many more there are
    import os
    import subprocess
    import sys
    top = subprocess.run([sys.executable, "-m", "rasd.cli", "facts", "--limit", "1", "--evidence", "1", "--db", str(db)],
                         capture_output=True, text=True, env={**os.environ, "TTY_COMPATIBLE": "1", "TERM": "dumb"}).stdout
    assert top.count("TRANSFER PRK → RUS") == 1 and "more (--evidence 0 shows all)" in top
