"""The two hooks through which :class:`~kakao_async.RefreshingToken` shares its refresh token
with the caller's store: ``on_refresh`` (a rotation, to persist) and ``load_refresh_token``
(what the store holds now, perhaps rotated by another process).

Each may be a plain function or a coroutine function, and each is the caller's code in the
middle of a refresh every call waits on: it must neither cost the tokens Kakao has already
issued nor stall the client, and what it raises may quote a token, so only its class name is
logged (on ``kakao_async.auth``, as the refresh's own lines are).
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Callable

from ._secret import Secret
from ._token_checks import as_secret, check_secret

logger = logging.getLogger("kakao_async.auth")

__all__ = ["load_stored", "persist"]


async def persist(
    on_refresh: Callable[[str, str], object], access: Secret, refresh: Secret, timeout: float
) -> None:
    """Hand the new tokens to ``on_refresh``. Kakao has already rotated them, so a callback
    that raises (its store is down) must not cost them: they stay in use, and the error is
    logged. One that does not return within ``timeout`` is cancelled and logged so: the
    refresh is shared, and every call of the client would wait on it."""
    try:
        outcome: object = on_refresh(access.reveal(), refresh.reveal())
        # A plain function may answer what its store answered (redis-py's set(): True):
        # only an awaitable is awaited, anything else means it has done its work.
        if inspect.isawaitable(outcome):
            waiting = asyncio.ensure_future(outcome)
            done: set[asyncio.Future[object]] = set()
            try:
                done, _ = await asyncio.wait([waiting], timeout=timeout)
            finally:
                if not done:  # given up, or the refresh itself was cancelled
                    waiting.cancel()
                    # Nobody awaits it now: what it raises on its way out (its text may
                    # quote a token) would reach asyncio's "never retrieved" log whole.
                    waiting.add_done_callback(_late)
            if not done:
                logger.error(
                    "on_refresh did not return within %ss: it was cancelled; the new tokens "
                    "are kept and used, but may not have been persisted",
                    timeout,
                )
                return
            waiting.result()
    except Exception as exc:
        logger.error(
            "on_refresh raised %s: the new tokens are kept and used, but were not persisted",
            type(exc).__name__,
        )


async def load_stored(load: Callable[[], object], timeout: float) -> Secret | None:
    """The refresh token ``load()`` returns (awaited within ``timeout`` if awaitable), checked
    as the constructor checks one; ``None`` when it holds none, fails or hangs: the refresh
    then goes on with the token already held."""
    try:
        loaded: object = load()
        if inspect.isawaitable(loaded):
            loaded = await asyncio.wait_for(loaded, timeout)
    except Exception as exc:
        logger.error(
            "load_refresh_token raised %s: the refresh token already held is used",
            type(exc).__name__,
        )
        return None
    if loaded is None:
        return None
    try:
        if not isinstance(loaded, (str, Secret)):
            raise TypeError(type(loaded).__name__)
        return check_secret("refresh_token", as_secret("refresh_token", loaded))
    except (TypeError, ValueError) as exc:
        # A file's trailing newline, say: never the value itself in the log.
        logger.error(
            "load_refresh_token returned no usable refresh token (%s: text with whitespace or "
            "control characters, or not text): the one already held is used",
            type(exc).__name__,
        )
        return None


def _late(task: asyncio.Future[object]) -> None:
    """An ``on_refresh`` given up on has ended: what it raised, by class name only."""
    if not task.cancelled() and (exc := task.exception()) is not None:
        logger.error("on_refresh raised %s after it was cancelled", type(exc).__name__)
