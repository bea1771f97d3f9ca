"""Errors pickled by an earlier release still load: a job queue's result store, or a worker of
the previous version in a rolling upgrade, hands over pickles written by 0.2.0."""

from __future__ import annotations

import pickle

import kakao_async as ka

# pickle.dumps(..., protocol=2) of 0.2.0 (kakao_async.errors._rebuild / _rebuild_plain).
RATE_LIMIT_020 = (
    b"\x80\x02ckakao_async.errors\n_rebuild\nq\x00ckakao_async.errors\nKakaoRateLimitError\n"
    b"q\x01}q\x02(X\x06\x00\x00\x00statusq\x03M\xad\x01X\x04\x00\x00\x00codeq\x04J\xf6\xff\xff"
    b"\xffX\x03\x00\x00\x00msgq\x05X\x05\x00\x00\x00quotaq\x06X\x0b\x00\x00\x00detail_codeq\x07"
    b"NX\n\x00\x00\x00detail_msgq\x08NX\x06\x00\x00\x00methodq\tX\x03\x00\x00\x00PUTq\nX\x04"
    b"\x00\x00\x00pathq\x0bX\x1b\x00\x00\x00/openapi/v4/creatives/onOffq\x0cX\x0b\x00\x00\x00"
    b"retry_afterq\rG@\x00\x00\x00\x00\x00\x00\x00u\x86q\x0eRq\x0f."
)
DECODE_020 = (
    b"\x80\x02ckakao_async.errors\n_rebuild_plain\nq\x00(ckakao_async.errors\nKakaoDecodeError\n"
    b"q\x01X\x0b\x00\x00\x00GET /y: badq\x02X\x03\x00\x00\x00GETq\x03X\x02\x00\x00\x00/yq\x04K"
    b"\xc8tq\x05Rq\x06."
)


def test_an_api_error_pickled_by_0_2_0_loads() -> None:
    err = pickle.loads(RATE_LIMIT_020)
    assert type(err) is ka.KakaoRateLimitError
    assert (err.status, err.code, err.msg, err.retry_after) == (429, -10, "quota", 2.0)
    assert (err.method, err.path) == ("PUT", "/openapi/v4/creatives/onOff")
    assert str(err) == "PUT /openapi/v4/creatives/onOff: HTTP 429 code=-10: quota"


def test_a_decode_error_pickled_by_0_2_0_loads() -> None:
    err = pickle.loads(DECODE_020)
    assert type(err) is ka.KakaoDecodeError
    assert (str(err), err.method, err.path, err.status) == ("GET /y: bad", "GET", "/y", 200)


def test_an_api_error_pickled_now_names_only_what_0_2_0_has() -> None:
    # Read back by a worker still on 0.2.0: the same reconstructor, the same state.
    err = ka.KakaoNotFoundError(status=404, code=-813, detail_code=33003, method="GET", path="/c")
    data = pickle.dumps(err, protocol=2)
    assert b"_rebuild\n" in data and b"functools" not in data
    back = pickle.loads(data)
    assert (type(back), back.detail_code, str(back)) == (type(err), 33003, str(err))
