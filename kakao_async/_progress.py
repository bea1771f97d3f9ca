"""A bulk job's progress: the snapshot type and the callback that receives it."""

from __future__ import annotations

from collections.abc import Callable

import attrs

from ._validate import positive_number

__all__ = ["Progress", "ProgressCallback", "eta_seconds"]


def eta_seconds(answer: object) -> float | None:
    """An estimate's answer as :attr:`Progress.eta`: ``None`` stays unknown, a number below 0
    (running late) is 0.0; anything else that is not a finite number of seconds (text, a bool,
    NaN) is a broken estimate: :func:`positive_number`'s error."""
    if answer is None:
        return None
    if isinstance(answer, (int, float)) and not isinstance(answer, bool) and answer < 0:
        return 0.0
    return positive_number("an estimate's seconds left", answer, allow_zero=True)


@attrs.frozen(kw_only=True)
class Progress:
    """A snapshot of a bulk job."""

    #: Input items in the job.
    total: int
    #: Items finished, successfully or not.
    done: int
    #: Items finished with an error.
    failed: int
    #: Seconds since the job started.
    elapsed: float
    #: Estimated seconds until the last item finishes (``None`` before there is a basis).
    eta: float | None

    @property
    def remaining(self) -> int:
        """Items without a result yet."""
        return self.total - self.done

    @property
    def fraction(self) -> float:
        """Share of items with a result, 0.0 to 1.0 (1.0 for an empty job)."""
        return self.done / self.total if self.total else 1.0

    def __str__(self) -> str:
        eta = "?" if self.eta is None else f"{self.eta:.1f}s"
        return (
            f"{self.done}/{self.total} done, {self.failed} failed, {self.elapsed:.1f}s, ETA {eta}"
        )


#: Called with a fresh :class:`Progress` after every finished item.
ProgressCallback = Callable[[Progress], None]
