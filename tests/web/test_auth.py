"""Accounts, sessions, roles, CSRF and the failed-login rate limit."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from actorgraph.settings import load_settings
from actorgraph.store.models import UserRow
from actorgraph.store.repository import Store
from actorgraph.web import auth

from .conftest import add_user, csrf_of, login


def test_local_mode_needs_loopback_bind_client_and_host(workspace_copy, make_client):
    assert make_client(workspace_copy).get("/api/me").json()["local"] is True
    # Bound to every interface: anonymous requests are refused, even from loopback.
    assert make_client(workspace_copy, host="0.0.0.0").get("/api/entities").status_code == 401
    # A request from another machine (e.g. through a proxy) is refused.
    remote = make_client(workspace_copy, client=("192.0.2.7", 40000))
    assert remote.get("/api/entities").status_code == 401
    page = remote.get("/search")
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    # A Host header that is not loopback (DNS rebinding) gets no local analyst either.
    rebound = make_client(workspace_copy, base_url="http://evil.example")
    assert rebound.get("/api/entities").status_code == 401
    # --require-login forces logins on loopback too.
    assert make_client(workspace_copy, require_login=True).get("/api/entities").status_code == 401


def test_local_mode_ends_once_an_account_exists(workspace_copy, make_client):
    add_user(workspace_copy, "ana", "analyst")
    assert make_client(workspace_copy).get("/api/entities").status_code == 401


def test_passwords_are_stored_as_argon2_hashes(workspace_copy):
    add_user(workspace_copy, "ana", "analyst", "s3cret-password")
    store = Store(load_settings(workspace_copy).db_url)
    with store.session() as s:
        row = s.scalar(select(UserRow).where(UserRow.name == "ana"))
        assert row.password_hash.startswith("$argon2id$")
        assert "s3cret-password" not in row.password_hash
        assert auth.verify_password(row.password_hash, "s3cret-password")
        assert not auth.verify_password(row.password_hash, "wrong")
    store.close()


def test_login_sets_a_hardened_session_cookie(workspace_copy, make_client):
    add_user(workspace_copy, "vic", "viewer")
    c = make_client(workspace_copy, host="0.0.0.0")
    r = login(c, "vic")
    assert r.status_code == 303 and r.headers["location"] == "/search"
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/" in cookie
    me = c.get("/api/me").json()
    assert (me["name"], me["role"], me["local"]) == ("vic", "viewer", False)
    assert c.get("/api/entities").status_code == 200
    # Logging out ends the session.
    assert c.post("/logout", data={"csrf_token": csrf_of(c)}).status_code == 303
    assert c.get("/api/entities").status_code == 401


def test_tampered_cookie_is_ignored(workspace_copy, make_client):
    add_user(workspace_copy, "vic", "viewer")
    c = make_client(workspace_copy, host="0.0.0.0")
    login(c, "vic")
    value = c.cookies.get(auth.SESSION_COOKIE)
    c.cookies.clear()
    tampered = value[:-3] + ("AAA" if not value.endswith("AAA") else "BBB")
    assert c.get("/api/entities", headers={"Cookie": f"{auth.SESSION_COOKIE}={value}"}).status_code == 200
    assert c.get("/api/entities", headers={"Cookie": f"{auth.SESSION_COOKIE}={tampered}"}).status_code == 401


def test_open_redirect_after_login_is_refused(workspace_copy, make_client):
    add_user(workspace_copy, "vic", "viewer")
    c = make_client(workspace_copy, host="0.0.0.0")
    r = c.post(
        "/login",
        data={
            "name": "vic",
            "password": "correct horse battery",
            "next": "//evil.example/x",
            "csrf_token": csrf_of(c),
        },
    )
    assert r.headers["location"] == "/"


def test_viewer_reads_but_cannot_review(workspace_copy, make_client):
    add_user(workspace_copy, "vic", "viewer")
    c = make_client(workspace_copy, host="0.0.0.0")
    login(c, "vic")
    token = csrf_of(c)
    assert c.get("/review").status_code == 200
    r = c.post("/review/merge", data={"keep": "1", "other": "2", "reason": "x", "csrf_token": token})
    assert r.status_code == 403
    r = c.post("/api/review/reject", json={"fact_id": 1, "reason": "x"}, headers={"X-CSRF-Token": token})
    assert r.status_code == 403
    assert c.get("/admin/users").status_code == 403
    assert c.get("/api/audit").json() == []


def test_analyst_reviews_admin_manages_accounts(workspace_copy, make_client):
    add_user(workspace_copy, "ana", "analyst")
    add_user(workspace_copy, "root", "admin")
    analyst = make_client(workspace_copy, host="0.0.0.0")
    login(analyst, "ana")
    r = analyst.post(
        "/review/reject", data={"fact_id": "1", "reason": "wrong date", "csrf_token": csrf_of(analyst)}
    )
    assert r.status_code == 303, r.text
    assert analyst.get("/api/audit").json()[0]["author"] == "ana"
    assert analyst.get("/admin/users").status_code == 403
    admin = make_client(workspace_copy, host="0.0.0.0")
    login(admin, "root")
    r = admin.post(
        "/admin/users",
        data={"name": "newbie", "role": "viewer", "password": "long enough pw", "csrf_token": csrf_of(admin)},
    )
    assert r.status_code == 303
    assert "newbie" in admin.get("/admin/users").text
    admin.post("/admin/users/delete", data={"name": "ana", "csrf_token": csrf_of(admin)})
    assert analyst.get("/api/entities").status_code == 401  # removed account: its session ends


def test_csrf_token_required_on_every_state_change(workspace_copy, make_client):
    add_user(workspace_copy, "ana", "analyst")
    c = make_client(workspace_copy, host="0.0.0.0")
    # Even the login form needs the token.
    assert c.post("/login", data={"name": "ana", "password": "correct horse battery"}).status_code == 403
    login(c, "ana")
    assert c.post("/review/reject", data={"fact_id": "1", "reason": "x"}).status_code == 403
    assert (
        c.post("/review/reject", data={"fact_id": "1", "reason": "x", "csrf_token": "forged"}).status_code
        == 403
    )
    assert c.post("/api/review/reject", json={"fact_id": 1, "reason": "x"}).status_code == 403
    assert (
        c.post(
            "/api/review/reject", json={"fact_id": 1, "reason": "x"}, headers={"X-CSRF-Token": "forged"}
        ).status_code
        == 403
    )
    assert c.get("/api/audit").json() == []
    # Local mode is no exception.
    local = make_client(workspace_copy)
    assert local.post("/api/review/reject", json={"fact_id": 1, "reason": "x"}).status_code in (401, 403)


def test_failed_logins_are_rate_limited(workspace_copy, make_client):
    add_user(workspace_copy, "ana", "analyst")
    c = make_client(workspace_copy, host="0.0.0.0")
    token = csrf_of(c)
    for _ in range(auth.MAX_FAILURES):
        r = c.post("/login", data={"name": "ana", "password": "wrong", "csrf_token": token})
        assert r.status_code == 401
    r = c.post("/login", data={"name": "ana", "password": "correct horse battery", "csrf_token": token})
    assert r.status_code == 429  # even the right password, until the window passes
    # Another address is not blocked by this one's failures.
    other = make_client(workspace_copy, host="0.0.0.0", client=("192.0.2.9", 1234))
    assert login(other, "ana").status_code == 303


def test_rate_limit_window_expires(workspace_copy):
    add_user(workspace_copy, "ana", "analyst")
    store = Store(load_settings(workspace_copy).db_url)
    past = datetime.now(UTC) - timedelta(minutes=10)
    with store.transaction() as s:
        for _ in range(auth.MAX_FAILURES):
            assert auth.authenticate(s, "ana", "wrong", "10.0.0.1", now=past) is None
    with store.transaction() as s:
        assert auth.authenticate(s, "ana", "correct horse battery", "10.0.0.1").name == "ana"
    with store.transaction() as s:
        for _ in range(auth.MAX_FAILURES):
            auth.authenticate(s, "ana", "wrong", "10.0.0.1")
    with store.transaction() as s, pytest.raises(auth.RateLimited):
        auth.authenticate(s, "ana", "correct horse battery", "10.0.0.1")
    store.close()


def test_account_rules(workspace_copy):
    store = Store(load_settings(workspace_copy).db_url)
    with store.transaction() as s:
        with pytest.raises(auth.ActorgraphError):
            auth.add_user(s, "x", "superuser", "long enough")
        with pytest.raises(auth.ActorgraphError):
            auth.add_user(s, "x", "viewer", "short")
        with pytest.raises(auth.ActorgraphError):
            auth.add_user(s, "has space", "viewer", "long enough")
        auth.add_user(s, "x", "viewer", "long enough")
    with store.transaction() as s, pytest.raises(auth.ActorgraphError):
        auth.add_user(s, "x", "viewer", "long enough")
    store.close()


def test_cli_user_commands(workspace_copy):
    from typer.testing import CliRunner

    from actorgraph.cli import app, state

    runner = CliRunner()
    state.store = None
    r = runner.invoke(
        app,
        ["-w", str(workspace_copy), "user", "add", "cli-admin", "--role", "admin", "--password-stdin"],
        input="a long password\n",
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["-w", str(workspace_copy), "user", "list"])
    assert "cli-admin" in r.output and "admin" in r.output
    r = runner.invoke(
        app,
        ["-w", str(workspace_copy), "user", "add", "bad", "--role", "boss", "--password-stdin"],
        input="a long password\n",
    )
    assert r.exit_code == 1
    state.store.close()
    state.store = None


def test_serve_refuses_a_public_bind_without_accounts(workspace_copy):
    from typer.testing import CliRunner

    from actorgraph.cli import app, state

    state.store = None
    r = CliRunner().invoke(app, ["-w", str(workspace_copy), "serve", "--host", "0.0.0.0", "--port", "1"])
    assert r.exit_code == 1
    assert "user add" in r.output
    state.store.close()
    state.store = None
