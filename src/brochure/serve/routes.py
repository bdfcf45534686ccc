"""The desk's pages and actions (Starlette routes). Pages are rendered on the server (Jinja);
htmx swaps the parts that change. Every name the browser sends is checked: a bid by
``bids.bid_path`` (a slug), a case study against the library's cards, a page number as a number."""

from __future__ import annotations

import asyncio
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..settings import LANGUAGES, PDF_VARIANTS
from . import bids, library, suggestions
from .desk import Desk

HERE = Path(__file__).parent
TEMPLATES = Jinja2Templates(directory=str(HERE / "templates"))
MAX_UPLOAD = 20 * 1024 * 1024  # bytes: an annex uploaded from the browser
MAX_LOGO = 5 * 1024 * 1024  # bytes: the buyer's logo
MAX_CONSULTATION = 32 * 1024 * 1024  # bytes: a consultation's document, to rank the library against
KEEPALIVE = 15.0  # seconds between two comments on the event stream


def _desk(request: Request) -> Desk:
    return request.app.state.desk


def _render(request: Request, name: str, status: int = 200, **context) -> Response:
    desk = _desk(request)
    return TEMPLATES.TemplateResponse(request, name, {"desk": desk, "languages": LANGUAGES,
                                                      "variants": PDF_VARIANTS, **context}, status_code=status)


def _refused(message: str, status: int = 400) -> Response:
    return PlainTextResponse(message + "\n", status_code=status)


def _bid(request: Request) -> bids.Bid:
    return _desk(request).bid(request.path_params["name"])


async def index(request: Request) -> Response:
    desk = _desk(request)
    name = request.query_params.get("bid", "")
    bid = desk.bid(name) if name else None
    return _render(request, "index.html", bid=bid, bids=bids.list_bids(desk.tenders),
                   facets=library.facets(desk.cards), **_filtered(request))


def _filtered(request: Request) -> dict:
    query = request.query_params
    chosen = {"term": query.get("term", ""), "year": query.get("year", ""), "q": query.get("q", "")}
    found = library.matching(_desk(request).cards, chosen["term"], chosen["year"], chosen["q"])
    return {"cards": found, "chosen": chosen, "open_bid": query.get("bid", "")}


async def cards(request: Request) -> Response:
    return _render(request, "_cards.html", **_filtered(request))


async def library_state(request: Request) -> Response:
    """How far the library's one-pagers are (polled while they are built)."""
    return _render(request, "_library.html")


async def thumb(request: Request) -> Response:
    slug = request.path_params["slug"]
    desk = _desk(request)
    path = desk.work / "thumbs" / f"{slug}.png"
    if desk.card(slug) is None or not path.is_file():
        return _refused("no thumbnail", 404)
    return FileResponse(path, headers={"cache-control": "no-cache"})


async def create_bid(request: Request) -> Response:
    form = await request.form()
    name = bids.create(_desk(request).tenders, str(form.get("title", "")), str(form.get("buyer", "")))
    return Response(status_code=204, headers={"HX-Redirect": f"/?bid={name}"})


async def bid_panel(request: Request) -> Response:
    return _render(request, "_bid.html", bid=_bid(request))


async def save_bid(request: Request) -> Response:
    form = await request.form()
    desk, name = _desk(request), request.path_params["name"]
    bids.save_fields(desk.tenders, name, {k: str(v) for k, v in form.items()})
    desk.renew_preview(name)
    return _render(request, "_bid.html", bid=_bid(request), saved=True)


async def order(request: Request) -> Response:
    """The references in the order the page sends them (after a drag)."""
    form = await request.form()
    return _set_cases(request, [str(c) for c in form.getlist("cases")])


async def add(request: Request) -> Response:
    form = await request.form()
    return _set_cases(request, _bid(request).cases + [str(form.get("case", ""))])


async def up(request: Request) -> Response:
    """One reference a place higher (the keyboard's way to reorder, besides dragging)."""
    form = await request.form()
    cases, moved = _bid(request).cases, str(form.get("case", ""))
    at = cases.index(moved) if moved in cases else 0
    if at > 0:
        cases[at - 1], cases[at] = cases[at], cases[at - 1]
    return _set_cases(request, cases)


async def remove(request: Request) -> Response:
    form = await request.form()
    gone = str(form.get("case", ""))
    return _set_cases(request, [c for c in _bid(request).cases if c != gone])


def _set_cases(request: Request, cases: list[str]) -> Response:
    desk = _desk(request)
    unknown = [c for c in cases if desk.card(c) is None]
    if unknown:
        return _refused(f"refused: no case study named {unknown[0]!r}")
    bids.set_cases(desk.tenders, request.path_params["name"], cases)
    desk.renew_preview(request.path_params["name"])
    return _render(request, "_refs.html", bid=_bid(request))


async def _body(request: Request, limit: int) -> bytes | None:
    """The request's body (an uploaded file's bytes), or None past ``limit`` bytes: refused on its
    declared length, else counted as it comes, never held whole."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    data = bytearray()
    async for chunk in request.stream():
        data += chunk
        if len(data) > limit:
            return None
    return bytes(data)


def _too_large(limit: int) -> Response:
    return _refused(f"refused: a file uploaded here may hold at most {limit // 1_048_576} MiB", 413)


async def upload(request: Request) -> Response:
    """An annex: the PDF's bytes as the request's body, at most ``MAX_UPLOAD``."""
    data = await _body(request, MAX_UPLOAD)
    if data is None:
        return _too_large(MAX_UPLOAD)
    desk, query = _desk(request), request.query_params
    warnings = bids.add_annex(desk.tenders, request.path_params["name"], data, query.get("filename", ""),
                              query.get("title", ""), desk.config.limits.annex_pages)
    desk.renew_preview(request.path_params["name"])
    return _render(request, "_bid.html", bid=_bid(request), notes=warnings)


async def logo(request: Request) -> Response:
    """The buyer's logo: an image's bytes as the request's body, at most ``MAX_LOGO``."""
    data = await _body(request, MAX_LOGO)
    if data is None:
        return _too_large(MAX_LOGO)
    bids.set_logo(_desk(request).tenders, request.path_params["name"], data,
                  request.query_params.get("filename", ""))
    _desk(request).renew_preview(request.path_params["name"])
    return _render(request, "_bid.html", bid=_bid(request))


