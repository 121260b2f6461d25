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
