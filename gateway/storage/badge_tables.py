"""The badge tables: the learners' share links of their Open Badges (docs/badges.md).

A share keeps the signed VC-JWT it shows (the public page serves exactly what was signed), the
course it is about (institution, code, titles: no join needed to draw the page) and when the
learner revoked it. The result id is informative only: a re-import may replace results, while
a share stays what it was.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gateway.core.importing import model as limits
from gateway.storage.tables import Base, UTCDateTime


class BadgeShareRow(Base):
    __tablename__ = "badge_shares"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    learner_id: Mapped[int] = mapped_column(
        ForeignKey("learners.id", ondelete="CASCADE"), index=True
    )
    result_id: Mapped[int | None] = mapped_column(Integer)
    institution: Mapped[str] = mapped_column(String(limits.MAX_SCHAC))
    code: Mapped[str] = mapped_column(String(limits.MAX_CODE))
    title_en: Mapped[str] = mapped_column(String(limits.MAX_TITLE))
    title_sv: Mapped[str] = mapped_column(String(limits.MAX_TITLE))
    credential: Mapped[str] = mapped_column(Text)
    carried: Mapped[str] = mapped_column(String(64))  # sha256 of the result as signed
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
