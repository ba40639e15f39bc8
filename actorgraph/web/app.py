"""The offline web workbench: FastAPI pages (Jinja2, autoescaped) and the JSON API behind them.

Every script, style and map layer is served from ``static/`` (see static/vendor/VERSIONS); the
Content-Security-Policy allows nothing else. Document text is untrusted: it is only ever rendered
as escaped text, and a document's raw HTML is never sent to the browser.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.templating import Jinja2Templates

from actorgraph.analyse import queries, review
from actorgraph.errors import ActorgraphError, NotFoundError
from actorgraph.settings import Settings
from actorgraph.store.models import FactRow
from actorgraph.web import analysis, auth, data
from actorgraph.web.auth import User

HERE = Path(__file__).parent
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
ENTITY_TYPES = ("Person", "Organization", "Location")


@dataclass
class WebConfig:
    host: str = "127.0.0.1"
    require_login: bool = False


class LoginRequired(Exception):
    pass


# ------------------------------------------------------------------ request context
def current_user(request: Request) -> User | None:
    return request.state.user


def viewer(request: Request) -> User:
    user = request.state.user
    if user is None:
        raise LoginRequired()
    return user


def analyst(user: Annotated[User, Depends(viewer)]) -> User:
    if not user.can("analyst"):
        raise HTTPException(403, "analysts and admins only: your role is " + user.role)
    return user


def admin(user: Annotated[User, Depends(viewer)]) -> User:
    if not user.can("admin"):
        raise HTTPException(403, "admins only: your role is " + user.role)
    return user


def get_db(request: Request):
    with request.app.state.store.session() as s:
        yield s


DB = Annotated[Session, Depends(get_db)]
Viewer = Annotated[User, Depends(viewer)]
Analyst = Annotated[User, Depends(analyst)]
Admin = Annotated[User, Depends(admin)]


async def check_csrf(request: Request) -> None:
    """Every state-changing request carries the session's CSRF token (form field or header)."""
    if request.method in SAFE_METHODS:
        return
    supplied = request.headers.get(auth.CSRF_HEADER)
    if not supplied and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(auth.CSRF_FIELD)
        supplied = value if isinstance(value, str) else None
    if not auth.csrf_ok(request.state.session, supplied):
        raise HTTPException(403, "CSRF token missing or wrong: reload the page and try again")


def _host_is_loopback(request: Request) -> bool:
    host = request.headers.get("host", "")
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.lower() in LOOPBACK_HOSTS


