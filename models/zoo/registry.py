"""``create_model(name, **params)``: every architecture of the zoo by name."""
from __future__ import annotations

from typing import Callable

from torch import nn

_REGISTRY: dict[str, Callable[..., nn.Module]] = {}


def register(name: str):
    def wrap(fn):
        _REGISTRY[name] = fn
        return fn
    return wrap


def _load_all() -> None:
    # imported here so that each family registers itself once
    from . import families  # noqa: F401


def architectures() -> list[str]:
    _load_all()
    return sorted(_REGISTRY)


def create_model(name: str, **params) -> nn.Module:
    """Build architecture ``name`` (see :func:`architectures`) with its params
    (``in_channels``, ``base``, ``depth`` and family-specific ones)."""
    _load_all()
    if name not in _REGISTRY:
        raise ValueError(f"unknown architecture '{name}'; choose one of {', '.join(sorted(_REGISTRY))}")
    return _REGISTRY[name](**params)
