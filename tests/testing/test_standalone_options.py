"""``python -m kakao_async.testing``'s options as parsed: the defaults a bare run gets and the
order ``--help`` lists them in (the refusals are pinned in test_standalone.py)."""

from __future__ import annotations

import re

import pytest

from kakao_async.testing.__main__ import _parse


def test_a_bare_run_gets_the_documented_defaults() -> None:
    assert vars(_parse([])) == {
        "host": "127.0.0.1",
        "port": 8080,
        "on_off_interval": None,
        "quota": [],
        "token": None,  # DEFAULT_TOKEN is applied when serving, so --token replaces it
        "latency": (0.0, 0.0),
        "seed_accounts": 0,
        "seed_creatives": None,  # the per-account default, applied only with --seed-accounts
        "seed_campaigns": 0,
        "seed_keyword": 0,
    }


def test_repeatable_options_collect_every_value() -> None:
    args = _parse(["--quota", "reports.app=0.2", "--quota", "campaigns.onOff=0.1"])
    assert args.quota == [("reports.app", 0.2), ("campaigns.onOff", 0.1)]
    assert _parse(["--token", "a", "--token", "b"]).token == ["a", "b"]


#: The standalone fake's options, in the order --help lists them.
OPTIONS = (
    "--host",
    "--port",
    "--on-off-interval",
    "--quota",
    "--token",
    "--latency",
    "--seed-accounts",
    "--seed-creatives",
    "--seed-campaigns",
    "--seed-keyword",
)


def test_help_lists_the_options_in_their_order(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        _parse(["--help"])
    assert exit_.value.code == 0
    listed = re.findall(r"^  (-[-\w]+)", capsys.readouterr().out, re.MULTILINE)
    assert listed == ["-h", *OPTIONS]


@pytest.mark.parametrize("interval", ["0", "2"])
def test_an_onoff_interval_beside_another_onoff_quota_is_a_usage_error(
    interval: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """0 included (review21: it passed the check, then the fake let 0 win, silently)."""
    with pytest.raises(SystemExit) as exit_:
        _parse(["--on-off-interval", interval, "--quota", "creatives.onOff=3"])
    assert exit_.value.code == 2 and "contradicts" in capsys.readouterr().err
    assert _parse(["--on-off-interval", "0"]).on_off_interval == 0
