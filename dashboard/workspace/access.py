"""Who may do what: one permission table (role x action) and one function that reads it.

Every read and write of a set in the workspace (`repository.Workspace`) asks `check` first, with the acting user's
role on that set, so the pages and the command line cannot disagree: the pages only hide what the workspace would
refuse anyway. The default is deny: an action the table does not name, a user who is not a member, a disabled user,
are all refused, and the refusal names the role the action needs.

Roles on a set, each able to do what the one before can and more (docs/workspace.md lists them):
- reader: view the set, its history and briefings; issue a briefing; export and download;
- analyst: also write their own draft, save versions, restore an old version;
- reviewer: an analyst who may also review (the review workflow is a separate step);
- owner: also manage the set's members. A set's creator is its owner.
Site administrators may do everything, on every set, and manage users. Creating a set needs the analyst role on
some set (or a site administrator): a first sign-in gives no access at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.words import say, table
from dashboard.workspace.records import WorkspaceError
from dashboard.workspace.tables import LOCAL_EMAIL, LOCAL_NAME, LOCAL_SUBJECT

ROLES = ("reader", "analyst", "reviewer", "owner")  # lowest first

# The permission table: for each action, the roles that may take it. Nothing else decides.
READER, ANALYST, REVIEWER, OWNER = (frozenset(ROLES[i:]) for i in range(len(ROLES)))
PERMISSIONS: dict[str, frozenset[str]] = {
    "view": READER,  # open the set, its versions, history, briefings issued; read one's own draft
    "export": READER,  # download or export a version's YAML, CSV, JSON
    "brief": READER,  # issue (and record) a briefing
    "draft": ANALYST,  # write one's own draft
    "save": ANALYST,  # save a version, import a file as the next version
    "restore": ANALYST,  # an old version again, as a new version
    "review": REVIEWER,  # review a version (workflow to come)
    "manage": OWNER,  # grant and revoke members
    "create": ANALYST,  # create a set (the role is the user's highest on any set)
    "open-round": OWNER,  # open a rating round on a version and name its raters
    "close-round": OWNER,  # close a rating round before every rater has submitted
    "rate": READER,  # submit one's ratings in a round (only a rater the round names: workspace/rounds.py)
    "reconcile": REVIEWER,  # make the consensus version from a closed round (the owner or a reviewer)
}
ACTIONS = tuple(PERMISSIONS)
SITE_ACTIONS = ("manage-users", "backup", "audit-log")  # site administrators only


@dataclass(frozen=True)
class Actor:
    """Who is acting: the identity provider's subject (the key), with email and name for messages."""

    subject: str
    email: str = ""
    name: str = ""

    def __str__(self) -> str:
        return self.email or self.name or self.subject


LOCAL = Actor(LOCAL_SUBJECT, LOCAL_EMAIL, LOCAL_NAME)  # personal mode; the command line without --as


class AccessDenied(WorkspaceError):
    """The acting user may not do this; the message names the role it needs. Nothing was read or written."""


def needed(action: str) -> str | None:
    """The lowest role that may take `action` (None: site administrators only)."""
    allowed = PERMISSIONS.get(action, frozenset())
    return next((r for r in ROLES if r in allowed), None)


def allowed(action: str, role: str | None, *, admin: bool = False, disabled: bool = False) -> bool:
    """The decision: may a user with `role` (None: no role) take `action`? Default deny."""
    if disabled:
        return False
    if admin:
        return True
    return role is not None and role in PERMISSIONS.get(action, frozenset())


def check(
    action: str,
    role: str | None,
    *,
    who: Actor | str,
    set_id: str | None = None,
    admin: bool = False,
    disabled: bool = False,
    known: bool = True,
) -> None:
    """Raise `AccessDenied`, naming the role needed, unless `allowed`. `known` False: no such user in the workspace."""
    if known and allowed(action, role, admin=admin, disabled=disabled):
        return
    if not known:
        raise AccessDenied(say("access.unknown_user", who=str(who)))
    if disabled:
        raise AccessDenied(say("access.disabled", who=str(who)))
    need = needed(action)
    what = table("access_action").get(action, action)
    if need is None:
        raise AccessDenied(say("access.admin_only", who=str(who), what=what))
    if set_id is None:
        raise AccessDenied(say("access.refused_anywhere", who=str(who), what=what, role=need))
    has = say("access.has_role", role=role) if role else say("access.no_role")
    raise AccessDenied(say("access.refused", who=str(who), has=has, set_id=set_id, what=what, role=need))


def check_role(role: str) -> str:
    """`role` if it is one of ROLES, else a `WorkspaceError` naming them."""
    if role not in ROLES:
        raise WorkspaceError(say("access.no_such_role", role=role, roles=", ".join(ROLES)))
    return role
