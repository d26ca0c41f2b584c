"""`rasd kb lookup`: what a name links to."""
from __future__ import annotations

from rasd.kb.load import default_kb
from rasd.kb.match import default_matcher
from rasd.text.normalize import norm


def lookup(name: str, *, extra_dirs: tuple[str, ...] = (), day: str | None = None) -> list[str]:
    """One line per entity the name links to: id, type, code, canonical names, how it matched."""
    kb = default_kb(extra_dirs)
    key = norm(name).lower()
    lines = []
    for hit in default_matcher(extra_dirs).hits(key):
        p = hit.pattern
        if p.target.startswith(("title:", "item:")):
            kind, i = p.target.split(":")
            lines.append(f"{kind} {key[hit.start:hit.end]}")
            continue
        e = kb.entities[p.target]
        code = e.code_on(day) if e.type != "country" else e.code
        extra = f" category={e.category}" if e.category else ""
        lines.append(f"{e.id}\t{e.type}\t{code or '-'}\t{e.name_ar} / {e.name_en}\t({p.role}: {key[hit.start:hit.end]}){extra}")
    return lines
