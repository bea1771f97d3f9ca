"""A Korean Keyword Ad team that uses only Kakao Keyword Ad v1, through the library and
``kakao-async keyword``, against the fake Kakao server over loopback.

Ground truth: Kakao's Korean Keyword Ad page (the seed: ``GET/POST /openapi/v1/creatives/basic``,
``GET /openapi/v1/creatives/basic/{id}``, ``DELETE /openapi/v1/creatives/{id}``; ids are
``Long``, ``page``/``limit`` are ``Integer``; responses are ``Content-type:
application/json;charset=UTF-8``), README's Keyword Ad sections, Errors and Command line.

The tests under "defects found" pinned defects this team met (each failed before its fix).
"""

from __future__ import annotations

import io
import json
import os
import sys
from typing import Any

import pytest

import kakao_async as ka
from kakao_async.testing import DEFAULT_TOKEN, FakeKakaoServer, Fault
from tests.cli.conftest import CLI, cli, cli_env  # noqa: F401 - the CLI fixtures, used here too
from tests.conftest import FAST_RETRY, fake_client
from tests.terminal import run_in_terminal

#: Ids as Kakao's document writes them (11 digits), names as a Korean team writes them.
CREATIVE_IDS = (66666666661, 66666666662)
CHANNEL = 2222222221
NAME = "겨울 시즌 특가 할인 행사 소재 - 서울 강남 지역 한정 프로모션"
DESCRIPTION = (
    "지금 바로 구매하시면 무료배송과 추가 적립금 혜택을 드립니다. 한정 수량이니 서두르세요"
)
ASSETS = {
    "thumbnail": {"imageId": "8888888881", "text": "썸네일이미지설명"},
    "additionalTitle": "추가제목",
    "phoneNumber": "010-1234-5678",
    "talkChannelId": "@kakao1",
}
#: The head of the seed's detail sample, answered as Kakao answers it (ids as text).
SEED_DETAIL = {
    "adAccountId": "1111111111",
    "bizChannelId": "2222222221",
    "id": "66666666661",
    "name": "소재이름",
    "title": "타이틀",
    "description": "설명문구",
}
KAKAO_JSON = "application/json;charset=UTF-8"
#: A Kakao error envelope whose detailMsg is Korean.
NOT_FOUND = {
    "code": -813,
    "msg": "KakaoKeywordAdException",
    "extras": {"detailCode": 33003, "detailMsg": "존재하지 않는 소재입니다."},
}


def _seed_team(fake: FakeKakaoServer) -> None:
    """Two creatives of the team's biz channel, one with every text field long and Korean."""
    fake.add_keyword_creative(
        ad_account_id=1,
        biz_channel_id=CHANNEL,
        id=CREATIVE_IDS[0],
        name=NAME,
        title="최대 70% 할인! 겨울 패딩 특가전",
        description=DESCRIPTION,
        assets=ASSETS,
    )
    fake.add_keyword_creative(
        ad_account_id=1, biz_channel_id=CHANNEL, id=CREATIVE_IDS[1], name="소재2"
    )


def _sent(fake: FakeKakaoServer) -> int:
    return int(fake.stats()["requests"])


# --- library: what works (passing) -------------------------------------------------------------


