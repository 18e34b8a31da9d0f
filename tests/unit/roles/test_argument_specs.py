"""Every role documents every default: the keys of defaults/main.yml and the
options of the role's `main` entry point in meta/argument_specs.yml agree."""

from pathlib import Path

import pytest
import yaml

ROLES = sorted(p for p in (Path(__file__).resolve().parents[3] / "roles").iterdir() if p.is_dir())


def _load(path):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


@pytest.mark.parametrize("role", ROLES, ids=[r.name for r in ROLES])
def test_defaults_match_argument_specs(role):
    defaults_file = role / "defaults" / "main.yml"
    specs_file = role / "meta" / "argument_specs.yml"
    assert specs_file.is_file(), f"{role.name}: meta/argument_specs.yml is missing"
    specs = _load(specs_file)["argument_specs"]
    assert "main" in specs, f"{role.name}: argument_specs has no `main` entry point"
    documented = set(specs["main"].get("options", {}))
    defaults = set(_load(defaults_file)) if defaults_file.is_file() else set()
    assert not defaults - documented, f"{role.name}: defaults not in argument_specs: {sorted(defaults - documented)}"
    undocumented_defaults = {
        name for name, spec in specs["main"].get("options", {}).items()
        if name not in defaults and not spec.get("required") and "default" in spec
    }
    assert not undocumented_defaults, (
        f"{role.name}: argument_specs give a default that defaults/main.yml lacks: {sorted(undocumented_defaults)}"
    )


@pytest.mark.parametrize("role", ROLES, ids=[r.name for r in ROLES])
def test_role_has_readme(role):
    assert (role / "README.md").is_file(), f"{role.name}: README.md is missing"
