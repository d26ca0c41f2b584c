"""The network: who does what to whom, as a graph of countries for Gephi, networkx, igraph.

One edge per (source, target, type): the facts `rasd facts` lists with the same filters
and that pair and type, summed (facts, reports and their split by status, mentions), with
whether any of them is contradicted, the earliest and latest date, and how many carry
sanctions flags. Facts are kept per country (`rasd.stories.facts`), so nodes are
countries (and IGO, WST ...); each node says which actor codes its mentions carry
(`codes`: PRKMIL PRKGOV ...) and the most frequent sector among them, with its name and
knowledge-base id. MEET, AGREE and COOPERATE are symmetric: their source and target are
in alphabetical order and the edge says `symmetric`.

GraphML and GEXF are written by networkx (a MultiDiGraph: the edge key is the type).
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from rasd.errors import ExportError
from rasd.export.columns import STATUSES, sector
from rasd.stories.facts import SYMMETRIC

_SUMMED = ("reports", "originals", "copies", "mentions")


def edges(facts: Iterable[dict]) -> list[dict]:
    """The facts summed into one edge per (source, target, type), in that order; facts
    without a source or a target (a test, an unnamed attacker) have no edge."""
    out: dict[tuple[str, str, str], dict] = {}
    for f in facts:
        if not f.get("source") or not f.get("target"):
            continue
        key = (f["source"], f["target"], f["type"])
        e = out.get(key)
        if e is None:
            e = out[key] = {"source": key[0], "target": key[1], "type": key[2], "symmetric": key[2] in SYMMETRIC,
                            "facts": 0, **{k: 0 for k in _SUMMED}, **{f"reports_{s}": 0 for s in STATUSES},
                            "contradicted": False, "first_date": None, "last_date": None, "flagged": 0}
        e["facts"] += 1
        for k in _SUMMED:
            e[k] += f.get(k) or 0
        for s in STATUSES:
            e[f"reports_{s}"] += (f.get("doc_counts") or {}).get(s, 0)
        e["contradicted"] = e["contradicted"] or bool(f.get("contradicted"))
        e["flagged"] += bool(f.get("flags"))
        if f.get("first_date") and (e["first_date"] is None or f["first_date"] < e["first_date"]):
            e["first_date"] = f["first_date"]
        if f.get("last_date") and (e["last_date"] is None or f["last_date"] > e["last_date"]):
            e["last_date"] = f["last_date"]
    return [out[k] for k in sorted(out)]


def nodes(countries: Iterable[str], codes: dict[str, dict[str, int]]) -> dict[str, dict]:
    """Node attributes for each country code: {"country", "name", "name_ar", "kb_id",
    "sector", "codes"}; `codes` is `streams.actor_codes`."""
    from rasd.kb.load import default_kb
    kb = default_kb().countries
    out = {}
    for c in sorted(set(countries)):
        seen = sorted(codes.get(c, {}).items(), key=lambda kv: (-kv[1], kv[0]))
        sectors = [sector(code) for code, _ in seen if sector(code)]
        ent = kb.get(c)
        out[c] = {"country": c, "name": ent.name_en if ent else c, "name_ar": ent.name_ar if ent else "",
                  "kb_id": ent.id if ent else "", "sector": sectors[0] if sectors else "",
                  "codes": " ".join(code for code, _ in seen)}
    return out


def graph(edge_rows: list[dict], node_attrs: dict[str, dict]):
    try:
        import networkx as nx
    except ImportError:
        raise ExportError("GraphML and GEXF need networkx: pip install 'rasd[export]'") from None
    g = nx.MultiDiGraph(name="rasd network")
    for code, attrs in node_attrs.items():
        g.add_node(code, label=attrs["name"] or code, **attrs)
    for e in edge_rows:
        # GraphML and GEXF have no null: an absent date is an absent attribute
        # and GEXF keeps `type` for itself: the event type is `event_type` (and the label),
        # the reports the weight Gephi sizes edges by
        attrs = {k: v for k, v in e.items() if k not in ("source", "target", "type") and v is not None}
        g.add_edge(e["source"], e["target"], key=e["type"], event_type=e["type"], label=e["type"],
                   weight=e["reports"], **attrs)
    return g


def write_graph(fmt: str, edge_rows: list[dict], node_attrs: dict[str, dict], f: BinaryIO) -> int:
    import networkx as nx
    g = graph(edge_rows, node_attrs)
    if fmt == "graphml":
        nx.write_graphml(g, f)
    else:
        nx.write_gexf(g, f)
    return g.number_of_edges()