# ------------------------------------------------------------------ the app
def create_app(settings: Settings, config: WebConfig | None = None, store=None) -> FastAPI:
    """The workbench over a workspace's store (opened here unless given)."""
    config = config or WebConfig()
    if store is None:
        from actorgraph.store.repository import Store

        settings.workspace.mkdir(parents=True, exist_ok=True)
        store = Store(settings.db_url)
    codec = auth.SessionCodec(auth.load_secret(settings.workspace))
    app = FastAPI(
        title="actorgraph workbench",
        version="1",
        docs_url=None,
        redoc_url=None,
        dependencies=[Depends(check_csrf)],
        description="JSON API of the actorgraph web workbench. Read routes need a viewer; "
        "review routes an analyst and the X-CSRF-Token header.",
    )
    app.state.store = store
    app.state.settings = settings
    app.state.config = config
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["q"] = lambda v: quote(str(v if v is not None else ""), safe="")
    templates = Jinja2Templates(env=env)

    def local_mode_possible() -> bool:
        if config.require_login or not auth.is_loopback(config.host):
            return False
        with store.session() as s:
            return auth.user_count(s) == 0

    def resolve_user(session: dict, request: Request) -> User | None:
        name = session.get("u")
        if name:
            with store.session() as s:
                return auth.get_user(s, name)
        client = request.client.host if request.client else None
        if auth.is_loopback(client) and _host_is_loopback(request) and local_mode_possible():
            return User(settings.user, "analyst", local=True)
        return None

    @app.middleware("http")
    async def session_and_headers(request: Request, call_next):
        raw = request.cookies.get(auth.SESSION_COOKIE)
        session = codec.loads(raw)
        fresh = session is None
        request.state.session = session or auth.new_session()
        request.state.session_dirty = fresh
        request.state.user = await run_in_threadpool(resolve_user, request.state.session, request)
        if request.state.session.get("u") and request.state.user is None:  # account removed
            request.state.session = auth.new_session()
            request.state.session_dirty = True
        response = await call_next(request)
        for k, v in SECURITY_HEADERS.items():
            response.headers.setdefault(k, v)
        if not request.url.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        if request.state.session_dirty:
            response.set_cookie(
                auth.SESSION_COOKIE,
                codec.dumps(request.state.session),
                max_age=auth.SESSION_SECONDS,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
                path="/",
            )
        return response

    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, _exc: LoginRequired):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "log in first"}, status_code=401)
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, exc: NotFoundError):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return page(request, "error.html", {"title": "Not found", "message": str(exc)}, status=404)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException):
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        return page(
            request,
            "error.html",
            {"title": f"Error {exc.status_code}", "message": str(exc.detail)},
            status=exc.status_code,
        )

    def page(request: Request, name: str, context: dict, status: int = 200) -> HTMLResponse:
        user = request.state.user
        ctx = {
            "user": user,
            "csrf": request.state.session["c"],
            "path": request.url.path,
            "local_mode": bool(user and user.local),
            "bind_host": config.host,
            **context,
        }
        return templates.TemplateResponse(request, name, ctx, status_code=status)

    # -------------------------------------------------------------- login
    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request, next: str = "/"):
        return page(request, "login.html", {"title": "Log in", "next": _local_path(next), "error": None})

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        name: Annotated[str, Form()],
        password: Annotated[str, Form()],
        next: Annotated[str, Form()] = "/",
    ):
        ip = request.client.host if request.client else "?"
        try:
            with store.transaction() as s:
                user = auth.authenticate(s, name, password, ip)
        except auth.RateLimited as exc:
            return page(
                request,
                "login.html",
                {"title": "Log in", "next": _local_path(next), "error": str(exc)},
                status=429,
            )
        if user is None:
            return page(
                request,
                "login.html",
                {"title": "Log in", "next": _local_path(next), "error": "wrong name or password"},
                status=401,
            )
        request.state.session = auth.new_session(user.name)  # a new session (and CSRF token) on login
        request.state.session_dirty = True
        return RedirectResponse(_local_path(next), status_code=303)

    @app.post("/logout", include_in_schema=False)
    def logout(request: Request):
        request.state.session = auth.new_session()
        request.state.session_dirty = True
        return RedirectResponse("/login", status_code=303)

    # -------------------------------------------------------------- pages
    @app.get("/favicon.ico", include_in_schema=False)
    def favicon():
        return Response(status_code=204)

    @app.get("/", include_in_schema=False)
    def home(_user: Viewer):
        return RedirectResponse("/search", status_code=303)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, _user: Viewer, s: DB, q: str = "", kind: str = "all", type: str = ""):
        results = _search(s, store, q, kind, type) if q.strip() else None
        top = data.entity_list(s, type or None, None, 30) if not q.strip() else []
        return page(
            request,
            "search.html",
            {
                "title": "Search",
                "q": q,
                "kind": kind,
                "etype": type,
                "results": results,
                "top": top,
                "entity_types": ENTITY_TYPES,
            },
        )

    @app.get("/entities", response_class=HTMLResponse, include_in_schema=False)
    def entities_page(request: Request, _user: Viewer, s: DB, type: str = ""):
        return page(
            request,
            "entities.html",
            {
                "title": "Entities",
                "etype": type,
                "entity_types": ENTITY_TYPES,
                "entities": data.entity_list(s, type or None, None, 1000),
            },
        )

    @app.get("/entities/{entity_id}", response_class=HTMLResponse, include_in_schema=False)
    def entity_page(request: Request, entity_id: int, _user: Viewer, s: DB):
        info = data.entity_page(s, entity_id)
        return page(
            request,
            "entity.html",
            {"title": info["entity"]["name"], "e": info, "p": analysis.profile_view(s, entity_id)},
        )

    @app.get("/documents", response_class=HTMLResponse, include_in_schema=False)
    def documents_page(request: Request, _user: Viewer, s: DB):
        return page(request, "documents.html", {"title": "Documents", "documents": data.document_list(s)})

    @app.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, document_id: int, _user: Viewer, s: DB, hl: int | None = None):
        doc = data.document_view(s, document_id, hl)
        return page(request, "document.html", {"title": doc["title"] or doc["source"], "d": doc})

    @app.get("/network", response_class=HTMLResponse, include_in_schema=False)
    def network_page(request: Request, _user: Viewer, s: DB):
        return page(
            request,
            "network.html",
            {"title": "Network", "predicates": data.relation_predicates(s), "entity_types": ENTITY_TYPES},
        )

    @app.get("/timeline", response_class=HTMLResponse, include_in_schema=False)
    def timeline_page(request: Request, _user: Viewer, s: DB, actor: str = ""):
        actor_id = int(actor) if actor.isdigit() else None
        actors = [e for e in data.all_entities(s) if e["type"] != "Location" and e["mentions"]]
        return page(
            request,
            "timeline.html",
            {"title": "Timeline", "t": data.timeline(s, actor_id), "actors": actors, "actor": actor_id},
        )

    @app.get("/map", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request, _user: Viewer, s: DB):
        evs = data.events(s)
        return page(
            request,
            "map.html",
            {"title": "Map", "located": sum(1 for e in evs if e["lat"] is not None), "total": len(evs)},
        )

    @app.get("/claims", response_class=HTMLResponse, include_in_schema=False)
    def claims_page(request: Request, _user: Viewer, s: DB):
        found = analysis.contradiction_list(s)
        return page(
            request,
            "claims.html",
            {
                "title": "Claims",
                "groups": analysis.mark_claims(data.claims(s, include_rejected=True), found),
                "contradictions": found,
                "funding": data.funding(s),
            },
        )

    def review_context(s, **extra) -> dict:
        facts = []
        for kind in data.KINDS:
            facts += data.fact_dicts(
                s, list(s.scalars(select(FactRow).where(FactRow.kind == kind).order_by(FactRow.id)))
            )
        return {
            "title": "Review",
            "entities": data.all_entities(s),
            "facts": facts,
            "audit": review.audit_log(s),
            "message": None,
            "error": None,
            **extra,
        }

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request, _user: Viewer, s: DB, msg: str = ""):
        return page(request, "review.html", review_context(s, message=msg or None))

    def judged(request: Request, action) -> Response:
        try:
            with store.transaction() as s:
                message = action(s)
        except ActorgraphError as exc:
            with store.session() as s:
                return page(request, "review.html", review_context(s, error=str(exc)), status=400)
        return RedirectResponse(f"/review?msg={quote(message, safe='')}", status_code=303)

    @app.post("/review/merge", include_in_schema=False)
    def merge_form(
        request: Request,
        user: Analyst,
        keep: Annotated[str, Form()],
        other: Annotated[str, Form()],
        reason: Annotated[str, Form()] = "",
    ):
        return judged(request, lambda s: f"merged into {review.merge(s, keep, other, user.name, reason)}")

    @app.post("/review/split", include_in_schema=False)
    def split_form(
        request: Request, user: Analyst, name: Annotated[str, Form()], reason: Annotated[str, Form()] = ""
    ):
        return judged(request, lambda s: (review.split(s, name, user.name, reason), f"split off {name}")[1])

    @app.post("/review/reject", include_in_schema=False)
    def reject_form(
        request: Request, user: Analyst, fact_id: Annotated[int, Form()], reason: Annotated[str, Form()] = ""
    ):
        return judged(
            request, lambda s: (review.reject(s, fact_id, user.name, reason), f"rejected fact {fact_id}")[1]
        )

    # -------------------------------------------------------------- accounts (admins)
    @app.get("/admin/users", response_class=HTMLResponse, include_in_schema=False)
    def users_page(request: Request, _user: Admin, s: DB, msg: str = ""):
        return page(
            request,
            "users.html",
            {
                "title": "Accounts",
                "users": auth.list_users(s),
                "roles": auth.ROLES,
                "message": msg or None,
                "error": None,
            },
        )

    @app.post("/admin/users", include_in_schema=False)
    def add_user_form(
        request: Request,
        _user: Admin,
        name: Annotated[str, Form()],
        role: Annotated[str, Form()],
        password: Annotated[str, Form()],
    ):
        try:
            with store.transaction() as s:
                auth.add_user(s, name, role, password)
        except ActorgraphError as exc:
            with store.session() as s:
                return page(
                    request,
                    "users.html",
                    {
                        "title": "Accounts",
                        "users": auth.list_users(s),
                        "roles": auth.ROLES,
                        "message": None,
                        "error": str(exc),
                    },
                    status=400,
                )
        return RedirectResponse(f"/admin/users?msg={quote('added ' + name, safe='')}", status_code=303)

    @app.post("/admin/users/delete", include_in_schema=False)
    def delete_user_form(user: Admin, name: Annotated[str, Form()]):
        if name == user.name:
            raise HTTPException(400, "you cannot remove your own account while logged in with it")
        with store.transaction() as s:
            auth.remove_user(s, name)
        return RedirectResponse(f"/admin/users?msg={quote('removed ' + name, safe='')}", status_code=303)

    # -------------------------------------------------------------- JSON API
    @app.get("/api/entities", tags=["entities"], summary="Entities, most mentioned first")
    def api_entities(
        _user: Viewer,
        s: DB,
        type: str | None = None,
        q: str | None = None,
        limit: Annotated[int, Query(ge=1, le=5000)] = 200,
    ) -> list[dict]:
        return data.entity_list(s, type, q, limit)

    @app.get(
        "/api/entities/{entity_id}",
        tags=["entities"],
        summary="An entity's profile: aliases, mentions per document with quotes, facts by kind",
    )
    def api_entity(entity_id: int, _user: Viewer, s: DB) -> dict:
        return data.entity_page(s, entity_id)

    @app.get(
        "/api/entities/{entity_id}/profile",
        tags=["entities"],
        summary="The cited profile (as `actorgraph profile --format json`), each citation linked to "
        "its supporting sentence",
    )
    def api_profile(entity_id: int, _user: Viewer, s: DB) -> dict:
        return analysis.profile_view(s, entity_id)

    @app.get("/api/documents", tags=["documents"], summary="Current documents with their metadata")
    def api_documents(_user: Viewer, s: DB, q: str | None = None) -> list[dict]:
        return data.document_list(s, q)

    @app.get(
        "/api/documents/{document_id}",
        tags=["documents"],
        summary="A document: metadata, text, segments, sentences, mentions, citations (never raw HTML)",
    )
    def api_document(document_id: int, _user: Viewer, s: DB) -> dict:
        doc = data.document_view(s, document_id)
        doc.pop("blocks")
        return doc

    @app.get("/api/relations", tags=["facts"], summary="Relations with their evidence")
    def api_relations(
        _user: Viewer,
        s: DB,
        predicate: Annotated[list[str] | None, Query()] = None,
        entity: int | None = None,
        start: str | None = None,
        end: str | None = None,
        include_rejected: bool = False,
    ) -> list[dict]:
        return data.relations(s, predicate, entity, start, end, include_rejected)

    @app.get(
        "/api/events", tags=["facts"], summary="Events (type, date, place, lat/lon, precision) with evidence"
    )
    def api_events(
        _user: Viewer,
        s: DB,
        actor: int | None = None,
        type: str | None = None,
        start: str | None = None,
        end: str | None = None,
        include_rejected: bool = False,
    ) -> list[dict]:
        return data.events(s, actor, type, start, end, include_rejected)

    @app.get(
        "/api/claims",
        tags=["facts"],
        summary="Claims grouped by subject and quantity; disagrees_with lists non-overlapping ranges, "
        "contradicts the contradictions (as /api/contradictions numbers them) each claim takes part in",
    )
    def api_claims(
        _user: Viewer,
        s: DB,
        subject: int | None = None,
        quantity: str | None = None,
        include_rejected: bool = False,
    ) -> list[dict]:
        return analysis.mark_claims(
            data.claims(s, subject, quantity, include_rejected), analysis.contradiction_list(s)
        )

    @app.get(
        "/api/contradictions",
        tags=["facts"],
        summary="What `actorgraph contradictions` reports: disagreeing figures (also a component's "
        "estimate exceeding its whole's), conflicting leaders, contradictory relation dates; both "
        "sides with their sources",
    )
    def api_contradictions(_user: Viewer, s: DB, entity: int | None = None) -> list[dict]:
        return analysis.contradiction_list(s, entity)

    @app.get("/api/funding", tags=["facts"], summary="Funding sources with evidence")
    def api_funding(_user: Viewer, s: DB) -> list[dict]:
        return data.funding(s)

    @app.get("/api/facts/{fact_id}", tags=["facts"], summary="One fact with its evidence sentences")
    def api_fact(fact_id: int, _user: Viewer, s: DB) -> dict:
        return data.fact_detail(s, fact_id)

    @app.get(
        "/api/graph",
        tags=["graph"],
        summary="Cytoscape elements: actors (sized by mentions; part_of as compound parents) and relations",
    )
    def api_graph(
        _user: Viewer,
        s: DB,
        predicate: Annotated[list[str] | None, Query()] = None,
        type: Annotated[list[str] | None, Query()] = None,
        start: str | None = None,
        end: str | None = None,
        limit: Annotated[int, Query(ge=1, le=5000, description="relations drawn, best-supported first")] = (
            data.GRAPH_LIMIT),
    ) -> dict:
        return data.graph(s, predicate, type, start, end, limit)

    @app.get("/api/search", tags=["search"], summary="Search entities, documents and sentence text (FTS)")
    def api_search(_user: Viewer, s: DB, q: str = "", kind: str = "all", type: str | None = None) -> dict:
        return _search(s, store, q, kind, type or "")

    @app.get("/api/timeline", tags=["facts"], summary="Dated events and relations placed on a time axis")
    def api_timeline(_user: Viewer, s: DB, actor: int | None = None) -> dict:
        return data.timeline(s, actor)

    @app.get("/api/audit", tags=["review"], summary="Analyst judgements, newest first")
    def api_audit(_user: Viewer, s: DB) -> list[dict]:
        return [_judgement(j) for j in review.audit_log(s)]

    @app.post("/api/review/merge", tags=["review"], summary="Merge entity `other` into `keep` (ids or names)")
    def api_merge(body: MergeBody, user: Analyst) -> dict:
        with store.transaction() as s:
            return {"kept": _judge(lambda: review.merge(s, body.keep, body.other, user.name, body.reason))}

    @app.post(
        "/api/review/split", tags=["review"], summary="Split an alias off the entity it was merged into"
    )
    def api_split(body: SplitBody, user: Analyst) -> dict:
        with store.transaction() as s:
            _judge(lambda: review.split(s, body.name, user.name, body.reason))
        return {"split": body.name}

    @app.post("/api/review/reject", tags=["review"], summary="Reject a fact, with a reason")
    def api_reject(body: RejectBody, user: Analyst) -> dict:
        with store.transaction() as s:
            _judge(lambda: review.reject(s, body.fact_id, user.name, body.reason))
        return {"rejected": body.fact_id}

    @app.get("/api/me", tags=["session"], summary="Who the session is, and the CSRF token for API writes")
    def api_me(request: Request, user: Viewer) -> dict:
        return {
            "name": user.name,
            "role": user.role,
            "local": user.local,
            "csrf_token": request.state.session["c"],
        }

    return app


