"""Secret: a credential that never shows itself in reprs, logs or traceback locals."""

from __future__ import annotations

import base64
import hmac
import html
import json
import string
import traceback
import urllib.parse
from collections.abc import Iterable
from typing import Any, NoReturn, SupportsIndex

__all__ = ["MaskedStr", "Secret", "forget_locals", "redact", "scrub_text"]

#: What a secret looks like wherever it would otherwise be shown.
MASK = "***"
#: The shortest piece of a secret that :func:`redact` masks on its own (a whole secret is masked
#: whatever its length). A server may quote part of a token (cut short, or split across two
#: fields); eight characters of a real token never occur in ordinary text by chance.
PIECE = 8


class Secret:
    """A secret string (access token, refresh token, client secret) that hides its value.

    ``repr`` is ``Secret('***')`` and ``str`` is ``***``, so neither a log line, an f-string by
    mistake, nor a traceback rendered with locals (rich, Sentry, ``capture_locals``) shows it.
    :meth:`reveal` (alias :meth:`get_secret_value`) returns the value; kakao_async calls it only
    where a header or the OAuth form is built. Two secrets are equal when their values are
    (compared in constant time); a secret never equals a plain ``str``. Secrets are not
    hashable (a hash is derived from the value) and refuse to be pickled (pickles are often
    stored or sent in clear); ``copy`` returns the same immutable object.
    """

    __slots__ = ("_forms", "_value")

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise TypeError(f"Secret wraps a str, got {type(value).__name__}")
        self._value = value
        #: What :func:`redact` looks for, built at its first use (error paths only).
        self._forms: _Forms | None = None

    def reveal(self) -> str:
        """The secret value itself."""
        return self._value

    get_secret_value = reveal  # the name pydantic users know

    def __repr__(self) -> str:
        return f"Secret({MASK!r})"

    def __str__(self) -> str:
        return MASK

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Secret):
            return NotImplemented
        return hmac.compare_digest(self._value.encode(), other._value.encode())

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> NoReturn:
        raise TypeError("a Secret cannot be pickled; pickle reveal() yourself if you must")

    def __copy__(self) -> Secret:
        return self

    def __deepcopy__(self, memo: Any) -> Secret:
        return self


class MaskedStr(str):
    """A ``str`` that is its real value everywhere (``str()``, f-strings, the bytes aiohttp
    sends) except ``repr``, which is ``'***'``: header and form values holding a secret use it,
    so the dicts and multidicts that carry them stay clean in traceback locals. Slices stay
    masked, because rich shortens long strings by slicing before it calls ``repr``. Like a
    :class:`Secret`, it refuses to be pickled (``MockTransport.requests`` holds the headers sent,
    and a pickle is often stored or sent in clear); ``copy`` returns the same object."""

    __slots__ = ()

    def __repr__(self) -> str:
        return repr(MASK)

    def __getitem__(self, key: SupportsIndex | slice) -> str:
        return MaskedStr(str.__getitem__(self, key))

    def __reduce_ex__(self, protocol: SupportsIndex) -> NoReturn:
        raise TypeError("a masked header or form value (it holds a secret) cannot be pickled")

    def __copy__(self) -> MaskedStr:
        return self

    def __deepcopy__(self, memo: Any) -> MaskedStr:
        return self


def redact(text: str, secrets: Iterable[Secret | None]) -> str:
    """``text`` with each secret replaced by ``***``, in every form a server may echo it in:
    as is in any letter case, percent- or form-encoded, JSON- or HTML-escaped, base64'd (also
    inside a larger base64 text, such as a ``Basic`` credential or ``Bearer <token>`` encoded
    whole), and any piece of those of at least :data:`PIECE` characters (a token cut short, or
    split across two fields). A secret shorter than that is masked only whole (and then
    wherever its text occurs, even inside an ordinary word: a leak costs more than a garbled
    message)."""
    spans: list[tuple[int, int]] = []
    folded = text.translate(_ASCII_LOWER)
    for secret in secrets:
        if secret is not None and secret.reveal():
            spans += _spans(text, folded, _forms(secret))
    if not spans:
        return text
    merged: list[list[int]] = []
    for start, stop in sorted(spans):
        if merged and start <= merged[-1][1]:  # overlapping or adjacent: one mask
            merged[-1][1] = max(merged[-1][1], stop)
        else:
            merged.append([start, stop])
    out: list[str] = []
    end = 0
    for start, stop in merged:
        out += (text[end:start], MASK)
        end = stop
    out.append(text[end:])
    return "".join(out)


