"""Names for the codes facts are kept by: "PRK" is كوريا الشمالية / North Korea, from the
knowledge base (loaded once per process). A code the knowledge base lacks is its own name."""
from __future__ import annotations

from functools import lru_cache

from rasd.kb.load import default_kb


@lru_cache(maxsize=1)
def _countries() -> dict[str, tuple[str, str]]:
    return {code: (ent.name_ar or code, ent.name_en or code) for code, ent in default_kb(()).countries.items()}


def actor_names(code: str | None) -> dict[str, str]:
    """{"ar": ..., "en": ...} for a country code ("" for None: the outlet itself)."""
    if not code:
        return {"ar": "", "en": ""}
    ar, en = _countries().get(code, (code, code))
    return {"ar": ar, "en": en}


def actor_name(code: str | None, lang: str) -> str:
    return actor_names(code)[lang]
