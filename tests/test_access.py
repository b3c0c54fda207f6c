"""Who may do what, called on the workspace layer directly: each role x each action -> allowed, or refused with a
message naming the role needed (docs/workspace.md lists the table). SQLite and PostgreSQL alike."""

from __future__ import annotations

import pytest

from dashboard.settings import DEFAULT_DATA
from dashboard.workspace import access as A
from dashboard.workspace.access import AccessDenied, Actor
from dashboard.workspace.repository import Workspace
from tests.people import member
from tests.test_store import seeded, ws  # noqa: F401  (the store's fixtures: both backends)

SET = DEFAULT_DATA.stem
ROLES = [None, "reader", "analyst", "reviewer", "owner"]


def _content(w: Workspace) -> tuple[str, int]:
    v = w.version(SET)
    return v.content, v.rubric.pk


# Each action as the workspace layer takes it, on the bundled set, as `w`; `admin` is the administrator's workspace.
ACTIONS = {
    "view": lambda w, admin: w.history(SET),
    "export": lambda w, admin: w.version(SET, 1),
    "brief": lambda w, admin: w.record_briefing(
        SET, 1, from_draft=False, content="c", options={}, pdf=b"%PDF", author="x"
    ),
    "draft": lambda w, admin: w.put_draft(SET, 1, _content(admin)[1], "draft", "x"),
    "save": lambda w, admin: w.save(SET, *_content(admin), base=1, author="x", message="m"),
    "restore": lambda w, admin: w.restore(SET, 1, base=1, author="x"),
    "manage": lambda w, admin: w.grant(SET, "admin@localhost", "owner"),
    "create": lambda w, admin: w.create_set("New", *_content(admin), author="x", message="m"),
}
# The expected table, written out by hand: role -> the actions it may take.
MAY = {
    None: set(),
    "reader": {"view", "export", "brief"},
    "analyst": {"view", "export", "brief", "draft", "save", "restore", "create"},
    "reviewer": {"view", "export", "brief", "draft", "save", "restore", "create"},
    "owner": {"view", "export", "brief", "draft", "save", "restore", "manage", "create"},
}
NEEDS = {"view": "reader", "export": "reader", "brief": "reader", "draft": "analyst", "save": "analyst"}
NEEDS |= {"restore": "analyst", "manage": "owner", "create": "analyst"}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_each_role_may_take_exactly_its_actions_and_a_refusal_names_the_role_needed(seeded, role, action):  # noqa: F811
    # Creating a set counts the user's highest role on any set: here, their role on the bundled set.
    user = member(seeded, "ann", role)
    if action in MAY[role]:
        ACTIONS[action](user, seeded)
        return
    with pytest.raises(AccessDenied) as refused:
        ACTIONS[action](user, seeded)
    message = str(refused.value)
    assert f"needs the {NEEDS[action]} role" in message and "ann@example.org" in message


def test_the_table_is_the_one_written_out_above():
    for role in ROLES[1:]:
        assert {a for a in ACTIONS if A.allowed(a, role)} == MAY[role]
    assert not any(A.allowed(a, None) for a in A.ACTIONS)  # default deny
    assert not A.allowed("an action nobody named", "owner")
    assert all(A.allowed(a, None, admin=True) for a in (*A.ACTIONS, *A.SITE_ACTIONS))
    assert not any(A.allowed(a, "owner", admin=True, disabled=True) for a in A.ACTIONS)


def test_a_non_member_sees_no_set_and_no_draft_of_anyone(seeded):  # noqa: F811
    ann, bob = member(seeded, "ann", "analyst"), member(seeded, "bob", None)
    ann.put_draft(SET, 1, _content(seeded)[1], "ann's draft", "Ann")
    assert [s.id for s in ann.sets()] == [SET] and bob.sets() == []
    assert bob.find_version_by_content(_content(seeded)[0]) is None
    with pytest.raises(AccessDenied, match="is not a member of"):
        bob.draft(SET)
    seeded.grant(SET, "bob@example.org", "analyst")
    assert bob.draft(SET) is None  # a member now, and still not Ann's draft


def test_a_first_sign_in_has_no_access_and_a_disabled_user_is_refused_everything(seeded):  # noqa: F811
    info = seeded.sign_in("sub-123", "New@Example.org", "New Person")
    assert (info.email, info.site_admin, info.disabled) == ("new@example.org", False, False)
    new = seeded.acting(Actor("sub-123", "new@example.org"))
    assert new.sets() == [] and not new.may("view", SET) and not new.may("create")
    ann = member(seeded, "ann", "owner")
    seeded.disable_user("ann@example.org")
    assert ann.sets() == []
    with pytest.raises(AccessDenied, match="disabled"):
        ann.history(SET)


def test_an_unknown_user_is_refused_and_told_who_adds_users(seeded):  # noqa: F811
    with pytest.raises(AccessDenied, match="users add"):
        seeded.acting(Actor("nobody", "nobody@example.org")).history(SET)


def test_users_added_by_email_are_claimed_at_first_sign_in_and_keep_their_roles(seeded):  # noqa: F811
    seeded.add_user("carol@example.org", "Carol")
    seeded.grant(SET, "carol@example.org", "reader")
    seeded.sign_in("oidc|carol", "carol@example.org", "Carol C.")
    carol = seeded.acting(Actor("oidc|carol", "carol@example.org"))
    assert carol.role(SET) == "reader" and [s.id for s in carol.sets()] == [SET]


@pytest.mark.parametrize(("verified", "claims"), [(True, True), (None, True), (False, False)])
def test_an_entry_added_by_email_is_claimed_only_by_an_address_the_provider_has_not_called_unverified(
    seeded,  # noqa: F811
    verified,
    claims,
):
    seeded.add_user("dave@example.org", "Dave")
    seeded.grant(SET, "dave@example.org", "analyst")
    user = seeded.sign_in("oidc|someone", "Dave@Example.org", "Someone", email_verified=verified)
    who = seeded.acting(Actor("oidc|someone", user.email))
    assert (who.role(SET) == "analyst") is claims
    assert (user.email == "dave@example.org") is claims


def test_a_set_keeps_an_owner_and_its_creator_owns_a_new_one(seeded):  # noqa: F811
    with pytest.raises(Exception, match="no owner"):
        seeded.revoke(SET, "admin@localhost")
    ann = member(seeded, "ann", "analyst")
    info = ann.create_set("Ann's", *_content(seeded), author="Ann", message="m")
    assert ann.role(info.set_id) == "owner" and [m.email for m in ann.members(info.set_id)] == ["ann@example.org"]


def test_only_site_administrators_manage_users(seeded):  # noqa: F811
    owner = member(seeded, "ann", "owner")
    with pytest.raises(AccessDenied, match="site administrators"):
        owner.add_user("x@example.org")
    assert [u.email for u in seeded.users()] == ["admin@localhost", "ann@example.org"]
