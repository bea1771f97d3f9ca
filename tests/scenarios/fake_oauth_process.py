"""The fake Kakao server in its own process with an OAuth app, for workers that refresh their
tokens (``python -m tests.scenarios.fake_oauth_process INTERVAL CLIENT_ID REFRESH_TOKEN ROTATE``).
Prints ``listening on URL``; on SIGUSR1 every access token it issued answers 401 from then on
(``fake.expire_access_tokens()``, which the HTTP control API does not offer); on SIGUSR2 it
prints ``refreshes N`` (``fake.token_refreshes``)."""

from __future__ import annotations

import asyncio
import signal
import sys

from kakao_async.testing import FakeKakaoServer


async def main(interval: float, client_id: str, refresh_token: str, rotate: bool) -> None:
    async with FakeKakaoServer(on_off_interval=interval) as fake:
        fake.add_oauth_client(client_id=client_id, refresh_token=refresh_token, rotate=rotate)
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGUSR1, fake.expire_access_tokens)
        loop.add_signal_handler(
            signal.SIGUSR2, lambda: print(f"refreshes {fake.token_refreshes}", flush=True)
        )
        stop = asyncio.Event()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        print(f"listening on {fake.base_url}", flush=True)
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main(float(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4] == "rotate"))
