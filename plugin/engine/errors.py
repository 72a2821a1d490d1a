"""Errors a user can act on. Every message names the problem and the fix."""
from __future__ import annotations


class LandslideMapperError(Exception):
    """Base class: the message is written for the analyst, not a developer."""


class InputError(LandslideMapperError):
    """A raster, vector, folder or parameter the user gave cannot be used."""


class OutputError(InputError, OSError):
    """An output cannot be written where the user asked (a full disk, a quota, a folder gone
    read-only). Also an OSError, for callers that catch those."""


class ModelError(LandslideMapperError):
    """A model file is missing, corrupt, or lacks the metadata the engine needs."""


class RuntimeUnavailable(LandslideMapperError):
    """onnxruntime (or the requested device) cannot be used."""


class Cancelled(LandslideMapperError):
    """The user cancelled the run; nothing that looks finished was written."""
