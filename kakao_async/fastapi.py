"""FastAPI integration (``pip install 'kakao-async[fastapi]'``).

One :class:`~kakao_async.KakaoClient` per application, opened and closed by the app's lifespan;
a dependency that hands it to routes; a registry of background bulk jobs for progress endpoints;
and error handlers that turn Kakao's errors into sensible HTTP answers::

    app = FastAPI(lifespan=kakao_lifespan(lambda: KakaoClient(token, ad_account_id=1234)))
    install_error_handlers(app)

    @app.get("/creatives/{creative_id}")
    async def creative(creative_id: int, kakao: Kakao):
        return unstructure(await kakao.moment.creatives.get(creative_id))
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import math
import secrets
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Annotated, Any

try:
    from fastapi import Depends, FastAPI, HTTPException, Request
    from fastapi.responses import JSONResponse
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError(
        "kakao_async.fastapi needs FastAPI: pip install 'kakao-async[fastapi]'"
    ) from exc

from ._bulk import BulkJob, ItemResult
from ._client import KakaoClient
from ._validate import positive_int
from .errors import (
    KakaoAPIError,
    KakaoClosedError,
    KakaoError,
    KakaoInputError,
    KakaoLimiterError,
    KakaoNotFoundError,
    KakaoRateLimitError,
)
from .models import unstructure

__all__ = [
    "BulkJobs",
    "Jobs",
    "Kakao",
    "get_jobs",
    "get_kakao",
    "install_error_handlers",
    "kakao_lifespan",
]


class BulkJobs:
    """Background bulk jobs by id. Finished jobs are kept up to ``keep_finished`` (an integer
    >= 0), oldest dropped first, so a long-running service does not grow without bound."""

    def __init__(self, *, keep_finished: int = 1000) -> None:
        self._jobs: collections.OrderedDict[str, BulkJob[Any, Any]] = collections.OrderedDict()
        self._ids = itertools.count(1)
        # Each registry (one per worker process, one per restart) numbers its jobs under a
        # prefix of its own: a poll a load balancer sends to another worker answers 404, never
        # that worker's job of the same number (nor cancels it).
        self._prefix = secrets.token_hex(4)
        self._keep = positive_int("keep_finished", keep_finished, allow_zero=True)
        #: The JSON view of each finished job's results, by job id.
        self._results: dict[str, list[dict[str, Any] | None]] = {}

    def __repr__(self) -> str:
        running = sum(1 for job in self._jobs.values() if not job.done())
        return f"<BulkJobs {len(self._jobs)} jobs, {running} running>"

    def add(self, job: BulkJob[Any, Any]) -> str:
        """Register a started job; returns its id: this registry's own random prefix and a
        number (``"3f9a1c2e-1"``), so ids of different workers or restarts never collide."""
        job_id = f"{self._prefix}-{next(self._ids)}"
        self._jobs[job_id] = job
        finished = [k for k, j in self._jobs.items() if j.done()]
        for k in finished[: max(0, len(finished) - self._keep)]:
            del self._jobs[k]
            self._results.pop(k, None)
        return job_id

    def get(self, job_id: str) -> BulkJob[Any, Any]:
        """The job, or HTTP 404."""
        job = self._jobs.get(job_id)
        if job is None:
            raise HTTPException(status_code=404, detail=f"no bulk job {job_id}")
        return job

    def status(self, job_id: str) -> dict[str, Any]:
        """A JSON-ready view of a job: progress always, per-item results once it has ended.

        Each result is ``{"item", "ok", "value", "skipped", "superseded", "error"}``: ``item``
        and ``value`` as JSON (models with Kakao's camelCase keys, as
        :func:`~kakao_async.models.unstructure` gives them; a config as ``"ON"``; anything
        else JSON cannot hold as its text), ``error`` as ``"<class>: <message>"``. ``None`` for
        an item a cancelled job never finished."""
        job = self.get(job_id)
        p = job.progress
        body: dict[str, Any] = {
            "jobId": job_id,
            "state": "running" if not job.done() else "cancelled" if _cancelled(job) else "done",
            "total": p.total,
            "done": p.done,
            "failed": p.failed,
            "elapsed": round(p.elapsed, 3),
            "eta": None if p.eta is None else round(p.eta, 3),
        }
        if job.done():
            results = self._results.get(job_id)
            if results is None:  # built once: a finished job's results never change
                results = self._results[job_id] = [_result(r) for r in job.results]
            body["results"] = results
        return body

    async def aclose(self) -> None:
        """Cancel every running job and wait for them."""
        running = [j for j in self._jobs.values() if not j.done()]
        for job in running:
            job.cancel()
        for job in running:
            # watch() ends with the job and leaves it be: a CancelledError here is this task's
            # (a shutdown deadline), never the job's, even when both come in one loop iteration.
            async for _ in job.watch():
                pass
            if not job.cancelled():
                # Ended, so this returns at once; a job that failed while being cancelled has
                # its error retrieved here (its items say why), not logged as never retrieved.
                with contextlib.suppress(Exception):
                    await job.result()

    def __len__(self) -> int:
        return len(self._jobs)


def _cancelled(job: BulkJob[Any, Any]) -> bool:
    return job.cancelled()


def _result(result: ItemResult[Any, Any] | None) -> dict[str, Any] | None:
    if result is None:
        return None
    error = result.error
    return {
        "item": _json(unstructure(result.item)),
        "ok": result.ok,
        "value": _json(unstructure(result.value)),
        "skipped": result.skipped,
        "superseded": result.superseded,
        "error": None if error is None else f"{type(error).__name__}: {error}",
    }


def _json(data: Any) -> Any:
    """Unstructured ``data`` as what ``json.dumps(..., allow_nan=False)`` takes, whatever a
    custom job returned: enums as their text, non-finite floats as None, the rest as text."""
    if data is None or type(data) in (str, int, bool):
        return data
    if isinstance(data, float):
        return float(data) if math.isfinite(data) else None
    if isinstance(data, str):
        return str.__str__(data)  # a str enum (Config.ON) as plain "ON"
    if isinstance(data, int):
        return int.__int__(data)
    if isinstance(data, Mapping):
        return {str(k): _json(v) for k, v in data.items()}
    if isinstance(data, (list, tuple, set, frozenset)):
        return [_json(v) for v in data]
    return str(data)


def kakao_lifespan(
    factory: Callable[[], KakaoClient],
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """A lifespan that opens one client at start-up (``app.state.kakao``), keeps a
    :class:`BulkJobs` registry (``app.state.kakao_jobs``), and closes both at shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = factory()
        jobs = BulkJobs()
        app.state.kakao = client
        app.state.kakao_jobs = jobs
        try:
            yield
        finally:
            try:
                await jobs.aclose()
            finally:
                await client.aclose()  # also when closing the jobs was cut short

    return lifespan


