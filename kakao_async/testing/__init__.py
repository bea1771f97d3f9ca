"""A fake Kakao server for tests, demos and benchmarks: no network, no credentials.

::

    from kakao_async import KakaoClient
    from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

    async with FakeKakaoServer(on_off_interval=0.2) as fake:
        ids = fake.seed(ad_accounts=[1, 2], creatives_per_account=3)
        async with KakaoClient(DEFAULT_TOKEN, ad_account_id=1, moment_base_url=fake.base_url,
                               keyword_base_url=fake.base_url, on_off_interval=0.2) as kakao:
            creative = await kakao.moment.creatives.get(ids[1][0])

The whole guide, with the ``/_fake/*`` HTTP control API: docs/testing.md.
"""

from ._checks import on_off_arrivals, on_off_gaps, quota_gaps
from ._faults import CHAOS_KINDS, FAULT_KINDS, Fault
from ._hierarchy_seeding import SeededAccount
from ._hierarchy_state import FakeAdAccount, FakeAdGroup, FakeCampaign
from ._http import RecordedRequest
from ._oauth import DEFAULT_TOKEN
from ._process import control, fake_server_process
from ._quota import OnOffCall
from ._report_routes import ReportCall
from ._seeding import DEFAULT_CREATIVES_PER_ACCOUNT, MAX_SEEDED
from ._server import FakeKakaoServer
from ._state import FakeKeyword, FakeKeywordCreative, FakeMomentCreative
from ._writes import QuotaCall

__all__ = [
    "CHAOS_KINDS",
    "DEFAULT_CREATIVES_PER_ACCOUNT",
    "DEFAULT_TOKEN",
    "FAULT_KINDS",
    "MAX_SEEDED",
    "FakeAdAccount",
    "FakeAdGroup",
    "FakeCampaign",
    "FakeKakaoServer",
    "FakeKeyword",
    "FakeKeywordCreative",
    "FakeMomentCreative",
    "Fault",
    "OnOffCall",
    "QuotaCall",
    "RecordedRequest",
    "ReportCall",
    "SeededAccount",
    "control",
    "fake_server_process",
    "on_off_arrivals",
    "on_off_gaps",
    "quota_gaps",
]
