"""The filter registry, in default pipeline order."""

from __future__ import annotations

from .base import Context, Filter, option

# Filled by the modules that define filters; order here is pipeline order.
REGISTRY: dict[str, type[Filter]] = {}


def register(cls: type[Filter]) -> type[Filter]:
    if not cls.name:
        raise ValueError(f"{cls.__name__} has no name")
    REGISTRY[cls.name] = cls
    return cls


def default_pipeline() -> list[str]:
    return list(REGISTRY)


__all__ = ["Context", "Filter", "option", "register", "REGISTRY", "default_pipeline"]

# Filter modules register themselves on import; this order is the pipeline order.
from . import page_markers  # noqa: E402,F401  (first: later filters see text without furniture)
