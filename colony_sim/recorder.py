"""Tidy data collection with bounded memory.

Rows are buffered as columns and, when a spill directory is given, flushed to Parquet in
row groups of fixed size, so memory stays bounded however long the run. Every row
carries ``run_id``, ``seed`` and ``time``; agent rows add ``agent_id``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

ROW_GROUP = 50_000


class Table:
    """An append-only table of rows with a fixed column order.

    Args:
        name: File stem when spilled (``<name>.parquet``).
        spill_dir: Directory to stream row groups into; ``None`` keeps rows in memory.
    """

    def __init__(self, name: str, spill_dir: Path | None = None) -> None:
        self.name = name
        self.spill_dir = spill_dir
        self.columns: dict[str, list[Any]] | None = None
        self.rows = 0
        self._writer: pq.ParquetWriter | None = None
        self._schema: pa.Schema | None = None
        self._frames: list[pd.DataFrame] = []

    def append(self, row: dict[str, Any]) -> None:
        """Add one row; its keys must match the first row's keys."""
        if self.columns is None:
            self.columns = {k: [] for k in row}
        cols = self.columns
        for k, v in row.items():
            cols[k].append(v)
        self.rows += 1
        if len(next(iter(cols.values()))) >= ROW_GROUP:
            self._flush()

    def _flush(self) -> None:
        if not self.columns or not next(iter(self.columns.values())):
            return
        frame = pd.DataFrame(self.columns)
        self.columns = {k: [] for k in self.columns}
        if self.spill_dir is None:
            self._frames.append(frame)
            return
        table = pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False)
        if self._writer is None:
            self._schema = table.schema
            self._writer = pq.ParquetWriter(self.spill_dir / f"{self.name}.parquet", self._schema)
        self._writer.write_table(table, row_group_size=ROW_GROUP)

    def close(self) -> None:
        """Flush what is buffered and close the Parquet file (if spilling)."""
        self._flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def frame(self) -> pd.DataFrame:
        """All rows so far as one DataFrame (read back from disk when spilled)."""
        if self.spill_dir is not None:
            self.close()
            path = self.spill_dir / f"{self.name}.parquet"
            return pd.read_parquet(path) if path.exists() else pd.DataFrame()
        self._flush()
        if not self._frames:
            return pd.DataFrame()
        if len(self._frames) > 1:
            self._frames = [pd.concat(self._frames, ignore_index=True)]
        return self._frames[0]

    def state(self) -> dict[str, Any]:
        """In-memory rows for a checkpoint, as Parquet bytes (spilled tables are not saved).

        Bytes rather than a DataFrame, so a checkpoint is plain data that
        :mod:`colony_sim.safe_pickle` can load without pandas' or pyarrow's internals.
        """
        if self.spill_dir is not None:
            return {"parquet": None, "rows": self.rows}
        frame = self.frame()
        if not len(frame):
            return {"parquet": b"", "rows": self.rows}
        sink = pa.BufferOutputStream()
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), sink)
        return {"parquet": sink.getvalue().to_pybytes(), "rows": self.rows}

    def load(self, state: dict[str, Any]) -> None:
        """Restore rows saved by :meth:`state`."""
        data = state["parquet"]
        frame = pq.read_table(pa.BufferReader(data)).to_pandas() if data else None
        self._frames = [frame] if frame is not None and len(frame) else []
        self.columns = {k: [] for k in frame.columns} if frame is not None and len(frame) else None
        self.rows = state["rows"]
