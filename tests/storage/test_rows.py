"""FixedSelect: the same values as SQLAlchemy's own execution, in one round trip, clear errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import BindParameter, bindparam, column, select, table
from sqlalchemy.exc import DBAPIError

from gateway.core.demo import KARIN_PERSONNUMMER
from gateway.core.records import ResultStatus
from gateway.storage.database import Database
from gateway.storage.mapping import TRANSCRIPT_COLUMNS
from gateway.storage.repositories import _TRANSCRIPT
from gateway.storage.rows import FixedSelect
from gateway.storage.tables import LearnerRow
from tests.storage.helpers import count_queries


async def test_rows_are_what_sqlalchemy_returns_for_the_same_select(seeded_db: Database) -> None:
    params = {"national_id": KARIN_PERSONNUMMER}
    async with seeded_db.reader() as connection:
        fixed = await _TRANSCRIPT.rows(connection, params)
        through_sqlalchemy = (await connection.execute(_TRANSCRIPT.query, params)).all()
    assert [tuple(row) for row in fixed] == [tuple(row) for row in through_sqlalchemy]
    assert len(fixed) > 20
    names = [f"{c.table.name}.{c.key}" for c in TRANSCRIPT_COLUMNS]
    columns = {name: [row[i] for row in fixed] for i, name in enumerate(names)}
    assert {type(v) for v in columns["learners.birth_date"]} == {date}
    assert {type(v) for v in columns["results.status"]} == {ResultStatus}
    assert {type(v) for v in columns["results.result_date"] if v is not None} == {date}
    assert {type(v) for v in columns["opportunities.credits"] if v is not None} == {Decimal}


async def test_a_learner_without_rows_is_an_empty_list(seeded_db: Database) -> None:
    async with seeded_db.reader() as connection:
        assert await _TRANSCRIPT.rows(connection, {"national_id": "19991231-9999"}) == []


async def test_one_statement_per_read(seeded_db: Database) -> None:
    with count_queries(seeded_db) as statements:
        async with seeded_db.reader() as connection:
            await _TRANSCRIPT.rows(connection, {"national_id": KARIN_PERSONNUMMER})
    assert len(statements) == 1, statements
    assert statements[0].lstrip().upper().startswith("SELECT")


def test_a_list_parameter_is_refused_when_the_select_is_made() -> None:
    ids: BindParameter[str] = bindparam("ids", expanding=True)
    query = select(LearnerRow.id).where(LearnerRow.national_id.in_(ids))
    with pytest.raises(TypeError, match="not lists: \\['ids'\\]"):
        FixedSelect(query)


async def test_a_database_error_is_sqlalchemys_error(seeded_db: Database) -> None:
    missing = FixedSelect(select(column("x")).select_from(table("no_such_table")))
    async with seeded_db.reader() as connection:
        with pytest.raises(DBAPIError, match="no_such_table"):
            await missing.rows(connection)
