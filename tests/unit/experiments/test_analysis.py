import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from colony_sim.errors import ColonyError
from colony_sim.experiments import (
    aggregate,
    bands,
    final_rows,
    heatmap,
    load_results,
    manifest,
    query,
    run_sweep,
)
from colony_sim.experiments.analysis import t_quantile


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    from colony_sim.experiments import make_sweep

    from .conftest import small_spec

    root = tmp_path_factory.mktemp("sweeps")
    run_sweep(make_sweep(small_spec(record_agents=True)), root, progress=False)
    return root / "small"


@pytest.mark.parametrize(("p", "df", "expected"), [
    (0.975, 1, 12.7062), (0.975, 2, 4.3027), (0.975, 3, 3.1824), (0.975, 9, 2.2622),
    (0.995, 4, 4.6041), (0.95, 30, 1.6973)])
def test_t_quantile_matches_tables(p, df, expected):
    assert t_quantile(p, df) == pytest.approx(expected, abs=1e-4)


def test_aggregate_gives_mean_and_t_interval():
    frame = pd.DataFrame({"x": [1, 1, 1, 2], "m": [1.0, 2.0, 3.0, 5.0]})
    out = aggregate(frame, ["x"], ["m"]).set_index("x")
    assert out.loc[1, "n"] == 3 and out.loc[1, "m_mean"] == 2.0
    half = 4.3027 * 1.0 / np.sqrt(3)
    assert out.loc[1, "m_lo"] == pytest.approx(2.0 - half, abs=1e-3)
    assert out.loc[1, "m_hi"] == pytest.approx(2.0 + half, abs=1e-3)
    assert out.loc[2, "m_mean"] == 5.0  # one seed: a mean but no interval
    assert np.isnan(out.loc[2, "m_lo"]) and np.isnan(out.loc[2, "m_hi"])
    with pytest.raises(ColonyError, match="confidence"):
        aggregate(frame, ["x"], ["m"], confidence=1.5)


def test_load_final_and_aggregate_a_sweep(done):
    frame = load_results(done)
    last = final_rows(frame)
    assert len(last) == 8 and (last["time"] == 1200).all()
    agg = aggregate(last, ["economy_price", "cognition_share_period"], ["population"])
    assert len(agg) == 4 and (agg["n"] == 2).all()
    cols = load_results(done, columns=["run_id", "time", "population"])
    assert list(cols.columns) == ["run_id", "time", "population"]
    assert manifest(done)["counts"]["done"] == 8


def test_duckdb_views(done):
    pytest.importorskip("duckdb")
    by_price = query(done, "SELECT economy_price, count(DISTINCT run_id) AS runs, "
                           "avg(iq) AS iq FROM agents GROUP BY ALL ORDER BY 1")
    assert by_price["runs"].tolist() == [4, 4]
    n = query(done, "SELECT count(*) AS n FROM colony")["n"].iloc[0]
    assert n == len(load_results(done))


def test_plots_return_axes(done):
    last = final_rows(load_results(done))
    ax = heatmap(last, "economy_price", "cognition_share_period", "wealth_mean")
    assert ax.get_xlabel() == "economy_price" and len(ax.texts) == 4
    ax = bands(load_results(done), "population", hue="economy_price")
    assert len(ax.get_lines()) == 2


def test_missing_tables_are_errors(tmp_path, done):
    with pytest.raises(ColonyError, match="no finished"):
        load_results(tmp_path)
    with pytest.raises(ColonyError, match="unknown table"):
        load_results(done, table="ledger")


def test_runs_with_different_columns_load_together(tmp_path):
    from colony_sim.experiments import make_sweep

    from .conftest import small_spec

    spec = small_spec(runner="tests.unit.experiments.runners:extra_column_at_price_666")
    spec["design"]["parameters"]["economy.price"] = [500, 666]
    run_sweep(make_sweep(spec), tmp_path, progress=False)
    frame = load_results(tmp_path / "small")
    assert frame["extra"].notna().sum() == (frame["economy_price"] == 666).sum() > 0
    assert frame["births"].dtype == float