async def suggest(request: Request) -> Response:
    """A consultation's document as the request's body (at most ``MAX_CONSULTATION``): the library
    ranked against it, as ``brochure suggest`` does; its name only tells its type (its suffix)."""
    bid, data = _bid(request), await _body(request, MAX_CONSULTATION)
    if data is None:
        error = f"refused: a consultation's document uploaded here may hold at most {MAX_CONSULTATION // 1_048_576} MiB"
        return _render(request, "_suggest.html", 413, bid=bid, report=None, error=error)
    desk = _desk(request)
    report, error = await run_in_threadpool(suggestions.rank_upload, desk.config, desk.work, data,
                                            request.query_params.get("filename", ""))
    return _render(request, "_suggest.html", 400 if error else 200, bid=bid, report=report, error=error)


async def remove_annex(request: Request) -> Response:
    index = request.path_params["index"]
    bids.remove_annex(_desk(request).tenders, request.path_params["name"], index)
    return _render(request, "_bid.html", bid=_bid(request))


KINDS = ("preview", "build")


async def start(request: Request) -> Response:
    desk, bid, kind = _desk(request), _bid(request), request.path_params["kind"]
    if kind not in KINDS:
        return _refused("no such action", 404)
    if not bid.cases:
        return _refused("add references to the bid first")
    job = desk.start_bid(kind, bid.name, bid.path)
    return _render(request, "_job.html", bid=bid, kind=kind, job=job)


async def job_state(request: Request) -> Response:
    desk, bid, kind = _desk(request), _bid(request), request.path_params["kind"]
    if kind not in KINDS:
        return _refused("no such action", 404)
    job = desk.jobs.get(f"{kind}:{bid.name}")
    return _render(request, "_job.html", bid=bid, kind=kind, job=job)


async def page_image(request: Request) -> Response:
    bid, number = _bid(request), request.path_params["number"]
    path = _desk(request).pages(bid.name) / f"{number}.png"
    return FileResponse(path, headers={"cache-control": "no-cache"}) if path.is_file() else _refused("no page", 404)


async def single_image(request: Request) -> Response:
    desk, bid, slug = _desk(request), _bid(request), request.path_params["slug"]
    path = desk.pages(bid.name).parent / "singles" / f"{slug}.png"
    if desk.card(slug) is None or not path.is_file():
        return _refused("no one-pager", 404)
    return FileResponse(path, headers={"cache-control": "no-cache"})


async def download(request: Request) -> Response:
    desk, bid, what = _desk(request), _bid(request), request.path_params["what"]
    job = desk.jobs.get(f"build:{bid.name}")
    found = (job.result.get("brochure" if what == "pdf" else "zip") or "") if job and job.state == "done" else ""
    path = Path(found) if found else None
    if path is None or not path.is_file() or not path.resolve().is_relative_to(desk.out.resolve()):
        return _refused("build the bid first", 404)
    return FileResponse(path, filename=path.name)


async def events(request: Request) -> Response:
    """Server-sent events: "library" when the cards changed, "preview:<bid>" when a preview is ready."""
    desk = _desk(request)
    queue: asyncio.Queue = asyncio.Queue()
    desk.listeners.add(queue)

    async def stream():
        try:
            yield ": connected\n\n"
            while True:
                try:
                    event = await asyncio.wait_for(queue.get(), KEEPALIVE)
                    yield f"data: {event}\n\n"
                except asyncio.TimeoutError:
                    yield ": keepalive\n\n"
        finally:
            desk.listeners.discard(queue)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"cache-control": "no-store"})


NAME = "{name:str}"
ROUTES = [
    Route("/", index),
    Route("/cards", cards),
    Route("/library/state", library_state),
    Route("/thumbs/{slug:str}.png", thumb),
    Route("/events", events),
    Route("/bids", create_bid, methods=["POST"]),
    Route(f"/bids/{NAME}", bid_panel),
    Route(f"/bids/{NAME}", save_bid, methods=["POST"]),
    Route(f"/bids/{NAME}/order", order, methods=["POST"]),
    Route(f"/bids/{NAME}/add", add, methods=["POST"]),
    Route(f"/bids/{NAME}/remove", remove, methods=["POST"]),
    Route(f"/bids/{NAME}/up", up, methods=["POST"]),
    Route(f"/bids/{NAME}/annexes", upload, methods=["POST"]),
    Route(f"/bids/{NAME}/logo", logo, methods=["POST"]),
    Route(f"/bids/{NAME}/suggest", suggest, methods=["POST"]),
    Route(f"/bids/{NAME}/annexes/{{index:int}}/remove", remove_annex, methods=["POST"]),
    Route(f"/bids/{NAME}/{{kind:str}}", start, methods=["POST"]),
    Route(f"/bids/{NAME}/{{kind:str}}/state", job_state),
    Route(f"/bids/{NAME}/pages/{{number:int}}.png", page_image),
    Route(f"/bids/{NAME}/singles/{{slug:str}}.png", single_image),
    Route(f"/bids/{NAME}/download/{{what:str}}", download),
    Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
]
