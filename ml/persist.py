"""Saving a fitted model to one file that every worker of a server memory-maps.

The file holds a small pickle of the model's structure and, beside it, every large
array's bytes (pickle protocol 5's out-of-band buffers), each at an aligned offset:

    MAGIC | structure pickle | array bytes … | footer (JSON) | footer length | MAGIC

Loading maps the file copy-on-write and hands the arrays' bytes to the unpickler as
views of the mapping, so no large array is read or copied: the workers of one server
share those pages through the page cache, and a worker that changes an array (a profile
edited since training) copies only the pages it writes.
"""

import json
import mmap
import os
import pickle  # only our own model file, see load  # nosec B403
import struct
import tempfile
from pathlib import Path

from ml.model import PartnerModel, library_versions

MAGIC = b"MITRAMDL"
FORMAT = 2  # of the container; the model's own shape is in library_versions()["format"]
ALIGN = 64  # bytes: every array starts on a cache line (and any dtype's alignment)
IN_BAND_BELOW = 16 * 1024  # smaller arrays stay in the pickle: mapping them saves nothing
_TAIL = struct.Struct("<Q8s")  # footer length, MAGIC


class ModelFileError(Exception):
    """The file is missing, unreadable or not a model."""


class ModelVersionError(ModelFileError):
    """The file was made with other library versions: rebuild rather than misread it."""


def save(model: PartnerModel, path: str | os.PathLike) -> None:
    """Write the model atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffers: list[pickle.PickleBuffer] = []

    def out_of_band(buffer: pickle.PickleBuffer) -> bool:
        if buffer.raw().nbytes < IN_BAND_BELOW:
            return True  # true: pickled in-band
        buffers.append(buffer)
        return False

    structure = pickle.dumps(model, protocol=5, buffer_callback=out_of_band)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC)
            spans = {"structure": _write(handle, structure), "arrays": []}
            for buffer in buffers:
                spans["arrays"].append(_write(handle, buffer.raw()))
            footer = json.dumps({"versions": model.versions_, "format": FORMAT, **spans}).encode()
            handle.write(footer)
            handle.write(_TAIL.pack(len(footer), MAGIC))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write(handle, data) -> list[int]:
    """Write `data` at the next aligned offset; its [offset, length]."""
    offset = handle.tell()
    padding = -offset % ALIGN
    handle.write(b"\0" * padding)
    handle.write(data)
    return [offset + padding, memoryview(data).nbytes]


def load(path: str | os.PathLike) -> PartnerModel:
    """Map a model saved by `save`; ModelVersionError if made with other versions."""
    try:
        with open(path, "rb") as handle:
            mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_COPY)
    except FileNotFoundError as error:
        raise ModelFileError(f"no model file at {path}") from error
    except (OSError, ValueError) as error:  # a directory, an empty file
        raise ModelFileError(f"unreadable model file {path}: {error}") from error
    footer = _footer(mapped, path)
    if footer.get("versions") != library_versions():
        raise ModelVersionError(
            f"{path} was made with {footer.get('versions')}, this is {library_versions()}"
        )
    view = memoryview(mapped)
    try:
        start, length = footer["structure"]
        arrays = [view[a : a + n] for a, n in footer["arrays"]]
        # Our own file at MODEL_PATH (or a version this app published), checked above.
        model = pickle.loads(view[start : start + length], buffers=arrays)  # noqa: S301  # nosec B301
    except Exception as error:  # a truncated or foreign file fails in many ways
        raise ModelFileError(f"unreadable model file {path}: {error}") from error
    if not isinstance(model, PartnerModel):
        raise ModelFileError(f"{path} does not hold a PartnerModel")
    return model


def _footer(mapped: mmap.mmap, path) -> dict:
    """The footer's JSON, after checking both magic marks."""
    if len(mapped) < len(MAGIC) + _TAIL.size or mapped[: len(MAGIC)] != MAGIC:
        raise ModelFileError(f"{path} is not a model file")
    length, magic = _TAIL.unpack(mapped[-_TAIL.size :])
    end = len(mapped) - _TAIL.size
    if magic != MAGIC or length > end:
        raise ModelFileError(f"{path} is truncated")
    try:
        return json.loads(mapped[end - length : end])
    except ValueError as error:
        raise ModelFileError(f"{path} has an unreadable footer: {error}") from error
