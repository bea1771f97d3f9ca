"""Reading a response body under a size cap that also holds for decompressed bytes."""

from __future__ import annotations

import aiohttp

from .errors import KakaoDecodeError

__all__ = ["read_capped"]

#: Content-Encoding values that leave the body as sent (nothing to inflate).
_PLAIN = frozenset({"", "identity"})


async def read_capped(resp: aiohttp.ClientResponse, cap: int, *, method: str, path: str) -> bytes:
    """The whole body of ``resp``; :class:`KakaoDecodeError` once it passes ``cap`` bytes.

    Content-Length counts the bytes on the wire. For a compressed body that is the compressed
    size (a 100 KiB deflate body can inflate to 100 MiB), so only a plain body with a
    Content-Length is read in one go; anything else is read chunk by chunk, counting inflated
    bytes. aiohttp (>= 3.13.3) inflates in bounded steps as chunks are read, so stopping at the
    cap keeps memory near the cap.
    """
    length = resp.content_length
    encoding = resp.headers.get("Content-Encoding")
    if length is not None and (encoding is None or encoding.lower() in _PLAIN):
        if length > cap:
            raise _too_large(resp, cap, method, path, f"response of {length} bytes")
        # Known and within the cap: one read, no per-chunk iteration (the common path).
        return await resp.content.read()
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(65536):
        size += len(chunk)
        if size > cap:
            raise _too_large(resp, cap, method, path, "response")
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(
    resp: aiohttp.ClientResponse, cap: int, method: str, path: str, what: str
) -> KakaoDecodeError:
    return KakaoDecodeError(
        f"{what} exceeds the {cap}-byte limit", method=method, path=path, status=resp.status
    )
