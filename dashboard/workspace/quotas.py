"""Per-user limits on what one person can add to the workspace (issue 23): three 5 MB uploads became permanent sets
and cost every later page load seconds of CPU. A user (not a site administrator: they restore backups and run
personal mode) may create at most `MAX_NEW_SETS_PER_HOUR` sets in an hour, and the sets they own may hold at most
`MAX_STORED_BYTES` of versions. The workspace asks `check` inside the transaction that would add the set or version,
so the pages and the command line cannot disagree; a refusal names the limit and what to do. Sizes are counted as
the database counts text (characters, which are bytes for the ASCII most YAML is).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from dashboard.settings import MAX_NEW_SETS_PER_HOUR, MAX_STORED_BYTES
from dashboard.words import say
from dashboard.workspace import records as R
from dashboard.workspace.records import WorkspaceError
from dashboard.workspace.tables import MembershipRow, SetRow, UserRow, VersionRow


class QuotaExceeded(WorkspaceError):
    """The acting user has reached one of their limits; nothing was written."""


def check(s: Session, user: UserRow, *, new_set: bool, adding: int) -> None:
    """Refuse (`QuotaExceeded`) a new set past the hourly limit, or `adding` bytes past the stored-bytes limit."""
    if user.site_admin:
        return
    owned = select(MembershipRow.set_id).where(MembershipRow.user_pk == user.pk, MembershipRow.role == "owner")
    if new_set:
        since = R.now() - dt.timedelta(hours=1)
        recent = s.scalar(
            select(func.count()).select_from(SetRow).where(SetRow.id.in_(owned), SetRow.created_at >= since)
        )
        if (recent or 0) >= MAX_NEW_SETS_PER_HOUR:
            raise QuotaExceeded(say("quota.sets_per_hour", limit=MAX_NEW_SETS_PER_HOUR))
    stored = s.scalar(
        select(func.coalesce(func.sum(func.length(VersionRow.content)), 0)).where(VersionRow.set_id.in_(owned))
    )
    if int(stored or 0) + adding > MAX_STORED_BYTES:
        raise QuotaExceeded(say("quota.stored_bytes", stored=int(stored or 0), adding=adding, limit=MAX_STORED_BYTES))
