"""Saving a fitted model to a versioned file that every worker loads."""

import os
import pickle  # only our own model file, see load  # nosec B403
import tempfile
from pathlib import Path

from ml.model import PartnerModel, library_versions


class ModelFileError(Exception):
    """The file is missing, unreadable or not a model."""


class ModelVersionError(ModelFileError):
    """The file was made with other library versions: rebuild rather than misread it."""


def save(model: PartnerModel, path: str | os.PathLike) -> None:
    """Write the model atomically (a reader never sees half a file)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as handle:
        # The versions come first, in a plain dict, so they can be checked before
        # unpickling objects that another library version might misread.
        pickle.dump({"versions": model.versions_}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(model, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def load(path: str | os.PathLike) -> PartnerModel:
    """Read a model saved by `save`; ModelVersionError if made with other versions."""
    try:
        with open(path, "rb") as handle:
            header = pickle.load(handle)  # noqa: S301  # our own file at MODEL_PATH  # nosec B301
            versions = header.get("versions") if isinstance(header, dict) else None
            if versions != library_versions():
                raise ModelVersionError(
                    f"{path} was made with {versions}, this is {library_versions()}"
                )
            model = pickle.load(handle)  # noqa: S301  # our own file at MODEL_PATH  # nosec B301
    except FileNotFoundError as error:
        raise ModelFileError(f"no model file at {path}") from error
    except ModelVersionError:
        raise
    except Exception as error:  # a truncated or foreign file fails in many ways
        raise ModelFileError(f"unreadable model file {path}: {error}") from error
    if not isinstance(model, PartnerModel):
        raise ModelFileError(f"{path} does not hold a PartnerModel")
    return model
