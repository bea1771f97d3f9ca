"""review22: ``POST /_fake/config``'s ``quotas`` takes either form docs/testing.md gives
(``{"<name>": seconds}`` or ``{"<name>": {"interval": seconds, "scope": ...}}``), and 0 enforces
none (CHANGELOG: "0 for any quota in ... ``/_fake/config``'s ``quotas``"). The bare 0 works; the
object form's check asks for "a number >= 0" and then refuses the 0 it let through."""

from __future__ import annotations

import aiohttp
import pytest

from kakao_async.testing import FakeKakaoServer, control


@pytest.mark.parametrize(
    "setting", [{"interval": 0}, {"interval": 0, "scope": "app"}], ids=["interval", "and-scope"]
)
async def test_the_object_form_takes_0_as_enforcing_none(setting: dict[str, object]) -> None:
    async with FakeKakaoServer() as fake:
        await control(fake.base_url, "POST", "/_fake/config", {"quotas": {"reports.app": setting}})
        assert fake.quotas.interval("reports.app") == 0


async def test_the_object_forms_other_refusals_still_answer_400() -> None:
    async with FakeKakaoServer() as fake:
        for setting in ({"interval": -1}, {"interval": 0.5, "scope": "planet"}, {"rate": 0}):
            with pytest.raises(aiohttp.ClientResponseError) as caught:
                await control(
                    fake.base_url, "POST", "/_fake/config", {"quotas": {"reports.app": setting}}
                )
            assert caught.value.status == 400
        assert fake.quotas.interval("reports.app") == 5.0  # nothing set by a refused body
