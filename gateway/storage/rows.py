"""Plain rows of a fixed Core select in one driver round trip (aiosqlite: one thread hop, not four).

SQLAlchemy's aiosqlite adapter spends four thread hops on a SELECT (make a cursor, execute,
fetch, close; ~60 µs each on a 2-vCPU VM, bench/elmo.py), aiosqlite's own ``execute_fetchall``
one. For the read behind every EMREX, wallet and OOTS answer (a learner's transcript)
``FixedSelect`` compiles the statement once per dialect and applies the column types' result
processors itself, so the values are the ones ``connection.execute`` returns. asyncpg runs in
the event loop (no hops to save) and goes through ``connection.execute``, as does SQLite when
the engine logs its statements (``echo``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Dialect, Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

_Processor = Callable[[Any], Any]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    parameter_names: tuple[str, ...]
    processors: tuple[tuple[int, _Processor], ...]  # (column index, result processor)

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        return tuple(values[name] for name in self.parameter_names)

    def process(self, row: Sequence[Any]) -> tuple[Any, ...]:
        if not self.processors:
            return tuple(row)
        values = list(row)
        for index, processor in self.processors:
            values[index] = processor(values[index])
        return tuple(values)


class FixedSelect:
    """A Core select with fixed bind parameters (no ``IN`` lists) read as plain tuples."""

    def __init__(self, query: Select[*tuple[Any, ...]]) -> None:
        lists = sorted(bind.key for bind in query.compile().binds.values() if bind.expanding)
        if lists:
            raise TypeError(f"FixedSelect takes one value per parameter, not lists: {lists}")
        self.query = query
        self._sqlite: _Compiled | None = None

    async def rows(
        self, connection: AsyncConnection, params: Mapping[str, Any] | None = None
    ) -> Sequence[Sequence[Any]]:
        values = params or {}
        if connection.dialect.name != "sqlite" or connection.engine.echo:
            result = await connection.execute(self.query, dict(values))
            return list(result.all())
        compiled = self._sqlite or self._compile(connection.dialect)
        arguments = compiled.parameters(values)
        driver: Any = (await connection.get_raw_connection()).driver_connection
        try:
            fetched = await driver.execute_fetchall(compiled.sql, arguments)
        except sqlite3.Error as exc:
            raise DBAPIError.instance(compiled.sql, arguments, exc, sqlite3.Error) from exc
        return [compiled.process(row) for row in fetched]

    def _compile(self, dialect: Dialect) -> _Compiled:
        compiled = self.query.compile(dialect=dialect)
        for bind in compiled.binds.values():
            if bind.type.dialect_impl(dialect).bind_processor(dialect) is not None:
                raise TypeError(f"FixedSelect passes values as they are: {bind.key} needs a type")
        processors = []
        for index, column in enumerate(self.query.selected_columns):
            processor = column.type.dialect_impl(dialect).result_processor(dialect, None)
            if processor is not None:
                processors.append((index, processor))
        names = tuple(compiled.positiontup or ())
        self._sqlite = _Compiled(str(compiled), names, tuple(processors))
        return self._sqlite
