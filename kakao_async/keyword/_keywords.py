"""Kakao Keyword Ad v1 keywords: ``/openapi/v1/keywords``."""

from __future__ import annotations

from .._service import Service
from .._validate import configs, positive_id
from ..endpoints import KEYWORD_KEYWORD_LIST
from ..models import Config, Keyword

__all__ = ["KeywordKeywords"]

#: The builtin, under a name the ``list`` method below cannot shadow in annotations.
_List = list


class KeywordKeywords(Service):
    """Keywords (키워드) of Kakao Keyword Ad: the search terms an ad group's creatives show for."""

    __slots__ = ()

    async def list(
        self,
        *,
        ad_group_id: int,
        config: Config | str | None = None,
        ad_account_id: int | None = None,
        timeout: float | None = None,
    ) -> _List[Keyword]:
        """``GET /openapi/v1/keywords``: every keyword of an ad group, in one answer (no quota).

        ``config`` is one state (``ON``, ``OFF`` or ``DEL``); without it Kakao answers ``ON`` and
        ``OFF``.
        """
        params = [("adGroupId", str(positive_id("ad_group_id", ad_group_id)))]
        if config is not None:
            (state,) = configs([config], allowed=KEYWORD_KEYWORD_LIST.states)
            params.append(("config", state.value))
        request = self._request(
            KEYWORD_KEYWORD_LIST,
            ad_account_id=ad_account_id,
            params=tuple(params),
            timeout=timeout,
        )
        keywords: _List[Keyword] = await self._send(request)
        return keywords

    def __repr__(self) -> str:
        return "<KeywordKeywords /openapi/v1/keywords>"
