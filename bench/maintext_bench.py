"""Main text from web pages: rasd, trafilatura and resiliparse side by side on the same pages.

Runs on the shared boilerplate benchmark (`../shared/eval/boilerplate/`: real pages and, for
each, snippets its main text must keep and snippets it must drop) and scores every
extractor the way its `score.py` does: white space folded, a kept "with" snippet a true
positive, a kept "without" snippet a false positive, over all snippets of all pages. Speed
is CPU seconds in this one process (one core), decoding included, best of `--rounds`.

- rasd: `html_document` (the cascade: resiliparse + rasd's structure rules, the same rules
  on the whole page or trafilatura where their text looks wrong; metadata; language),
  scored on its text and on the text the later stages read (minus the boilerplate rules'
  removed spans, what `rasd text` prints). Also: rasd without trafilatura (`fallback =
  false`), the share of pages the cascade sends on, and the CPU time of each stage.
- trafilatura `extract` (default settings); resiliparse `extract_plain_text(main_content=True)`.
- Publication dates: rasd's (its metadata, or a dateline in the text) against
  `trafilatura.extract_metadata`'s, which rasd used before; the pages carry no gold dates.

    python bench/maintext_bench.py
    python bench/maintext_bench.py --shared ../shared --rounds 3 --out /tmp/maintext

`--out` writes each extractor's {"file", "text"} lines, for `score.py --pred`.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from machine import describe  # noqa: E402

from rasd.errors import InputError  # noqa: E402
from rasd.ingest.cascade import main_text  # noqa: E402
from rasd.ingest.encoding import decode_text, replace_surrogates  # noqa: E402
from rasd.ingest.maintext import Options  # noqa: E402
from rasd.ingest.readers import html_document  # noqa: E402
from rasd.text.boilerplate import kept_text  # noqa: E402
from rasd.text.dates import find_published  # noqa: E402

_FOLD = re.compile(r"\s+")


def fold(text: str | None) -> str:
    return _FOLD.sub(" ", text or "").strip()


def score(gold: list[dict], texts: dict[str, str]) -> dict:
    """Precision, recall and F1 over all snippets, as score.py counts them."""
    c = Counter()
    for g in gold:
        text = fold(texts.get(g["file"]))
        for s in g["with"]:
            c["tp" if fold(s) in text else "fn"] += 1
        for s in g["without"]:
            c["fp" if fold(s) in text else "tn"] += 1
    p = c["tp"] / max(1, c["tp"] + c["fp"])
    r = c["tp"] / max(1, c["tp"] + c["fn"])
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0, **c}


def decoded(data: bytes) -> str:
    try:
        return decode_text(data, html=True)[0]
    except InputError:
        return ""


def _timed(pages: dict[str, bytes], extract, rounds: int) -> tuple[dict[str, str], float]:
    """(file → text, pages per CPU second: the best round)."""
    best, out = float("inf"), {}
    for _ in range(rounds):
        t = time.process_time()
        out = {name: extract(data) for name, data in pages.items()}
        best = min(best, time.process_time() - t)
    return out, len(pages) / best


def rasd_page(data: bytes, options: Options):
    html = decoded(data)
    return html_document("page", html, "page.html", options=options) if html else None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared"))
    ap.add_argument("--rounds", type=int, default=2, help="timed passes per extractor; the best is reported")
    ap.add_argument("--out", help="a folder for each extractor's predictions (JSON Lines)")
    ap.add_argument("--skip-trafilatura", action="store_true", help="leave the slow reference out")
    args = ap.parse_args()
    where = Path(args.shared) / "eval" / "boilerplate"
    gold = [json.loads(line) for line in open(where / "gold.jsonl", encoding="utf-8")]
    pages = {g["file"]: (where / "pages" / g["file"]).read_bytes() for g in gold}
    print(describe())
    print(f"{len(pages)} pages, {sum(len(g['with']) for g in gold)} snippets to keep, "
          f"{sum(len(g['without']) for g in gold)} to drop", flush=True)

    rows: list[tuple[str, dict, float]] = []
    opts = Options()
    html_document("warm", "<p>warm</p>", "warm.html")                   # loads the cue tables
    docs, speed = _timed(pages, lambda d: rasd_page(d, opts), args.rounds)
    rasd_text = {f: d.text if d else "" for f, d in docs.items()}
    rasd_read = {f: kept_text(d) if d else "" for f, d in docs.items()}
    rows.append(("rasd (stored text)", score(gold, rasd_text), speed))
    rows.append(("rasd (minus removed spans)", score(gold, rasd_read), speed))
    fast_opts = Options(fallback=False)
    fast, fast_speed = _timed(pages, lambda d: (rasd_page(d, fast_opts) or html_document("e", "", "e")).text,
                              args.rounds)
    rows.append(("rasd without trafilatura", score(gold, fast), fast_speed))

    from resiliparse.extract.html2text import extract_plain_text
    resili, r_speed = _timed(pages, lambda d: extract_plain_text(decoded(d), main_content=True, comments=False,
                                                                 alt_texts=False), args.rounds)
    rows.append(("resiliparse main_content", score(gold, resili), r_speed))
    outputs = {"rasd": rasd_text, "rasd_read": rasd_read, "rasd_fast": fast, "resiliparse": resili}
    if not args.skip_trafilatura:
        import trafilatura
        traf, t_speed = _timed(pages, lambda d: trafilatura.extract(decoded(d)) or "", 1)
        rows.append(("trafilatura extract", score(gold, traf), t_speed))
        outputs["trafilatura"] = traf

    print("\n| extractor | precision | recall | F1 | pages/s, one core |\n|---|---|---|---|---|")
    for name, s, sp in rows:
        print(f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {sp:.0f} |")

    _cascade_share(pages, opts)
    _stages(pages, opts, args.rounds)
    _dates(pages, docs)
    if args.out:
        os.makedirs(args.out, exist_ok=True)
        for name, texts in outputs.items():
            with open(os.path.join(args.out, f"{name}.jsonl"), "w", encoding="utf-8") as f:
                for file, text in texts.items():
                    f.write(json.dumps({"file": file, "text": text}, ensure_ascii=False) + "\n")
        print(f"\npredictions in {args.out}/ (score with: python3 {where}/score.py --pred FILE)")


def _cascade_share(pages: dict[str, bytes], opts: Options) -> None:
    """Which extractor decided each page, and why the fast path was doubted."""
    by = Counter()
    for data in pages.values():
        html = decoded(data)
        got = main_text(replace_surrogates(html)[0], options=opts) if html else None
        by[(got.extractor, got.why) if got else ("undecodable", "")] += 1
    print("\ncascade: " + ", ".join(f"{n} {e}{f' ({w})' if w else ''}" for (e, w), n in by.most_common()))
    sent = sum(n for (e, _), n in by.items() if e != "rasd")
    print(f"pages decided by the second extractor or the plain text: {sent}/{len(pages)} = {sent / len(pages):.1%}")


def _stages(pages: dict[str, bytes], opts: Options, rounds: int) -> None:
    """CPU milliseconds per page of each stage of `html_document`, each timed alone over all
    pages (best of `rounds`); the cascade's second reading is averaged over all pages too."""
    from rasd.ingest.blocks import parse_blocks
    from rasd.ingest.cascade import minimal_html, without_ruby_text
    from rasd.ingest.language import identify
    from rasd.ingest.maintext import select
    from rasd.ingest.metadata import dateline_date, page_metadata
    from rasd.ingest.shallow import parse_page

    def each(f, items) -> tuple[list, float]:
        best, out = float("inf"), []
        for _ in range(rounds):
            t = time.process_time()
            out = [f(x) for x in items]
            best = min(best, time.process_time() - t)
        return out, 1000 * best / len(pages)

    cost: dict[str, float] = {}
    html, cost["decoding"] = each(decoded, pages.values())
    html = [h for h in html if h]
    html = [without_ruby_text(h) for h in html]
    trees, cost["parse + depth check (shallow.py)"] = each(lambda h: parse_page(h)[0], html)
    minimal, cost["resiliparse main content"] = each(lambda tree: minimal_html(tree, main_content=True), trees)
    blocks, cost["blocks"] = each(parse_blocks, minimal)
    sels, cost["choosing"] = each(lambda b: select(b, options=opts), blocks)
    _, cost["metadata"] = each(page_metadata, html)
    _, cost["dateline"] = each(lambda sel: dateline_date([b.text for b in sel.blocks]), sels)
    _, cost["language"] = each(lambda sel: identify(sel.text), sels)
    _, cost["the cascade's second reading (all pages)"] = each(
        lambda h: main_text(h, options=opts), html)
    cost["the cascade's second reading (all pages)"] -= sum(
        cost[k] for k in ("parse + depth check (shallow.py)", "resiliparse main content", "blocks", "choosing"))
    print("\nCPU ms per page, each stage timed alone: " + ", ".join(f"{k} {v:.2f}" for k, v in cost.items())
          + f"; sum {sum(cost.values()):.2f}")


def _dates(pages: dict[str, bytes], docs: dict) -> None:
    """rasd's publication dates against trafilatura.extract_metadata's (no gold dates)."""
    try:
        from trafilatura import extract_metadata
    except ImportError:
        return
    c = Counter()
    for name, data in pages.items():
        doc = docs.get(name)
        ours = (doc.published or find_published(doc.text)) if doc else None
        try:
            theirs = ((extract_metadata(decoded(data)) or {}).date or "")[:10] or None
        except Exception:
            theirs = None
        c["same" if ours == theirs and ours else "both none" if not (ours or theirs) else
          "rasd only" if not theirs else "trafilatura only" if not ours else "differ"] += 1
    print("\npublication dates, rasd against trafilatura.extract_metadata: " +
          ", ".join(f"{k} {v}" for k, v in c.most_common()))


if __name__ == "__main__":
    main()
