"""Issue 4's check: every actor the seed gold names (source, target, claimant) is found as a
mention with the right country in its evidence sentence. Skips where ../shared is absent."""
import json


from conftest import GOLD
from rasd.api import process


def _gold_actor_checks(seeds):
    docs = {d.id: d for d in process([str(seeds)])}
    checks = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("optional"):
            continue
        doc = docs[row["doc"]]
        probe = row["evidence"][:25]
        sentence = next((s for s in doc.sentences if probe in doc.text[s.start:s.end]), None)
        for role in ("source", "target", "claimant"):
            country = row.get(role)
            if not country or sentence is None:
                continue
            found = {(m.country or (m.code or "")[:3]) for m in doc.mentions
                     if sentence.start <= m.start < sentence.end}
            checks.append((row["doc"], role, country, row["evidence"][:40], country in found))
    return checks


def test_gold_actors_are_found_in_their_evidence_sentences(seeds):
    checks = _gold_actor_checks(seeds)
    misses = [c for c in checks if not c[-1]]
    share = 1 - len(misses) / len(checks)
    print(f"gold actors found: {len(checks) - len(misses)}/{len(checks)} = {share:.3f}")
    for m in misses:
        print("  miss", m[:4])
    # The misses are actors the text gives only by pronoun ("بلادها", "أنه") or by implication.
    assert share >= 0.85, misses


def test_shipped_kb_validates():
    from rasd.kb.validate import validate
    problems, sizes = validate()
    assert problems == []
    assert sizes["country"] >= 195 and sizes["person"] >= 150 and sizes["weapon"] >= 100
    assert sizes["place"] >= 200 and sizes["organization"] >= 100 and sizes["outlet"] >= 60


def test_user_kb_folder_extends_and_is_validated(tmp_path):
    from conftest import run_rasd
    (tmp_path / "mine.yaml").write_text(
        "- {id: 'me:person:test', type: person, name_ar: 'سمير الاختباري', name_en: Samir Test,\n"
        "   aliases_ar: [], aliases_en: [], country: JOR,\n"
        "   roles: [{title_ar: وزير, code: JORGOV, from: 2020-01-01, to: null}]}\n", encoding="utf-8")
    out = run_rasd("kb", "lookup", "سمير الاختباري", "--extra", tmp_path).stdout
    assert "me:person:test" in out and "JORGOV" in out
    assert "ok" in run_rasd("kb", "validate", "--extra", tmp_path).stdout
    (tmp_path / "bad.yaml").write_text("- {id: 'me:org:x', type: organization, name_ar: منظمة, code: badcode}\n",
                                       encoding="utf-8")
    res = run_rasd("kb", "validate", "--extra", tmp_path, check=False)
    assert res.returncode == 1 and "malformed code" in res.stdout
