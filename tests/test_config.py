from __future__ import annotations

from dataclasses import dataclass

import pytest

from ocrfix.config import Config, ConfigError, config_from_mapping, find_project_config, load_config_file
from ocrfix.filters import REGISTRY, Filter, option


@dataclass
class Sample(Filter):
    name = "sample-filter"
    summary = "test-only"
    threshold: float = option(0.5, "a number")
    enabled: bool = option(True, "a switch")

    def propose(self, text, context):
        return []


@pytest.fixture(autouse=True)
def sample_filter():
    REGISTRY[Sample.name] = Sample
    yield
    del REGISTRY[Sample.name]


def test_defaults_run_the_shipped_filters_in_pipeline_order_then_others():
    assert Config().pipeline() == ["page-markers", "confusions", "dictionary", "teletype", "sample-filter"]


def test_only_and_skip():
    assert Config(filters=["sample-filter"]).pipeline() == ["sample-filter"]
    assert "sample-filter" not in Config(skip=["sample-filter"]).pipeline()


def test_unknown_top_level_key_is_named():
    with pytest.raises(ConfigError, match=r"^cfg: unknown key 'min_confidance'$"):
        config_from_mapping({"min_confidance": 0.3}, source="cfg")


def test_unknown_filter_is_named():
    with pytest.raises(ConfigError, match=r"unknown filter 'spelling'"):
        config_from_mapping({"skip": ["spelling"]})


def test_unknown_filter_option_is_named():
    with pytest.raises(ConfigError, match=r"unknown option 'treshold' for filter 'sample-filter' \(known: threshold, enabled\)"):
        config_from_mapping({"options": {"sample-filter": {"treshold": 1}}})


def test_option_types_are_checked():
    with pytest.raises(ConfigError, match=r"option 'enabled' of filter 'sample-filter' must be bool, not str"):
        config_from_mapping({"options": {"sample-filter": {"enabled": "yes"}}})


def test_options_reach_the_filter():
    config = config_from_mapping({"filters": ["sample-filter"], "options": {"sample-filter": {"threshold": 2}}})
    [built] = config.build_filters()
    assert built.threshold == 2


def test_bad_values_are_rejected():
    with pytest.raises(ConfigError, match="min-confidence must be between 0 and 1"):
        Config(min_confidence=2)
    with pytest.raises(ConfigError, match="case must be one of upper, sentence"):
        Config(case="title")


def test_pyproject_tool_table_is_found_upwards(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.ocrfix]\nmin-confidence = 0.9\nwordlists = ["names.txt"]\n')
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    found = find_project_config(nested)
    assert found == tmp_path / "pyproject.toml"
    config = load_config_file(found)
    assert config.min_confidence == 0.9
    assert config.wordlists == [str(tmp_path / "names.txt")]


def test_pyproject_without_tool_table_is_ignored(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "x"\n')
    assert find_project_config(tmp_path) is None


def test_invalid_toml_is_reported(tmp_path):
    path = tmp_path / "ocrfix.toml"
    path.write_text("min-confidence = = 1")
    with pytest.raises(ConfigError, match=r"ocrfix.toml: not valid TOML"):
        load_config_file(path)
