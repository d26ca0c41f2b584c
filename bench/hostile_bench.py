"""Time and peak memory on hostile input (issue 25, defect 6), at several sizes.

    python bench/hostile_bench.py                         # every case, default sizes
    python bench/hostile_bench.py --cases unspaced html_div --sizes 38 76 240
    python bench/hostile_bench.py --fast                  # the rules alone (rasd extract --fast)

Each case runs at each size (KB of UTF-8 input) in a fresh process, so that its peak
resident memory is its own; a run longer than --timeout seconds is stopped and reported.
Text cases go through the public API (`rasd.api.extract_text`); HTML cases through
`rasd.ingest.readers.html_document` (HTML → text, what `rasd extract` does with a .html
file) and then the default pipeline. The columns: seconds, MB of peak resident memory
over the process after warm-up, characters of text, sentences, event records.
Time that grows 4-fold for 4 times the input is linear; 16-fold is quadratic.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

UNIT = "أرسلت روسيا 500 طائرة مسيرة إلى إيران."


def _repeat(piece: str, kb: float) -> str:
    return piece * max(1, int(kb * 1000 / len(piece.encode("utf-8"))))


# name → (kind, maker of the input at `kb` kilobytes, what it is)
CASES = {
    "unspaced": ("text", lambda kb: _repeat(UNIT, kb), 'stops with no space after them: "…إيران.أرسلت…", one "sentence"'),
    "spaced": ("text", lambda kb: _repeat(UNIT + " ", kb), "the same sentences with a space after the stop (the control)"),
    "clauses": ("text", lambda kb: _repeat(UNIT[:-1] + "، ", kb), "clauses joined by commas, no stop at all"),
    "share_lines": ("text", lambda kb: _repeat("شارك\n", kb), "a boilerplate line (share) repeated"),
    "read_also": ("text", lambda kb: _repeat("اقرأ أيضا: " + UNIT + "\n", kb), 'one "read also" part a line'),
    "lines": ("text", lambda kb: _repeat(UNIT + "\n", kb), "short sentences, one a line (20,000 at 1,340 KB)"),
    "removed_lines": ("text", lambda kb: _repeat(UNIT + "\nالوسوم: روسيا، إيران، 500\nشارك\n", kb),
                      "sentences with removed boilerplate lines (tags naming countries, share) between them"),
    "denials": ("text", lambda kb: _repeat("أعلنت واشنطن أن بيونغ يانغ أرسلت قذائف إلى موسكو. "
                                           "ونفت الخارجية الروسية هذه المعلومات.\n", kb),
                "a claim and its denial, repeated: each denial sentence looked up"),
    "short_forms": ("text", lambda kb: "أطلقت كوريا الشمالية صاروخا.\n" + _repeat("وقال الشمال إنه أرسل 5 جنود.\n", kb),
                    '"الشمال" for North Korea, repeated after one naming'),
    "tco": ("text", lambda kb: _repeat("https://t.co/", kb) + " x", "a t.co link repeated with no space"),
    "html_div": ("html", lambda kb: _repeat("<div>", kb) + "text", "unclosed <div> elements"),
    "html_div_ar": ("html", lambda kb: _repeat("<div>" + UNIT, kb), "unclosed <div> elements, each with a sentence"),
}
DEFAULT_SIZES = {"text": [38, 76, 240], "html": [25, 100, 400]}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_one(case: str, kb: float, fast: bool) -> dict:
    """Run one case at one size in this process; the figures as a dict."""
    from rasd.events.records import records
    from rasd.model import Document
    from rasd.pipeline import Pipeline, load_settings
    kind, make, _ = CASES[case]
    settings = load_settings()
    settings.setdefault("events", {})["learned"] = not fast
    pipeline = Pipeline.default(settings)
    pipeline.warm_up()
    data = make(kb)
    base = _peak_mb()
    t0 = time.perf_counter()
    if kind == "html":
        from rasd.ingest.readers import html_document
        doc = html_document("hostile", data, "hostile.html")
    else:
        doc = Document(id="hostile", text=data)
    t1 = time.perf_counter()
    doc = pipeline.run(doc)
    recs = records(doc)
    t2 = time.perf_counter()
    for r in recs:      # the evidence must be the exact slice of the text
        ev = r["evidence"]
        assert doc.text[ev["start"]:ev["end"]] == ev["text"], ev
    return {"case": case, "kb": len(data.encode("utf-8")) / 1000, "seconds": t2 - t0, "read_seconds": t1 - t0,
            "peak_mb": _peak_mb() - base, "chars": len(doc.text), "sentences": len(doc.sentences),
            "events": len(recs), "longest_sentence": max((s.end - s.start for s in doc.sentences), default=0)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", nargs="*", default=list(CASES), choices=list(CASES))
    ap.add_argument("--sizes", nargs="*", type=float, help="KB of input (default: 38 76 240 for text, 25 100 400 for HTML)")
    ap.add_argument("--timeout", type=float, default=600, help="seconds before a run is stopped")
    ap.add_argument("--fast", action="store_true", help="the rules alone, without the learned layer")
    ap.add_argument("--one", nargs=2, metavar=("CASE", "KB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], float(args.one[1]), args.fast)))
        return
    print(f"{'case':12s} {'KB':>7s} {'seconds':>9s} {'(read)':>8s} {'peak MB':>8s} {'chars':>8s} "
          f"{'sentences':>9s} {'longest':>8s} {'events':>7s}")
    for case in args.cases:
        kind = CASES[case][0]
        prev = None
        for kb in args.sizes or DEFAULT_SIZES[kind]:
            cmd = [sys.executable, os.path.abspath(__file__), "--one", case, str(kb)] + (["--fast"] if args.fast else [])
            try:
                out = subprocess.run(cmd, capture_output=True, text=True, timeout=args.timeout)
            except subprocess.TimeoutExpired:
                print(f"{case:12s} {kb:7.0f}  stopped after {args.timeout:.0f} s")
                break       # larger sizes take longer still
            if out.returncode:
                print(f"{case:12s} {kb:7.0f}  failed: {out.stderr.strip().splitlines()[-1] if out.stderr else out.returncode}")
                continue
            r = json.loads(out.stdout.strip().splitlines()[-1])
            growth = f"  x{r['seconds'] / prev[1]:.1f} time for x{r['kb'] / prev[0]:.1f} input" if prev else ""
            print(f"{case:12s} {r['kb']:7.0f} {r['seconds']:9.2f} {r['read_seconds']:8.2f} {r['peak_mb']:8.1f} "
                  f"{r['chars']:8d} {r['sentences']:9d} {r['longest_sentence']:8d} {r['events']:7d}{growth}", flush=True)
            prev = (r["kb"], max(r["seconds"], 1e-3))


if __name__ == "__main__":
    main()
