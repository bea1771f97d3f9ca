"""A fake Kakao server for tests, demos and benchmarks: no network, no credentials.

::

    from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer

    async with FakeKakaoServer(on_off_interval=0.2) as fake:
        fake.seed(ad_accounts=[1, 2], creatives_per_account=3)
        async with KakaoClient(DEFAULT_TOKEN, moment_base_url=fake.base_url,
                               keyword_base_url=fake.base_url, on_off_interval=0.2) as kakao:
            ...
"""

from ._checks import on_off_arrivals, on_off_gaps
from ._faults import Fault
from ._http import RecordedRequest
from ._oauth import DEFAULT_TOKEN
from ._process import control, fake_server_process
from ._quota import OnOffCall
from ._report_routes import ReportCall
from ._server import FakeKakaoServer
from ._state import FakeKeywordCreative, FakeMomentCreative

__all__ = [
    "DEFAULT_TOKEN",
    "FakeKakaoServer",
    "FakeKeywordCreative",
    "FakeMomentCreative",
    "Fault",
    "OnOffCall",
    "RecordedRequest",
    "ReportCall",
    "control",
    "fake_server_process",
    "on_off_arrivals",
    "on_off_gaps",
]