async def test_keyword_calls_decode_korean_text_and_long_ids(kakao_fake: FakeKakaoServer) -> None:
    """README: ``list`` gives a ``KeywordCreativePage`` (``.content``, ``.page``), ``iter`` every
    ``KeywordCreativeSummary``, ``get`` a ``KeywordCreative``; ids are ``int`` "even where
    Keyword Ad sends them as JSON strings"."""
    _seed_team(kakao_fake)
    async with fake_client(kakao_fake, retry=FAST_RETRY) as kakao:
        page = await kakao.keyword.creatives.list(biz_channel_id=CHANNEL, limit=1, config="ON")
        assert isinstance(page, ka.KeywordCreativePage)
        assert (page.page.total_elements, page.page.total_pages) == (2, 2)
        walked = [c async for c in kakao.keyword.creatives.iter(biz_channel_id=CHANNEL)]
        assert [c.id for c in walked] == list(CREATIVE_IDS)
        assert walked[0].name == NAME and walked[0].description == DESCRIPTION
        assert walked[0].asset_types == (
            "THUMBNAIL",
            "ADDITIONAL_TITLE",
            "PHONE_NUMBER",
            "TALK_CHANNEL",
        )
        detail = await kakao.keyword.creatives.get(CREATIVE_IDS[0])
        assert isinstance(detail, ka.KeywordCreative) and detail.id == CREATIVE_IDS[0]
        assert detail.assets is not None and detail.assets.thumbnail is not None
        assert detail.assets.thumbnail.image_id == 8888888881
        assert detail.raw["id"] == str(CREATIVE_IDS[0])  # what Kakao sent, untouched


async def test_a_korean_error_envelope_is_the_typed_error_readable_and_without_the_token(
    kakao_fake: FakeKakaoServer,
) -> None:
    """README Errors: detailCode 33003 -> ``KakaoNotFoundError`` with ``.code``,
    ``.detail_code``, ``.detail_msg``; no token in an exception."""
    _seed_team(kakao_fake)
    kakao_fake.respond_next(NOT_FOUND, status=400)
    async with fake_client(kakao_fake, retry=FAST_RETRY) as kakao:
        with pytest.raises(ka.KakaoNotFoundError) as caught:
            await kakao.keyword.creatives.get(CREATIVE_IDS[0])
    error = caught.value
    assert (error.status, error.code, error.detail_code) == (400, -813, 33003)
    assert error.detail_msg == "존재하지 않는 소재입니다."
    for text in (str(error), repr(error)):
        assert "존재하지 않는 소재입니다." in text and "33003" in text
        assert DEFAULT_TOKEN not in text


#: The last is 1001 in Arabic-Indic digits.
BAD_IDS: list[Any] = [" 1001 ", 0, -1, True, 1001.0, 2**64, None, "\u0661\u0660\u0660\u0661"]
BAD_CONFIGS: list[Any] = ["on", "Off", "PAUSE", " ON", "", True, 1]


@pytest.mark.parametrize("bad", BAD_IDS, ids=repr)
async def test_bad_ids_are_refused_before_any_request(
    kakao_fake: FakeKakaoServer, bad: Any
) -> None:
    """README: "Every refused argument raises ``KakaoInputError`` before anything is sent"."""
    async with fake_client(kakao_fake, retry=FAST_RETRY) as kakao:
        calls = [
            lambda: kakao.keyword.creatives.get(bad),
            lambda: kakao.keyword.creatives.delete(bad),
            lambda: kakao.keyword.creatives.list(biz_channel_id=bad),
            lambda: kakao.keyword.keywords.list(ad_group_id=bad),
            lambda: kakao.keyword.creatives.get_many([1001, bad]),
            lambda: kakao.keyword.creatives.delete_many([1001, bad]),
        ]
        for call in calls:
            with pytest.raises(ka.KakaoInputError):
                await call()
    assert _sent(kakao_fake) == 0


@pytest.mark.parametrize("bad", BAD_CONFIGS, ids=repr)
async def test_wrong_config_words_are_refused_before_any_request(
    kakao_fake: FakeKakaoServer, bad: Any
) -> None:
    """README: creatives' ``config`` is ``ON`` or ``DEL``, keywords' one of ``ON``, ``OFF``,
    ``DEL``."""
    async with fake_client(kakao_fake, retry=FAST_RETRY) as kakao:
        with pytest.raises(ka.KakaoInputError):
            await kakao.keyword.creatives.list(biz_channel_id=CHANNEL, config=bad)
        with pytest.raises(ka.KakaoInputError):
            await kakao.keyword.keywords.list(ad_group_id=1, config=bad)
        with pytest.raises(ka.KakaoInputError, match="DEL"):  # no OFF in Kakao's creative list
            await kakao.keyword.creatives.list(biz_channel_id=CHANNEL, config="OFF")
    assert _sent(kakao_fake) == 0


