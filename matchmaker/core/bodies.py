"""Request bodies within bounds: whole bodies within MAX_CONTENT_LENGTH, JSON within a
size and a nesting depth.

A body sent without Content-Length (chunked) is limited by Werkzeug to
MAX_CONTENT_LENGTH, but reading it whole (a urlencoded form, `get_data`) stops at the
limit and hands back what it has: the form is silently cut short, the JSON fails to
parse (a 400). `BoundedRequest` answers 413 instead when the body goes on.

Python's json parser recurses once per level: a 2 KB document nested a thousand deep
raises RecursionError, which no caller expects. The depth is counted first, over the
brackets outside strings (a linear scan), and the document parsed only when it is
shallow enough; its size is counted over the bytes actually read.
"""

import json
import re
from itertools import accumulate
from typing import IO, Any

from flask import Request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.utils import cached_property
from werkzeug.wsgi import LimitedStream, get_input_stream

# A JSON string with its escapes (unrolled: linear even on a long unterminated string).
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
CHUNK = 64 * 1024


class TooLarge(ValueError):
    """The document is longer than the limit."""


class TooDeep(ValueError):
    """Arrays and objects are nested deeper than the limit."""


class _CappedStream(LimitedStream):
    """A body whose end the server marks (chunked), read up to a maximum: reading it
    whole past the maximum raises 413 where Werkzeug's stream returns it cut short."""

    def readall(self) -> bytes:
        data = super().readall()
        if self.is_exhausted and self._stream.read(1):
            raise RequestEntityTooLarge()
        return data


class BoundedRequest(Request):
    """Flask's request, with a chunked body longer than MAX_CONTENT_LENGTH refused (413)
    however it is read."""

    @cached_property
    def stream(self) -> IO[bytes]:
        stream = get_input_stream(self.environ, max_content_length=self.max_content_length)
        if "wsgi.input_terminated" in self.environ and self.max_content_length is not None:
            return _CappedStream(self.environ["wsgi.input"], self.max_content_length, is_max=True)
        return stream


def read_at_most(stream: IO[bytes], limit: int) -> bytes:
    """Up to `limit` + 1 bytes of `stream` (one more than allowed shows it was too long);
    a stream may return fewer bytes than asked before its end, so read until it is done."""
    chunks: list[bytes] = []
    wanted = limit + 1
    while wanted > 0:
        chunk = stream.read(min(CHUNK, wanted))
        if not chunk:
            break
        chunks.append(chunk)
        wanted -= len(chunk)
    return b"".join(chunks)


def depth(text: str) -> int:
    """How deep arrays and objects nest in `text` (0 for a bare value)."""
    brackets = _BRACKET.findall(_STRING.sub("", text))
    return max(accumulate(1 if b in "[{" else -1 for b in brackets), default=0)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def loads(raw: bytes, *, max_bytes: int, max_depth: int) -> Any:
    """The value of the JSON document `raw`; TooLarge, TooDeep, or ValueError when it is
    not valid JSON (NaN and Infinity, which JSON has not, included)."""
    if len(raw) > max_bytes:
        raise TooLarge(max_bytes)
    text = raw.decode(json.detect_encoding(raw))  # UnicodeDecodeError is a ValueError
    if depth(text) > max_depth:
        raise TooDeep(max_depth)
    return json.loads(text, parse_constant=_no_constant)