def forget_locals(exc: BaseException, secrets: Iterable[Secret | None] = ()) -> None:
    """Drop the local variables of the finished frames ``exc`` and everything it holds (its
    cause, its context, the members of an exception group) were raised through, and contexts
    that were suppressed (``raise ... from None``). Those frames read a server's answer, which
    may echo a secret, and a traceback rendered with locals (rich, Sentry, ``capture_locals``)
    would show it; a suppressed context (a ``JSONDecodeError``) may keep the body as an attribute.
    What stays: every exception's text and every frame's file and line, which locate the field
    that failed. Frames still running (the caller's) are left alone.

    With ``secrets``, a chained exception of someone else's (aiohttp's, quoting a status line or
    a body cut short) has its text scrubbed of them; one whose text still shows one after that
    is cut from the chain. ``exc``'s own text is the caller's to scrub."""
    secrets = tuple(secrets)
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if current.__suppress_context__:
            current.__context__ = None  # hidden from every renderer anyway
        traceback.clear_frames(current.__traceback__)
        if secrets:
            if current.__cause__ is not None and not _scrubbed(current.__cause__, secrets):
                current.__cause__ = None
            if current.__context__ is not None and not _scrubbed(current.__context__, secrets):
                current.__context__ = None
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        # An exception group's members (cattrs raises one; the class is 3.11's built-in or the
        # exceptiongroup backport, so it is recognised by its members).
        members = getattr(current, "exceptions", ())
        if isinstance(members, tuple):
            todo += [e for e in members if isinstance(e, BaseException)]


def scrub_text(exc: BaseException, secrets: tuple[Secret | None, ...]) -> bool:
    """Scrub ``exc``'s own text of ``secrets``, as :func:`forget_locals` scrubs a chained
    error's: for an error raised by code the library does not own (a transport of the user's).
    Whether its ``str`` and ``repr`` are clean now (a token inside a bytes argument, a dict or a
    slot its ``__str__`` shows is beyond scrubbing: the caller replaces such an error)."""
    _scrubbed(exc, secrets)
    # Its fields too: KakaoAPIError rebuilds its text from msg / detail_msg when unpickled.
    for name, value in list(getattr(exc, "__dict__", {}).items()):
        if isinstance(value, str):
            setattr(exc, name, redact(value, secrets))
    try:
        text = f"{exc!s} {exc!r}"
    except Exception:  # a text that cannot even be shown: not known to be clean
        return False
    return redact(text, secrets) == text


def _scrubbed(exc: BaseException, secrets: tuple[Secret | None, ...]) -> bool:
    """Scrub ``exc``'s text (its ``args`` and a ``message`` attribute, which aiohttp's errors
    show) of ``secrets``; whether its ``str`` and ``repr`` are clean now."""
    try:
        exc.args = tuple(redact(a, secrets) if isinstance(a, str) else a for a in exc.args)
        message = getattr(exc, "message", None)
        if isinstance(message, str):
            exc.message = redact(message, secrets)  # type: ignore[attr-defined]
        text = f"{exc!s} {exc!r}"
    except Exception:  # an exception type that will not be changed, or not shown: let it go
        return False
    return redact(text, secrets) == text


#: Secrets are ASCII (they are sent as header or form values), so folding ASCII letters is
#: enough, and keeps every index of the text where it was (``str.lower`` may not).
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)

#: (pieces to find in the case-folded text, pieces to find as they are (base64), whole forms
#: shorter than PIECE to find in the case-folded text).
_Forms = tuple[frozenset[str], frozenset[str], tuple[str, ...]]


def _forms(secret: Secret) -> _Forms:
    forms = secret._forms
    if forms is None:
        forms = secret._forms = _build_forms(secret.reveal())
    return forms


def _build_forms(value: str) -> _Forms:
    folded = {
        value,
        urllib.parse.quote(value, safe=""),
        urllib.parse.quote(value),
        urllib.parse.quote_plus(value),
        json.dumps(value)[1:-1],
        json.dumps(value)[1:-1].replace("/", "\\/"),
        html.escape(value),
    }
    folded = {form.translate(_ASCII_LOWER) for form in folded}
    exact: set[str] = set()
    raw = value.encode()
    for offset in range(3):
        # The secret ``offset`` bytes into a base64'd text: the characters its bytes alone
        # decide (the first and last ones also hold bits of the bytes around it).
        encoded = base64.b64encode(b"\0" * offset + raw + b"\0\0").decode()
        first = (offset * 8 + 5) // 6
        last = ((offset + len(raw)) * 8) // 6
        exact.update((encoded[first:last], encoded[first:last].translate(_URLSAFE)))
    return (
        frozenset(_pieces(folded)),
        frozenset(_pieces(form for form in exact if len(form) >= PIECE)),
        tuple(form for form in folded if len(form) < PIECE),
    )


_URLSAFE = str.maketrans("+/", "-_")


def _pieces(forms: Iterable[str]) -> Iterable[str]:
    for form in forms:
        for start in range(len(form) - PIECE + 1):
            yield form[start : start + PIECE]


def _spans(text: str, folded: str, forms: _Forms) -> list[tuple[int, int]]:
    folded_pieces, exact_pieces, short = forms
    spans = []
    for start in range(len(text) - PIECE + 1):
        stop = start + PIECE
        if folded[start:stop] in folded_pieces or text[start:stop] in exact_pieces:
            spans.append((start, stop))
    for form in short:
        start = folded.find(form)
        while start != -1:
            spans.append((start, start + len(form)))
            start = folded.find(form, start + 1)
    return spans
