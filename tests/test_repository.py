"""Standing rules of the repository: environment files in step, notebooks committed without outputs,
generated and private data not committed."""

import json
import re
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
HOUSE_PARAMETERS = ('area = "exampleshire"\nreporting_year = "2024-25"\nraw_dir = "../data/raw"\n'
                    'processed_dir = "../data/processed"\ntrend_years = 5\nsuppress = True')


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = {_name(r) for r in pyproject["project"]["dependencies"]}
    wanted |= {_name(r) for r in pyproject["project"]["optional-dependencies"]["dev"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            listed |= {_name(r) for r in dep.get("pip", []) if not r.startswith("-e")}
        elif not dep.startswith(("python", "pip")):
            listed.add(_name(dep))
    assert wanted == listed, f"only in pyproject: {wanted - listed}; only in environment.yml: {listed - wanted}"


def test_lock_pins_every_dependency_exactly():
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    wanted = {_name(r) for r in pyproject["project"]["dependencies"]}
    wanted |= {_name(r) for r in pyproject["project"]["optional-dependencies"]["dev"]}
    lines = [line for line in (ROOT / "requirements.lock").read_text().splitlines() if line and not line.startswith("#")]
    assert all("==" in line for line in lines), "every line of requirements.lock must pin an exact version"
    pinned = {_name(line) for line in lines}
    assert wanted <= pinned, f"not in requirements.lock: {wanted - pinned}"


def _tracked(pattern: str) -> list[str]:
    try:
        out = subprocess.run(["git", "ls-files", pattern], cwd=ROOT, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [line for line in out.stdout.splitlines() if line]


def test_notebooks_committed_without_outputs():
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks, "no notebooks found"
    for path in notebooks:
        nb = json.loads(path.read_text())
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] == "code":
                assert not cell.get("outputs"), f"{path.name} cell {i} has outputs: clear them before committing"
                assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"


def test_notebooks_start_with_parameters_cell():
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = json.loads(path.read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert "parameters" in code[0].get("metadata", {}).get("tags", []), f"{path.name}: first code cell must be tagged 'parameters'"
        src = "".join(code[0]["source"])
        assert src.strip() == HOUSE_PARAMETERS, f"{path.name}: the parameters cell must be exactly the house one"


def test_generated_and_private_files_not_committed():
    generated = [f for f in _tracked("data/processed") + _tracked("reports") if not f.endswith(("README.md", ".gitkeep"))]
    assert not generated, f"generated files are committed: {generated[:5]}"
    raw = _tracked("data/raw")
    allowed = ("data/raw/dfe/", "data/raw/published/", "data/raw/exampleshire/", "data/raw/README.md")
    assert all(f.startswith(allowed) for f in raw), [f for f in raw if not f.startswith(allowed)][:5]
    assert not _tracked(".lscb_pseudonym_key")
