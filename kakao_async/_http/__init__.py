"""The request path: :class:`Request` -> :class:`Requester` -> :class:`Transport` -> interpret.

Private to kakao_async; the public names (``RetryPolicy``, the transports) are re-exported by
the package.
"""

from ._exchange import HttpRequest, HttpResponse, Transport
from ._foreign import ForeignTransport
from ._interpret import JSON_PARSER, dumps_checked, request_body
from ._mock import MockTransport
from ._request import SUPERSEDED, Decoder, Request, Turn
from ._requester import Requester
from ._retry import RETRY_RULES, Decision, Failure, RetryPolicy, decide
from ._transport import AiohttpTransport

__all__ = [
    "JSON_PARSER",
    "RETRY_RULES",
    "SUPERSEDED",
    "AiohttpTransport",
    "Decision",
    "Decoder",
    "Failure",
    "ForeignTransport",
    "HttpRequest",
    "HttpResponse",
    "MockTransport",
    "Request",
    "Requester",
    "RetryPolicy",
    "Transport",
    "Turn",
    "decide",
    "dumps_checked",
    "request_body",
]
