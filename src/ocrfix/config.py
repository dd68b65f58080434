"""Configuration: which filters run, with which options, and how sure they must be."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .filters import REGISTRY, Context, Filter, default_pipeline

CASE_MODES = ("upper", "sentence")


class ConfigError(ValueError):
    """A configuration that cannot be used; the message names the offending key."""


@dataclass
class Config:
    """Everything `ocrfix.clean` needs besides the text.

    `filters` is the pipeline in order (None means the default pipeline);
    `skip` removes filters from it; `options` maps a filter name to option values.
    """

    filters: list[str] | None = None
    skip: list[str] = field(default_factory=list)
    options: dict[str, dict[str, Any]] = field(default_factory=dict)
    min_confidence: float = 0.5
    flag_only: bool = False
    case: str = "upper"
    wordlists: list[str] = field(default_factory=list)
    protected: list[str] = field(default_factory=list)
    # Rerun the pipeline on its own output until nothing changes (at most this often), so
    # that cleaning cleaned text changes nothing.
    max_passes: int = 4

    def __post_init__(self) -> None:
        for name in list(self.filters or []) + list(self.skip) + list(self.options):
            if name not in REGISTRY:
                raise ConfigError(f"unknown filter {name!r} (known: {', '.join(REGISTRY) or 'none'})")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError(f"min-confidence must be between 0 and 1, not {self.min_confidence}")
        if not isinstance(self.max_passes, int) or isinstance(self.max_passes, bool) or self.max_passes < 1:
            raise ConfigError(f"max-passes must be a whole number of at least 1, not {self.max_passes!r}")
        if self.case not in CASE_MODES:
            raise ConfigError(f"case must be one of {', '.join(CASE_MODES)}, not {self.case!r}")
        for name, values in self.options.items():
            _check_options(REGISTRY[name], values)

    def pipeline(self) -> list[str]:
        chosen = default_pipeline() if self.filters is None else list(self.filters)
        return [name for name in chosen if name not in self.skip]

    def build_filters(self) -> list[Filter]:
        return [REGISTRY[name](**self.options.get(name, {})) for name in self.pipeline()]

    def context(self) -> Context:
        return Context(
            min_confidence=self.min_confidence,
            flag_only=self.flag_only,
            wordlists=tuple(str(p) for p in self.wordlists),
            protected=frozenset(w.upper() for w in self.protected),
            case=self.case,
        )

    def merged(self, **overrides: Any) -> "Config":
        """A copy with the given fields replaced; None values are ignored."""
        values = {k: v for k, v in overrides.items() if v is not None}
        return dataclasses.replace(self, **values)


_TOP_LEVEL_KEYS = {
    "filters": "filters",
    "skip": "skip",
    "min-confidence": "min_confidence",
    "flag-only": "flag_only",
    "case": "case",
    "wordlists": "wordlists",
    "protected": "protected",
    "max-passes": "max_passes",
    "options": "options",
}


def _check_options(cls: type[Filter], values: dict[str, Any]) -> None:
    fields = cls.defaults()
    for key, value in values.items():
        if key not in fields:
            known = ", ".join(k.replace("_", "-") for k in fields) or "none"
            raise ConfigError(f"unknown option {key.replace('_', '-')!r} for filter {cls.name!r} (known: {known})")
        default = fields[key]
        if not _same_kind(default, value):
            raise ConfigError(
                f"option {key.replace('_', '-')!r} of filter {cls.name!r} must be "
                f"{type(default).__name__}, not {type(value).__name__}"
            )


def _same_kind(default: Any, value: Any) -> bool:
    if isinstance(default, bool) or isinstance(value, bool):
        return isinstance(default, bool) and isinstance(value, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


def config_from_mapping(data: dict[str, Any], source: str = "config", base_dir: Path | None = None) -> Config:
    """Build a Config from TOML-shaped data; unknown keys are errors that name the key."""
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in _TOP_LEVEL_KEYS:
            raise ConfigError(f"{source}: unknown key {key!r}")
        values[_TOP_LEVEL_KEYS[key]] = value
    options = values.pop("options", {})
    if not isinstance(options, dict):
        raise ConfigError(f"{source}: 'options' must be a table of filter tables")
    values["options"] = {
        name: {k.replace("-", "_"): v for k, v in (table or {}).items()} for name, table in options.items()
    }
    for key in ("filters", "skip", "wordlists", "protected"):
        if key in values and not (isinstance(values[key], list) and all(isinstance(v, str) for v in values[key])):
            raise ConfigError(f"{source}: {key!r} must be a list of strings")
    if base_dir is not None and "wordlists" in values:
        values["wordlists"] = [str((base_dir / p).resolve()) for p in values["wordlists"]]
    try:
        return Config(**values)
    except ConfigError as error:
        raise ConfigError(f"{source}: {error}") from None
    except TypeError as error:
        raise ConfigError(f"{source}: {error}") from None


def load_config_file(path: Path) -> Config:
    """Read a TOML file: either a plain ocrfix config or a pyproject.toml with [tool.ocrfix]."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ConfigError(f"cannot read config {path}: {error.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("ocrfix", {})
    return config_from_mapping(data, source=str(path), base_dir=path.parent)


def find_project_config(start: Path) -> Path | None:
    """The nearest pyproject.toml with a [tool.ocrfix] table, looking upward from `start`."""
    for directory in [start, *start.parents]:
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                return None
            return candidate if "ocrfix" in data.get("tool", {}) else None
    return None
