"""The writer's in-memory key index (rasd.stories.keyindex) against a plain dict model:
adds, removals, sealing into sorted runs, merges and compaction in any order."""
from hypothesis import given, settings, strategies as st

from rasd.stories.keyindex import SHIFT, KeyIndex

KEYS = st.integers(min_value=0, max_value=12)          # few keys: many values share one
OPS = st.lists(st.one_of(
    st.tuples(st.just("add"), st.lists(KEYS, max_size=6, unique=True)),   # one value per key and document
    st.tuples(st.just("remove"), st.integers(min_value=0, max_value=40)),
    st.tuples(st.just("compact"), st.none()),
    st.tuples(st.sampled_from(["prefetch newest", "prefetch oldest"]), st.lists(KEYS, max_size=8)),
), max_size=60)


@settings(max_examples=300, deadline=None)
@given(ops=OPS, buffer=st.integers(min_value=1, max_value=9), limit=st.integers(min_value=1, max_value=5))
def test_key_index_matches_a_dict(ops, buffer, limit):
    index, model, dead = KeyIndex(buffer=buffer), {}, set()
    doc, fetched = 0, []
    for op, arg in ops:
        if op == "add":
            doc += 1
            values = [(doc << SHIFT) | i for i in range(len(arg))]    # a paragraph number below the doc
            index.add(arg, values)
            for k, v in zip(arg, values):
                model.setdefault(k, []).append(v)
        elif op == "remove":        # documents already added (numbers are never reused)
            index.remove(arg % (doc + 1))
            dead.add(arg % (doc + 1))
        elif op == "compact":
            index._compact()
        else:                       # runs searched ahead for a batch; then its documents are added
            index.prefetch(arg, limit, newest=op.endswith("newest"))
            fetched = arg
        for keys in (list(range(13)), fetched):     # all keys; the last prefetched ones (from its cache)
            live = [[v for v in model.get(k, []) if v >> SHIFT not in dead] for k in keys]
            assert index.newest(keys, limit) == [sorted(vs, reverse=True)[:limit] for vs in live]
            assert index.oldest(keys, limit) == [sorted(vs)[:limit] for vs in live]


def test_bulk_load_and_adds_agree():
    a, b = KeyIndex(buffer=4), KeyIndex(buffer=1000)
    pairs = [((7 * i) % 5, (i + 1) << SHIFT) for i in range(50)]
    a.extend([k for k, _ in pairs[:30]], [v for _, v in pairs[:30]])   # a rebuild, then new documents
    for k, v in pairs[30:]:
        a.add([k], [v])
    for k, v in pairs:
        b.add([k], [v])
    assert len(a) == len(b) == 50
    assert a.newest(range(5), 3) == b.newest(range(5), 3)
    assert a.oldest(range(6), 50) == b.oldest(range(6), 50)
    assert a.oldest([5], 3) == [[]]
