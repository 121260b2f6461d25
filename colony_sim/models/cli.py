"""``colony models``: print the neural models' parameter counts.

Wiring (in ``colony_sim/cli.py``)::

    from colony_sim.models import cli as models_cli
    models_cli.add_parser(sub)
    ...
    if args.command == "models":
        return models_cli.cmd_models(args)
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``models`` subcommand to an ``add_subparsers()`` object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "models",
        help="list the neural models and their parameter counts",
        description=(
            "List the brain, plan transformer and code-quality model in their seed and "
            "small configurations, with parameter counts beside the seed's figures."
        ),
    )
    parser.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    parser.set_defaults(handler=cmd_models)
    return parser


def cmd_models(args: argparse.Namespace) -> int:
    """Print the model table; returns the exit status."""
    from colony_sim.models.registry import format_table, model_table

    rows = model_table()
    if getattr(args, "json", False):
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    else:
        sys.stdout.write(format_table(rows) + "\n")
    return 0
