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


# The default order; filters registered by plugins or tests run after these.
PIPELINE_ORDER = ["page-markers", "confusions", "dictionary", "teletype"]


def default_pipeline() -> list[str]:
    rank = {name: i for i, name in enumerate(PIPELINE_ORDER)}
    return sorted(REGISTRY, key=lambda name: rank.get(name, len(rank)))


__all__ = ["Context", "Filter", "option", "register", "REGISTRY", "default_pipeline"]

# Importing a filter module registers it; PIPELINE_ORDER sets the order they run in.
from . import confusions, dictionary, page_markers, teletype  # noqa: E402,F401
