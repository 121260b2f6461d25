import argparse
import json

import pytest

from colony_sim.models import cli, registry


def test_seed_configs_are_within_5_percent_of_the_seed_figures():
    rows = {(r["model"], r["size"]): r for r in registry.model_table()}
    assert rows["brain", "seed"]["params"] == 1_205_271
    for model in ("brain", "transformer", "quality"):
        assert rows[model, "seed"]["ratio"] == pytest.approx(1.0, abs=0.05)
        assert rows[model, "small"]["params"] < rows[model, "seed"]["params"] / 50


def test_models_subcommand_prints_table_and_json(capsys):
    parser = argparse.ArgumentParser()
    cli.add_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["models"])
    assert args.handler(args) == 0
    out = capsys.readouterr().out
    assert "1,205,271" in out and "2,169,984" in out and "1,084,417" in out
    args = parser.parse_args(["models", "--json"])
    assert args.handler(args) == 0
    assert len(json.loads(capsys.readouterr().out)) == 6
