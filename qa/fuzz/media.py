"""What the fuzzer sends where the document says a file is a photo (a multipart part
whose `encoding.contentType` is image/jpeg, image/png or image/webp): real images of
random size and colour, so a schema-valid upload is a photo, as the server requires
(random bytes are what the document forbids). Loaded by schemathesis through
SCHEMATHESIS_HOOKS (qa/fuzz/run.py)."""

import io

import schemathesis
from hypothesis import strategies as st
from PIL import Image


def _image(fmt: str, size: tuple[int, int], colour: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, fmt)
    return out.getvalue()


def _photos(fmt: str) -> st.SearchStrategy[bytes]:
    side = st.integers(1, 64)
    channel = st.integers(0, 255)
    return st.builds(
        _image, st.just(fmt), st.tuples(side, side), st.tuples(channel, channel, channel)
    )


for _media_type, _fmt in (("image/jpeg", "JPEG"), ("image/png", "PNG"), ("image/webp", "WEBP")):
    schemathesis.openapi.media_type(_media_type, _photos(_fmt))
