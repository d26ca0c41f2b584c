"""An actor's network drawn on the server as SVG coordinates: the actor in the middle, its
counterparts around it (the most reported nearest the top), one curved edge per direction
and event type, as wide as its reports (log scale) and dashed where a fact is contradicted.

The input is `rasd.stories.desk.actor_network`; the template draws the shapes, and a
few lines of JS (static/app.js) only highlight a node's edges on hover. No graph library.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

SIZE = 560                 # the drawing is SIZE x SIZE user units, scaled by CSS
RING = 200                 # counterparts sit on this circle around the centre
MAX_COUNTERPARTS = 24      # beyond this the ring is unreadable: the rest are listed, not drawn


@dataclass(frozen=True, slots=True)
class Node:
    code: str
    x: float
    y: float
    r: float
    facts: int
    reports: int
    centre: bool
    label_x: float = 0.0     # where its name goes, relative to it: outward from the centre
    label_y: float = 0.0
    anchor: str = "middle"


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    type: str
    facts: int
    reports: int
    contradicted: int
    statuses: dict
    path: str              # SVG path data, a quadratic curve
    width: float
    label_x: float
    label_y: float


@dataclass(frozen=True, slots=True)
class Drawing:
    size: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    left_out: tuple[str, ...]      # counterparts not drawn (past MAX_COUNTERPARTS)


def layout(network: dict) -> Drawing:
    """Coordinates for `network` ({"actor", "counterparts", "edges"})."""
    centre = network["actor"]
    ranked = [c for c in network["counterparts"] if c["code"] and c["code"] != centre]
    drawn, left_out = ranked[:MAX_COUNTERPARTS], tuple(c["code"] for c in ranked[MAX_COUNTERPARTS:])
    mid = SIZE / 2
    most = max([c["reports"] for c in drawn] + [1])
    nodes = {centre: Node(centre, mid, mid, 30, sum(c["facts"] for c in ranked), sum(c["reports"] for c in ranked),
                          True, 0.0, 48.0)}
    for i, c in enumerate(drawn):
        angle = -math.pi / 2 + 2 * math.pi * i / max(len(drawn), 1)
        r = 12 + 14 * math.sqrt(c["reports"] / most)
        ux, uy = math.cos(angle), math.sin(angle)
        # the name outside the ring, where no edge comes in
        anchor = "middle" if abs(ux) < 0.35 else "start" if ux > 0 else "end"
        lift = 12 if uy > 0.35 else -5 if uy < -0.35 else 4
        nodes[c["code"]] = Node(c["code"], round(mid + RING * ux, 1), round(mid + RING * uy, 1), round(r, 1),
                                c["facts"], c["reports"], False, round(ux * (r + 6), 1),
                                round(uy * (r + 6) + lift, 1), anchor)
    edges = [e for e in network["edges"] if e["source"] in nodes and e["target"] in nodes and e["source"] != e["target"]]
    heaviest = max([e["reports"] for e in edges] + [1])
    # the edges between one pair fan out: each gets its own bend, alternating sides
    bends: dict[frozenset, int] = {}
    out = []
    for e in sorted(edges, key=lambda e: (-e["reports"], e["type"])):
        pair = frozenset((e["source"], e["target"]))
        k = bends[pair] = bends.get(pair, -1) + 1
        a, b = nodes[e["source"]], nodes[e["target"]]
        path, lx, ly = _curve(a, b, bend=(k // 2 + 1) * 22 * (1 if k % 2 == 0 else -1))
        width = 1.5 + 6.5 * math.log1p(e["reports"]) / math.log1p(heaviest)
        out.append(Edge(e["source"], e["target"], e["type"], e["facts"], e["reports"], e["contradicted"],
                        e.get("statuses", {}), path, round(width, 2), lx, ly))
    return Drawing(SIZE, tuple(nodes.values()), tuple(out), left_out)


def _curve(a: Node, b: Node, *, bend: float) -> tuple[str, float, float]:
    """A quadratic curve from the rim of `a` to the rim of `b`, bowed `bend` units to the side
    (the sign of `bend` picks the side, so a->b and b->a part), and its midpoint."""
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / length, dx / length                       # the unit normal
    cx, cy = (a.x + b.x) / 2 + nx * bend, (a.y + b.y) / 2 + ny * bend
    start = _towards(a, cx, cy, a.r + 2)
    end = _towards(b, cx, cy, b.r + 6)                        # room for the arrowhead
    mx = 0.25 * start[0] + 0.5 * cx + 0.25 * end[0]
    my = 0.25 * start[1] + 0.5 * cy + 0.25 * end[1]
    return (f"M {start[0]:.1f} {start[1]:.1f} Q {cx:.1f} {cy:.1f} {end[0]:.1f} {end[1]:.1f}",
            round(mx, 1), round(my, 1))


def _towards(node: Node, x: float, y: float, distance: float) -> tuple[float, float]:
    dx, dy = x - node.x, y - node.y
    length = math.hypot(dx, dy) or 1.0
    return node.x + dx / length * distance, node.y + dy / length * distance
