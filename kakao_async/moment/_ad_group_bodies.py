"""The bodies of ``POST``/``PUT /openapi/v4/adGroups``, checked before anything is sent.

An ad group body is large (targeting, schedule, bids, placements) and Kakao's own validation
of it is thorough, so kakao_async takes it as the JSON object Kakao documents (camelCase keys)
and checks only what it must to send it at all: that it is a mapping of text keys, and the
fields that say which ad group it is about. Creating needs the campaign (``campaign: {"id":
...}``, as Kakao's samples send it) and a ``name``; updating needs the ad group's ``id``. That
it can be sent as JSON is checked as for every body, when the call builds its request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._validate import positive_id, shown
from ..errors import KakaoInputError, KakaoInputTypeError

__all__ = ["create_body", "update_body"]


def _json_object(what: str, body: object) -> dict[str, Any]:
    """``body`` as a dict of its own (the checks below may replace a part of it). Whether it
    can be sent as JSON is the request's own check, made when the call builds it: the bytes
    sent are those of the call, whatever the caller changes in its template afterwards."""
    if not isinstance(body, Mapping):
        raise KakaoInputTypeError(
            f"{what} body must be a mapping (Kakao's JSON object, camelCase keys), "
            f"got {type(body).__name__}"
        )
    for key in body:
        if not isinstance(key, str):
            raise KakaoInputTypeError(f"{what} body keys must be text, got {shown(key)}")
    return dict(body)


def _name(what: str, body: dict[str, Any]) -> None:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        raise KakaoInputError(f"{what} body needs a name (non-empty text), got {shown(name)}")


def create_body(body: object) -> dict[str, Any]:
    """The checked body of a create: ``campaign.id`` and ``name`` present, no ``id``."""
    checked = _json_object("ad_groups.create", body)
    if "id" in checked:
        # Kakao assigns the id; a body with one is most likely meant for update().
        raise KakaoInputError("ad_groups.create body must not carry an id (use update)")
    campaign = checked.get("campaign")
    if not isinstance(campaign, Mapping) or "id" not in campaign:
        raise KakaoInputError('ad_groups.create body needs campaign: {"id": <campaign id>}')
    checked["campaign"] = {**campaign, "id": positive_id("campaign.id", campaign["id"])}
    _name("ad_groups.create", checked)
    return checked


def update_body(body: object) -> dict[str, Any]:
    """The checked body of an update: ``id`` present (a ``name``, if given, non-empty)."""
    checked = _json_object("ad_groups.update", body)
    if "id" not in checked:
        raise KakaoInputError("ad_groups.update body needs the ad group's id")
    checked["id"] = positive_id("id", checked["id"])
    if "name" in checked:
        _name("ad_groups.update", checked)
    return checked