def get_kakao(request: Request) -> KakaoClient:
    """Dependency: the application's client (prefer the :data:`Kakao` parameter type)."""
    client: KakaoClient = request.app.state.kakao
    return client


def get_jobs(request: Request) -> BulkJobs:
    """Dependency: the application's bulk-job registry (prefer the :data:`Jobs` type)."""
    jobs: BulkJobs = request.app.state.kakao_jobs
    return jobs


# What Kakao and Jobs depend on: FastAPI runs a plain ``def`` dependency in its thread pool, a
# thread hop per request for an attribute read. get_kakao / get_jobs stay plain functions, as
# 0.2 made them, for code that calls them directly.
async def _kakao(request: Request) -> KakaoClient:
    return get_kakao(request)


async def _jobs(request: Request) -> BulkJobs:
    return get_jobs(request)


#: Route parameter type for the application's client: ``kakao: Kakao``.
Kakao = Annotated[KakaoClient, Depends(_kakao)]
#: Route parameter type for the bulk-job registry: ``jobs: Jobs``.
Jobs = Annotated[BulkJobs, Depends(_jobs)]


def _error_body(exc: Exception) -> dict[str, Any]:
    body: dict[str, Any] = {"error": type(exc).__name__, "detail": str(exc)}
    if isinstance(exc, KakaoAPIError):
        body |= {"kakaoCode": exc.code, "detailCode": exc.detail_code, "detailMsg": exc.detail_msg}
    return body


def install_error_handlers(app: FastAPI) -> None:
    """Answer kakao_async's errors, and only those, with fitting statuses.

    ==========================================  ======
    :class:`~kakao_async.KakaoInputError`       422    an argument the library refused (its
                                                       :class:`KakaoInputTypeError` too)
    :class:`~kakao_async.KakaoNotFoundError`    404
    :class:`~kakao_async.KakaoRateLimitError`   429
    :class:`~kakao_async.KakaoLimiterError`     503    the shared quota limiter is down
    :class:`~kakao_async.KakaoClosedError`      503    the client was closed (the app is
                                                       shutting down)
    :class:`~kakao_async.KakaoAuthError`        502    the server's own credential, not the caller's
    any other :class:`~kakao_async.KakaoError`  502
    ==========================================  ======

    Other exceptions, the application's own ``ValueError`` and ``TypeError`` included, are left
    to FastAPI (500). The body is ``{"error": <class name>, "detail": <text>}``, plus Kakao's
    ``kakaoCode``, ``detailCode`` and ``detailMsg`` for an API error; it never holds a token.
    A 429 whose error carries Kakao's ``Retry-After`` (``retry_after``) passes it on as a
    ``Retry-After`` header, in whole seconds rounded up.
    """

    async def kakao_error(request: Request, exc: Exception) -> JSONResponse:
        status = _status(exc)
        return JSONResponse(_error_body(exc), status_code=status, headers=_retry_after(exc, status))

    app.add_exception_handler(KakaoError, kakao_error)


def _retry_after(exc: Exception, status: int) -> dict[str, str] | None:
    """Kakao's ``Retry-After``, passed on with a 429 or 503 (the answers HTTP gives it to), in
    whole seconds rounded up: the caller is never told to come back sooner than Kakao said."""
    seconds = getattr(exc, "retry_after", None)
    if status not in (429, 503) or not isinstance(seconds, (int, float)):
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return {"Retry-After": str(math.ceil(seconds))}


def _status(exc: Exception) -> int:
    if isinstance(exc, KakaoInputError):
        return 422
    if isinstance(exc, KakaoNotFoundError):
        return 404
    if isinstance(exc, KakaoRateLimitError):
        return 429
    if isinstance(exc, (KakaoLimiterError, KakaoClosedError)):
        return 503  # nothing failed at Kakao: this service cannot ask it now
    return 502  # Kakao failed, or refused the server's credential: a bad gateway either way
