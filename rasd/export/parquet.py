"""Parquet: the flat columns of `rasd.export.columns`, typed, written in row groups.

Types: text as strings; codes (types, statuses, countries, outlets, categories) as
dictionary-encoded strings; counts and offsets as int64; quantities and calibres as
float64; yes/no as booleans; `*_day` columns as date32; lists (a story's actors, a
document's warnings) as lists of strings. Rows are gathered `ROW_GROUP` at a time and
written as one row group, so memory holds one group whatever the store's size.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import BinaryIO

from rasd.errors import ExportError
from rasd.export.columns import TABLES, Column

ROW_GROUP = 20_000       # rows per row group: ~10-30 MB of Python values for events, read back in one go


def _pyarrow():
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ExportError("Parquet needs pyarrow: pip install 'rasd[export]'") from None
    return pa, pq


def arrow_type(pa, column: Column):
    return {"str": pa.string(), "code": pa.dictionary(pa.int32(), pa.string()), "int": pa.int64(),
            "float": pa.float64(), "bool": pa.bool_(), "day": pa.date32(), "list": pa.list_(pa.string())}[column.kind]


def schema(kind: str):
    pa, _ = _pyarrow()
    return pa.schema([pa.field(c.name, arrow_type(pa, c)) for c in TABLES[kind].columns])


def _value(column: Column, value):
    if value is None:
        return None
    if column.kind == "day":
        return dt.date.fromisoformat(value)
    if column.kind == "float":
        return float(value)
    return value


def write_parquet(kind: str, rows: Iterable[dict], f: BinaryIO, *, row_group: int = ROW_GROUP) -> int:
    pa, pq = _pyarrow()
    table = TABLES[kind]
    sch = schema(kind)
    n = 0
    with pq.ParquetWriter(f, sch, compression="zstd") as writer:
        group: list[dict] = []

        def flush() -> None:
            arrays = [pa.array([_value(c, r.get(c.name)) for r in group], type=arrow_type(pa, c))
                      for c in table.columns]
            writer.write_table(pa.Table.from_arrays(arrays, schema=sch))
            group.clear()

        for row in rows:
            group.append(table.flatten(row))
            n += 1
            if len(group) >= row_group:
                flush()
        if group or n == 0:
            flush()          # an empty export is still a file with the schema
    return n