class MergeBody(BaseModel):
    keep: str = Field(description="entity id or name to keep")
    other: str = Field(description="entity id or name merged into it")
    reason: str = ""


class SplitBody(BaseModel):
    name: str
    reason: str = ""


class RejectBody(BaseModel):
    fact_id: int
    reason: str


def _judge(fn):
    try:
        return fn()
    except NotFoundError as exc:
        raise HTTPException(404, str(exc)) from exc
    except ActorgraphError as exc:
        raise HTTPException(400, str(exc)) from exc


def _judgement(j) -> dict:
    return {
        "id": j.id,
        "kind": j.kind,
        "target": j.target,
        "reason": j.reason,
        "author": j.author,
        "at": j.at.isoformat() if j.at else None,
    }


def _local_path(target: str) -> str:
    """A redirect target on this site only (no scheme, no host, no protocol-relative //)."""
    parts = urlsplit(target or "/")
    if (
        parts.scheme
        or parts.netloc
        or not target.startswith("/")
        or target.startswith("//")
        or "\\" in target
    ):
        return "/"
    return target


def _search(s, store, q: str, kind: str, etype: str) -> dict:
    q = q.strip()
    out: dict = {"q": q, "entities": [], "documents": [], "text": []}
    if not q:
        return out
    if kind in ("all", "entities"):
        out["entities"] = data.entity_list(s, etype or None, q, 50)
    if kind in ("all", "documents"):
        out["documents"] = data.document_list(s, q)[:50]
    if kind in ("all", "text"):
        try:
            hits = queries.search_text(s, store, q, 50)
        except Exception:  # an FTS syntax the engine refuses: no text hits rather than an error page
            hits = []
        out["text"] = [
            {
                "document_id": h.document_id,
                "title": h.title,
                "sentence_id": h.sentence_id,
                "snippet": h.snippet,
                "parts": _snippet_parts(h.snippet),
            }
            for h in hits
        ]
    return out


def _snippet_parts(snippet: str) -> list[dict]:
    """FTS snippet text split on its [match] markers, for highlighting without markup."""
    parts, rest = [], snippet
    while "[" in rest and "]" in rest[rest.index("[") :]:
        a = rest.index("[")
        b = rest.index("]", a)
        if a:
            parts.append({"text": rest[:a], "match": False})
        parts.append({"text": rest[a + 1 : b], "match": True})
        rest = rest[b + 1 :]
    if rest:
        parts.append({"text": rest, "match": False})
    return parts