async def test_keyword_deletes_are_not_quotad_and_give_one_result_per_item(
    kakao_fake: FakeKakaoServer,
) -> None:
    """README: "every write except the two creative deletes and the Keyword Ad create" is
    quota'd; ``delete_many`` gives one result per input, in input order, at most
    ``concurrency`` in flight."""
    ids = kakao_fake.seed_keyword(ad_account_id=1, biz_channel_id=CHANNEL, count=8)
    items = [*ids, ids[0], 999_999]
    async with fake_client(kakao_fake, retry=FAST_RETRY) as kakao:
        assert not [q for q in kakao.quotas if q.startswith("keyword")]
        result = await kakao.keyword.creatives.delete_many(items, concurrency=3)
        assert await kakao.quota_snapshot() == ()
    assert [r.item for r in result] == items
    assert [r.ok for r in result] == [True] * 9 + [False]
    assert isinstance(result[-1].error, ka.KakaoNotFoundError)
    assert kakao_fake.peak_in_flight <= 3
    assert all(kakao_fake.keyword_creative(i).config == "DEL" for i in ids)


def test_cli_error_lines_and_json_keep_kakaos_korean_detail(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
) -> None:
    """README: "Errors are one line on stderr, ``error: ...``, with Kakao's code, detailCode and
    detailMsg"; ``--json`` has them in ``errors``; exit 1."""
    _seed_team(kakao_fake)
    kakao_fake.respond_next(NOT_FOUND, status=400)
    run = cli("keyword", "get", str(CREATIVE_IDS[0]))
    assert run.code == 1
    assert run.err_lines == [
        f"error: creative {CREATIVE_IDS[0]}: not found: 존재하지 않는 소재입니다. (code -813, "
        f"detailCode 33003, HTTP 400 from GET /openapi/v1/creatives/basic/{CREATIVE_IDS[0]})"
    ]
    kakao_fake.respond_next(NOT_FOUND, status=400)
    run = cli("keyword", "delete", str(CREATIVE_IDS[0]), "--json")
    assert run.code == 1
    (entry,) = run.json()["errors"]
    assert entry["id"] == CREATIVE_IDS[0]
    assert entry["error"]["kind"] == "not_found"
    assert entry["error"]["detailMsg"] == "존재하지 않는 소재입니다."
    assert (entry["error"]["code"], entry["error"]["detailCode"]) == (-813, 33003)


@pytest.mark.parametrize(
    "argv",
    [
        ("keyword", "list", "--biz-channel", "0"),
        ("keyword", "list", "--biz-channel", "-3"),
        ("keyword", "list", "--biz-channel", "1.0"),
        ("keyword", "list", "--biz-channel", "99999999999999999999"),
        ("keyword", "list", "--biz-channel", "1", "--config", "OFF"),
        ("keyword", "list", "--biz-channel", "1", "--config", "PAUSE"),
        ("keyword", "keywords", "--ad-group", "1e3"),
        ("keyword", "keywords", "--ad-group", "1", "--config", "PAUSE"),
        ("keyword", "get", "²"),
        ("keyword", "delete", "true"),
    ],
    ids=" ".join,
)
def test_cli_bad_input_is_a_usage_error_with_nothing_sent(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
    argv: tuple[str, ...],
) -> None:
    """README: ids in ASCII digits, "refused, naming where they were typed, before anything is
    sent"; exit 2."""
    run = cli(*argv)
    assert run.code == 2, run
    assert run.err_lines[0].startswith("error: Invalid value for ")
    assert _sent(kakao_fake) == 0


# --- defects found (each failed before its fix) ---------------------------------------------


