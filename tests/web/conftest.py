"""Fixtures of the web tests: a synthetic workspace, app clients and a live uvicorn server."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from starlette.testclient import TestClient

from actorgraph.settings import load_settings
from actorgraph.store.repository import Store
from actorgraph.web import auth
from actorgraph.web.app import WebConfig, create_app

from .corpus import build_store

LOCAL = ("127.0.0.1", 50000)
BASE = "http://127.0.0.1"


@pytest.fixture(scope="session")
def synthetic_workspace(tmp_path_factory) -> Path:
    """The synthetic corpus, built once; tests that change the store use ``workspace_copy``."""
    workspace = tmp_path_factory.mktemp("web-ws")
    build_store(workspace).close()
    return workspace


@pytest.fixture
def workspace_copy(synthetic_workspace, tmp_path) -> Path:
    target = tmp_path / "ws"
    shutil.copytree(synthetic_workspace, target)
    return target


@pytest.fixture
def make_client():
    """make_client(workspace, host=..., require_login=..., client=(ip, port)) -> TestClient."""
    stores: list[Store] = []

    def make(
        workspace: Path,
        host: str = "127.0.0.1",
        require_login: bool = False,
        client: tuple[str, int] = LOCAL,
        base_url: str = BASE,
    ) -> TestClient:
        settings = load_settings(workspace)
        settings.user = "local-tester"
        store = Store(settings.db_url)
        stores.append(store)
        app = create_app(settings, WebConfig(host=host, require_login=require_login), store=store)
        return TestClient(app, base_url=base_url, client=client, follow_redirects=False)

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def client(synthetic_workspace, make_client) -> TestClient:
    """Local mode over the shared synthetic workspace (read-only use)."""
    return make_client(synthetic_workspace)


def add_user(workspace: Path, name: str, role: str, password: str = "correct horse battery") -> None:
    store = Store(load_settings(workspace).db_url)
    with store.transaction() as s:
        auth.add_user(s, name, role, password)
    store.close()


def csrf_of(client: TestClient) -> str:
    """The CSRF token of the client's session (GET /api/me, or the login page when logged out)."""
    r = client.get("/api/me")
    if r.status_code == 200:
        return r.json()["csrf_token"]
    page = client.get("/login").text
    marker = 'name="csrf_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def login(client: TestClient, name: str, password: str = "correct horse battery"):
    return client.post(
        "/login", data={"name": name, "password": password, "next": "/search", "csrf_token": csrf_of(client)}
    )


# ------------------------------------------------------------------ live server for the browser
def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    def __init__(self, workspace: Path):
        self.workspace = workspace
        settings = load_settings(workspace)
        settings.user = "local-tester"
        self.store = Store(settings.db_url)
        self.port = free_port()
        app = create_app(settings, WebConfig(host="127.0.0.1"), store=self.store)
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start within 15 s")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.store.close()


@pytest.fixture
def live_server(workspace_copy) -> Iterator[LiveServer]:
    with LiveServer(workspace_copy) as server:
        yield server


@pytest.fixture
def web_demo_workspace(request, tmp_path) -> Path:
    """A private copy of the demo corpus workspace, or a skip while the pipeline cannot ingest it."""
    try:
        source = request.getfixturevalue("demo_workspace")
    except Exception as exc:  # the pipeline is being built by others; the synthetic corpus covers the rest
        pytest.skip(f"the demo corpus cannot be ingested yet: {type(exc).__name__}: {exc}")
    target = tmp_path / "demo"
    shutil.copytree(source, target)
    return target
