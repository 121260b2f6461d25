from pathlib import Path

import yaml

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_manifest_lists_every_notebook():
    listed = yaml.safe_load((NOTEBOOKS / "manifest.yaml").read_text())["ci"]
    assert sorted(listed) == sorted(p.name for p in NOTEBOOKS.glob("*.ipynb"))


def test_notebooks_are_committed_without_outputs():
    import nbformat

    for path in NOTEBOOKS.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs, f"{path.name} has stored outputs"


def test_every_cell_has_a_unique_id():
    """nbformat 4.5 cells need ids (a missing one is a warning now, an error later)."""
    import json

    for path in NOTEBOOKS.glob("*.ipynb"):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if (raw["nbformat"], raw["nbformat_minor"]) < (4, 5):
            continue
        ids = [cell.get("id") for cell in raw["cells"]]
        assert all(ids), f"{path.name}: a cell has no id"
        assert len(set(ids)) == len(ids), f"{path.name}: repeated cell ids"
