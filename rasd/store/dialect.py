"""The SQL dialect differences between SQLite and PostgreSQL, in one place.

rasd's SQL is written once, in SQLite's dialect (the embedded default), and the PostgreSQL
connection (`rasd.store.postgres.PgConnection`) passes every statement through
`translate` first. What differs, and how it is bridged:

- placeholders: `?` becomes `%s` (and a literal `%` becomes `%%`);
- `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`; `INSERT OR REPLACE` an upsert on
  the table's primary key that sets every other column (`Upserts`, read from the catalog);
- `lastrowid`: an INSERT into a table numbered by the database gets `RETURNING` its key;
- `a IS ?`, `a IS b` (NULL-safe equality) become `IS NOT DISTINCT FROM`; `CROSS JOIN t ON`
  (SQLite's way to fix the join order) a plain `JOIN`; `? IS NULL` (an optional filter)
  casts its parameter, whose type PostgreSQL cannot tell from a NULL;
- SQLite's two-argument `max`/`min` become `greatest`/`least`;
- `x IN (SELECT value FROM json_each(?))` (a JSON list bound as one parameter) becomes a
  comparison with `json_array_elements_text`, as text;
- NULLs sort first in SQLite and last in PostgreSQL: every ORDER BY item is given SQLite's
  order explicitly (NULLS FIRST ascending, NULLS LAST descending), so lists and exports
  come out in the same order from both; so is every column of a `CREATE INDEX` (a shared
  migration's), so that an ordered read walks the index on both;
- a subquery in FROM gets a name, which PostgreSQL before 16 requires;
- `WHERE 1` becomes `WHERE TRUE`; `LIMIT -1` (none) `LIMIT NULL`; `json_extract(x, '$.a.b')` becomes `x::json #>> '{a,b}'`;
- `rasd_search(?, text)`, a Python function in SQLite (`queries._with_search`), is a
  regular expression match in PostgreSQL: its query parameter (`Statement.searched`) is
  turned into the pattern by the function the read layer registers;
- text compares byte-wise in SQLite: the PostgreSQL schema declares `COLLATE "C"`;
- `ORDER BY rowid` (the order rows were first written, which SQLite numbers): the tables
  read so, `rasd watch`'s, have an identity column of that name in PostgreSQL (migration 011).
Booleans and NUMERIC results are read back as SQLite gives them (0/1, int or float) by the
connection's loaders, not here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

# tables whose key the database numbers (SQLite's rowid/AUTOINCREMENT): an INSERT into one
# returns the new key, which the code reads as `cursor.lastrowid`
NUMBERED = {"documents": "num", "facts": "id", "stories": "id"}

_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+(IGNORE|REPLACE)\s+)?INTO\s+(\w+)\s*(\(([^)]*)\))?", re.I)
_IS_VALUE = re.compile(r"\bIS\s+(NOT\s+)?(?!(?:NULL|TRUE|FALSE|UNKNOWN|DISTINCT|NOT)\b)", re.I)
_PARAM_IS_NULL = re.compile(r"\?\s+IS\s+(NOT\s+)?NULL\b", re.I)
_CROSS_ON = re.compile(r"\bCROSS\s+JOIN(?=\s+\w+(?:\s+(?!ON\b)\w+)?\s+ON\b)", re.I)
_PAIR = re.compile(r"\b(max|min)\(([\w.]+),\s*([\w.]+)\)", re.I)
_JSON_IN = re.compile(r"([\w.]+)\s+IN\s+\(SELECT value FROM json_each\(\?\d*\)\)", re.I)
_WHERE_1 = re.compile(r"\bWHERE\s+1\b(?!\s*[=<>!])")
_LIMIT = re.compile(r"\bLIMIT\s+\?", re.I)
_JSON_PATH = re.compile(r"json_extract\(([\w.]+),\s*'\$\.([\w.]+)'\)")
_ORDER = re.compile(r"\bORDER\s+BY\s+", re.I)
_END_OF_ORDER = re.compile(r"(LIMIT|OFFSET|UNION|WHERE|GROUP|HAVING|ROWS|RANGE)\b", re.I)
_CREATE_INDEX = re.compile(r"^(\s*CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?\w+\s+ON\s+\w+\s*\()"
                           r"([^()]*)(\)\s*)$", re.I)


@dataclass(frozen=True, slots=True)
class Statement:
    sql: str                        # in PostgreSQL's dialect, with %s placeholders
    returning: bool = False         # the statement returns the new row's key (lastrowid)
    searched: tuple[int, ...] = ()  # parameters that are `rasd_search` queries (see PgConnection)


@dataclass
class Upserts:
    """Each table's columns and primary key, read once from the catalog: what an
    `INSERT OR REPLACE` sets (and `types`, what a many-row INSERT casts its arrays to)."""
    columns: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=dict)     # beside `columns`: int8, text ...
    # column names NOT NULL in every table that has one: ordering by them needs no NULLS
    # clause, which would keep PostgreSQL from reading an index in its order
    not_null: frozenset[str] = frozenset()

    @cached_property
    def frozen(self) -> tuple:
        """The catalog as a hashable key for `_translate`'s cache, made once: made per
        statement it cost ~7% of PostgreSQL's store time. (An `Upserts` is filled, then
        used; it is never changed after its first statement.)"""
        return (tuple((t, tuple(c)) for t, c in sorted(self.columns.items())),
                tuple((t, tuple(k)) for t, k in sorted(self.keys.items())), self.not_null)


def translate(sql: str, upserts: Upserts, *, params: bool = True) -> Statement:
    return _translate(sql, upserts.frozen, params)


@lru_cache(maxsize=4096)
def _translate(sql: str, upserts: tuple, params: bool) -> Statement:
    columns, keys = dict(upserts[0]), dict(upserts[1])
    returning = False
    m = _INSERT.match(sql)
    if m:
        mode, table, cols = (m.group(1) or "").upper(), m.group(2), m.group(4)
        sql = sql[:m.start()] + f"INSERT INTO {table} {m.group(3) or ''}" + sql[m.end():]
        if mode == "IGNORE":
            sql += " ON CONFLICT DO NOTHING"
        elif mode == "REPLACE":
            names = [c.strip().strip('"') for c in cols.split(",")] if cols else list(columns.get(table, ()))
            key = list(keys.get(table, ()))
            sets = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c in names if c not in key)
            sql += f" ON CONFLICT ({', '.join(key)}) " + (f"DO UPDATE SET {sets}" if sets else "DO NOTHING")
        if table in NUMBERED and "RETURNING" not in sql.upper():
            sql += f" RETURNING {NUMBERED[table]}"
            returning = True
        sql = _qualify_updates(sql, table, columns.get(table, ()))
    sql = _IS_VALUE.sub(lambda m: "IS DISTINCT FROM " if m.group(1) else "IS NOT DISTINCT FROM ", sql)
    sql = _CROSS_ON.sub("JOIN", sql)
    sql = _PARAM_IS_NULL.sub(r"CAST(? AS text) IS \1NULL", sql)
    sql = _PAIR.sub(lambda m: f"{'greatest' if m.group(1).lower() == 'max' else 'least'}({m.group(2)}, {m.group(3)})", sql)
    sql = _JSON_IN.sub(r"\1::text IN (SELECT json_array_elements_text(?::json))", sql)
    sql = _WHERE_1.sub("WHERE TRUE", sql)
    sql = _LIMIT.sub("LIMIT nullif(?::bigint, -1)", sql)
    sql = _JSON_PATH.sub(lambda m: f"({m.group(1)}::json #>> '{{{m.group(2).replace('.', ',')}}}')", sql)
    sql = nulls_like_sqlite(sql, upserts[2])
    sql = _CREATE_INDEX.sub(lambda m: m.group(1) + ",".join(_nulls(c, upserts[2]) for c in m.group(2).split(",")) + m.group(3), sql)
    sql = _alias_subqueries(sql)
    searched = tuple(i for i, m in enumerate(re.finditer(r"(rasd_search\(\s*)?\?", sql)) if m.group(1))
    if params:
        sql = sql.replace("%", "%%").replace("?", "%s")
    return Statement(sql, returning, searched)


def _qualify_updates(sql: str, table: str, columns) -> str:
    """In `ON CONFLICT ... DO UPDATE SET a = a + 1`, SQLite reads a bare `a` on the right as
    the stored row's; PostgreSQL calls it ambiguous (it could be EXCLUDED's): qualify it."""
    m = _DO_UPDATE.search(sql)
    if not m or not columns:
        return sql
    names = set(columns)

    def qualify(c: re.Match) -> str:
        return f"{table}.{c.group(1)}" if c.group(1) in names else c.group(0)
    return sql[:m.end()] + _BARE.sub(qualify, sql[m.end():])


_DO_UPDATE = re.compile(r"\bDO\s+UPDATE\s+SET\s", re.I)
_BARE = re.compile(r"(?<![.\w\"])(\w+)\b(?!\s*=[^=])(?!\s*\()")


def nulls_like_sqlite(sql: str, not_null: frozenset[str] = frozenset()) -> str:
    """Every ORDER BY item with SQLite's place for NULLs made explicit (but a column that
    holds no NULLs: `not_null`). The PostgreSQL schema's indexes sort NULLs as SQLite does,
    so an ordered read still walks them."""
    out, pos = [], 0
    for m in _ORDER.finditer(sql):
        if m.start() < pos:
            continue
        out.append(sql[pos:m.end()])
        end = _order_end(sql, m.end())
        items = _split_items(sql[m.end():end])
        out.append(",".join(_nulls(item, not_null) for item in items))
        pos = end
    out.append(sql[pos:])
    return "".join(out)


def _alias_subqueries(sql: str) -> str:
    """`FROM (SELECT ...)` with no name: SQLite allows it, PostgreSQL before 16 does not."""
    out, pos, n = [], 0, 0
    for m in _FROM_SUBQUERY.finditer(sql):
        if m.start() < pos:
            continue
        end = _closing(sql, m.end() - 1)
        if end < 0:
            break
        if not _NAMED.match(sql, end + 1):
            n += 1
            out.append(sql[pos:end + 1] + f" AS _sub{n}")
            pos = end + 1
    out.append(sql[pos:])
    return "".join(out)


def _scan(sql: str, start: int = 0):
    """(index, character, depth) of each character outside quoted strings from `start`, the
    depth counting the parentheses open before it (a ")" comes with the depth it closes)."""
    depth, quote = 0, ""
    for i in range(start, len(sql)):
        ch = sql[i]
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        else:
            yield i, ch, depth
            depth += 1 if ch == "(" else -1 if ch == ")" else 0


def _closing(sql: str, start: int) -> int:
    """The index of the parenthesis closing the one at `start`, or -1."""
    return next((i for i, ch, depth in _scan(sql, start) if ch == ")" and depth == 1), -1)


_COLUMN = re.compile(r"(?:\w+\.)?(\w+)(?:\s+(?:ASC|DESC))?", re.I)
_FROM_SUBQUERY = re.compile(r"\bFROM\s*\(", re.I)
_NAMED = re.compile(r"\s*(AS\b|(?!(?:WHERE|ORDER|GROUP|LIMIT|JOIN|LEFT|INNER|CROSS|UNION|OFFSET|HAVING|ON)\b)[A-Za-z_])",
                    re.I)


def _order_end(sql: str, start: int) -> int:
    for i, ch, depth in _scan(sql, start):
        if depth > 0:
            continue
        if ch == ")":
            return i
        if ch != "(" and (i == start or not (sql[i - 1].isalnum() or sql[i - 1] == "_")) \
                and _END_OF_ORDER.match(sql, i):
            return i
    return len(sql)


def _split_items(clause: str) -> list[str]:
    cuts = [i for i, ch, depth in _scan(clause) if ch == "," and depth == 0]
    return [clause[a + 1:b] for a, b in zip([-1] + cuts, cuts + [len(clause)])]


def _nulls(item: str, not_null: frozenset[str] = frozenset()) -> str:
    body = item.rstrip()
    trail = item[len(body):]
    words = body.upper().split()
    if not words or "NULLS" in words[-2:]:
        return item
    column = _COLUMN.fullmatch(body.strip())
    if (column and column.group(1) in not_null) or words[-2:] == ["IS", "NULL"]:   # never NULL
        return item
    if words[-1] == "DESC":
        return f"{body} NULLS LAST{trail}"
    return f"{body} NULLS FIRST{trail}"