@pytest.mark.parametrize("page", [2**31, 2**64], ids=["2**31", "2**64"])
async def test_a_page_beyond_kakaos_integer_is_refused_before_any_request(
    kakao_fake: FakeKakaoServer, page: int
) -> None:
    """The seed: ``page | Integer``. Ids larger than a Kakao Long are refused before sending
    ("is larger than a Kakao Long"); a page larger than an Integer goes to Kakao, which answers
    400 (``KakaoAPIError``), the request spent."""
    async with fake_client(kakao_fake, retry=FAST_RETRY) as kakao:
        with pytest.raises(ka.KakaoInputError):
            await kakao.keyword.creatives.list(biz_channel_id=CHANNEL, page=page)
    assert _sent(kakao_fake) == 0


#: Ids inside ``create``'s models, each refused as an id argument would be.
BAD_NESTED: dict[str, dict[str, Any]] = {
    "imageId True": {"assets": ka.Assets(thumbnail=ka.Thumbnail(image_id=True))},  # type: ignore[arg-type]
    "imageId 0": {"assets": ka.Assets(thumbnail=ka.Thumbnail(image_id=0))},
    "imageId -5": {"assets": ka.Assets(thumbnail=ka.Thumbnail(image_id=-5))},
    "imageId 2**70": {"assets": ka.Assets(thumbnail=ka.Thumbnail(image_id=2**70))},
    "multi imageId 1.5": {
        "assets": ka.Assets(multi_thumbnails=(ka.MultiThumbnail(image_id=1.5),))  # type: ignore[arg-type]
    },
    "reviewDocumentId abc": {"license": ka.License(review_document_id="abc")},  # type: ignore[arg-type]
}


@pytest.mark.parametrize("fields", BAD_NESTED.values(), ids=BAD_NESTED.keys())
async def test_create_refuses_a_bad_nested_id_before_sending(
    kakao_fake: FakeKakaoServer, fields: dict[str, Any]
) -> None:
    """README: "Every refused argument raises ``KakaoInputError`` before anything is sent"; a
    create is "never retried once sent", so a create Kakao refuses (or takes, and the client
    then cannot read) must not leave at all. ``biz_channel_id`` is checked as an id; the
    ``imageId`` and ``reviewDocumentId`` (Kakao ``Long``s) are sent as they are."""
    async with fake_client(kakao_fake, retry=FAST_RETRY) as kakao:
        with pytest.raises(ka.KakaoInputError):
            await kakao.keyword.creatives.create(
                biz_channel_id=CHANNEL, name="소재", title="타이틀", description="설명", **fields
            )
    assert _sent(kakao_fake) == 0


@pytest.mark.parametrize("image_id", ["0", "-5", "99999999999999999999999"])
def test_cli_create_refuses_a_bad_image_id_with_nothing_sent(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
    image_id: str,
) -> None:
    """README: ``keyword create`` is "never retried once sent"; ids "``-3`` and ``0`` are
    refused ... before anything is sent" (exit 2). ``bizChannelId`` 0 is; ``imageId`` 0 is
    created."""
    body = (
        '{"bizChannelId": "2222222221", "name": "소재", "title": "타이틀", "description": "설명",'
        f' "assets": {{"thumbnail": {{"imageId": {image_id}, "text": "썸네일"}}}}}}'
    )
    run = cli("keyword", "create", "--file", "-", stdin=body)
    assert run.code == 2, run
    assert _sent(kakao_fake) == 0


