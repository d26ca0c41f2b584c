"""rasd store, version 3: the LSH bands and paragraph hashes move from indexed tables to
the writer's in-memory index (rasd.stories.keyindex), rebuilt from the signatures table:
random-key index rows made ingest time per article grow with the corpus. A document's
paragraph hashes are kept with its signature (int64 pairs: 60-bit hash, paragraph
number); its bands are computed again from the signature."""
import numpy as np


def upgrade(db):
    db.execute("ALTER TABLE signatures ADD COLUMN paragraphs BLOB")
    pairs: dict[str, dict[int, int]] = {}      # doc -> {hash: first paragraph}
    for h, doc, paragraph in db.execute("SELECT hash, doc, paragraph FROM paragraph_hashes ORDER BY doc, paragraph"):
        pairs.setdefault(doc, {}).setdefault(int(h[:15], 16), paragraph)
    db.executemany("UPDATE signatures SET paragraphs = ? WHERE doc = ?",
                   [(np.array(list(p.items()), dtype=np.int64).tobytes(), doc) for doc, p in pairs.items()])
    db.execute("DROP TABLE paragraph_hashes")
    db.execute("DROP TABLE lsh")