def _stdin_in(monkeypatch: pytest.MonkeyPatch, data: bytes, encoding: str) -> None:
    """stdin as a console of ``encoding`` gives it to Python (a Korean Windows console's cp949,
    ``PYTHONIOENCODING=latin-1`` or ``ascii``): the bytes a pipe carries, decoded by Python."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding=encoding))


@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_create_from_stdin_reads_utf8_whatever_the_console_encoding(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
    monkeypatch: pytest.MonkeyPatch,
    encoding: str,
) -> None:
    """README: ``keyword create --file FILE`` "create from Kakao's JSON body (``-``: stdin)";
    "A file or stdin may start with a UTF-8 byte order mark". A file is read as UTF-8 (a
    non-UTF-8 file is a usage error); stdin the same body, piped, is read in the console's
    encoding, and a create is never undone."""
    body = {
        "bizChannelId": str(CHANNEL),
        "name": NAME,
        "title": "타이틀",
        "description": DESCRIPTION,
    }
    _stdin_in(monkeypatch, json.dumps(body, ensure_ascii=False).encode("utf-8"), encoding)
    run = cli("keyword", "create", "--file", "-", "--json")
    assert run.code == 0, run
    created = run.json()["results"][0]["id"]
    assert kakao_fake.keyword_creative(created).name == NAME
    assert kakao_fake.keyword_creative(created).description == DESCRIPTION


def test_stdin_that_is_not_utf8_is_a_usage_error_with_nothing_sent(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A cp949 body on stdin is refused as a cp949 file is: exit 2, nothing created."""
    body = json.dumps({"bizChannelId": str(CHANNEL), "name": NAME}, ensure_ascii=False)
    _stdin_in(monkeypatch, body.encode("cp949"), "cp949")
    run = cli("keyword", "create", "--file", "-")
    assert run.code == 2, run
    assert "not UTF-8 text" in run.err
    assert _sent(kakao_fake) == 0


def test_piped_keyword_list_prints_every_cell_whole(
    cli: CLI,  # noqa: F811
    kakao_fake: FakeKakaoServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``kakao-async keyword list --biz-channel ... | cat`` (a cron job's log, ``grep``). The
    project's own report tables say why: "Piped or redirected: the whole table, however wide,
    rather than cells cut to "2026…" at the 80 columns rich assumes without a terminal"."""
    monkeypatch.setenv("COLUMNS", "80")
    _seed_team(kakao_fake)
    run = cli("keyword", "list", "--biz-channel", str(CHANNEL))
    assert run.code == 0
    assert all(str(i) in run.out for i in CREATIVE_IDS)
    assert "…" not in run.out, run.out


def test_keyword_list_on_a_narrow_terminal_keeps_the_ids(kakao_fake: FakeKakaoServer) -> None:
    """The id column is what a user copies into ``keyword get ID`` / ``keyword delete ID``. On
    a 60-column terminal (a split pane) both creatives print as ``666666…``: two identical,
    unusable rows. Run in a real pseudo-terminal of 60 columns."""
    _seed_team(kakao_fake)
    out = _in_terminal(kakao_fake, ["keyword", "list", "--biz-channel", str(CHANNEL)], columns=60)
    assert all(str(i) in out for i in CREATIVE_IDS), out


async def test_a_canned_answer_with_kakaos_content_type_is_served(
    kakao_fake: FakeKakaoServer,
) -> None:
    """README: "Every fault field is checked when it is queued"; ``Fault(kind="body")`` answers
    "a canned Kakao response". Kakao's document answers ``Content-type:
    application/json;charset=UTF-8``; aiohttp refuses a charset in ``content_type=``, so the
    fake answers 500 instead of the sample."""
    _seed_team(kakao_fake)
    body = json.dumps(SEED_DETAIL, ensure_ascii=False).encode()
    kakao_fake.inject(Fault(kind="body", status=200, body=body, content_type=KAKAO_JSON))
    async with fake_client(kakao_fake, retry=ka.RetryPolicy(attempts=1)) as kakao:
        detail = await kakao.keyword.creatives.get(CREATIVE_IDS[1])
    assert (detail.id, detail.name, detail.ad_account_id) == (66666666661, "소재이름", 1111111111)


# --- helpers -------------------------------------------------------------------------------


def _in_terminal(fake: FakeKakaoServer, argv: list[str], *, columns: int) -> str:
    """``kakao-async *argv`` with stdout and stderr on a pseudo-terminal ``columns`` wide."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("KAKAO_")},
        "KAKAO_ACCESS_TOKEN": DEFAULT_TOKEN,
        "KAKAO_AD_ACCOUNT_ID": "1",
        "KAKAO_BASE_URL": fake.base_url,
        "COLUMNS": str(columns),
        "TERM": "xterm",
        "NO_COLOR": "1",
    }
    code, written = run_in_terminal(argv, env, columns=columns, stdin=False)
    assert code == 0, written
    return written.decode("utf-8", "replace")
