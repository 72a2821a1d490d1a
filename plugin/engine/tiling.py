"""Fixed-size tiles on one global grid, and exact weighted blending, streamed.

Tiles of ``T`` pixels start every ``S = T - overlap`` pixels; the last row
and column of tiles run past the raster edge and are padded, so every tile
has the same shape (no per-shape re-tuning on the GPU, no special cases).

Blending: each tile's prediction is multiplied by a smooth window that is
1 in the middle and falls (never to 0) over the overlap, then divided by the
summed weights, so a per-pixel model is reproduced exactly everywhere,
including edges and where a tile overlaps padding.

Streaming: each axis is cut into segments at every tile start and every
tile start + overlap. A segment is touched by at most two tiles, and its
last tile is known in advance, so once tiles are processed in row-major
order, a cell (row segment x column segment) is final as soon as its last
tile is done; it is written and dropped. Only the cells still waiting for
the next tile row are held, which is ``overlap`` rows by the raster width
(nothing at zero overlap): memory does not grow with the raster height.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable, Iterator, Optional

import numpy as np


def tile_starts(n: int, tile: int, stride: int) -> list[int]:
    """Tile origins along an axis of ``n`` pixels (the last tile may overhang)."""
    if n <= tile:
        return [0]
    return [i * stride for i in range(math.ceil((n - tile) / stride) + 1)]


def blend_weights(tile: int, overlap: int) -> np.ndarray:
    """2-D window: 1 in the middle, a raised-cosine ramp over ``overlap`` px at each side, > 0 everywhere."""
    w = np.ones(tile, dtype=np.float64)
    if overlap > 0:
        k = np.arange(overlap, dtype=np.float64)
        ramp = np.sin(0.5 * np.pi * (k + 0.5) / overlap) ** 2
        w[:overlap] = ramp
        w[tile - overlap:] = np.minimum(w[tile - overlap:], ramp[::-1])
    return np.outer(w, w).astype(np.float32)


@dataclass(frozen=True)
class Segment:
    start: int
    stop: int
    last_tile: int       # index of the last tile (along this axis) that covers the segment


def segments(n: int, tile: int, stride: int, overlap: int) -> list[Segment]:
    starts = tile_starts(n, tile, stride)
    cuts = {0, n}
    for s in starts:
        for c in (s, s + overlap, s + tile):
            if 0 < c < n:
                cuts.add(c)
    cuts = sorted(cuts)
    out = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        last = max(i for i, s in enumerate(starts) if s < b and s + tile > a)
        out.append(Segment(a, b, last))
    return out


@dataclass(frozen=True)
class Tile:
    row: int             # tile index along y
    col: int             # tile index along x
    y0: int
    x0: int


class TileGrid:
    """The global tile grid of an ``height`` x ``width`` raster."""

    def __init__(self, height: int, width: int, tile: int, overlap: int):
        if not 0 <= overlap <= tile // 2:
            raise ValueError(f"overlap {overlap} must be between 0 and half the tile size {tile}")
        self.height, self.width, self.tile, self.overlap = height, width, tile, overlap
        self.stride = tile - overlap
        self.ys = tile_starts(height, tile, self.stride)
        self.xs = tile_starts(width, tile, self.stride)
        self.row_segments = segments(height, tile, self.stride, overlap)
        self.col_segments = segments(width, tile, self.stride, overlap)

    def __len__(self) -> int:
        return len(self.ys) * len(self.xs)

    def tiles(self) -> Iterator[Tile]:
        for r, y0 in enumerate(self.ys):
            for c, x0 in enumerate(self.xs):
                yield Tile(r, c, y0, x0)


WriteCell = Callable[[int, int, np.ndarray, np.ndarray, np.ndarray], None]
"""write(y0, x0, values (L,h,w) blended, weight_sum (h,w), valid (h,w))."""


class StreamingBlender:
    """Accumulates weighted tile predictions and emits each cell once final."""

    def __init__(self, grid: TileGrid, layers: int, write: WriteCell):
        self.grid, self.layers, self.write = grid, layers, write
        self.weights = blend_weights(grid.tile, grid.overlap)
        self.cells: dict = {}
        self._rows_by_last = _group(grid.row_segments)
        self._cols_by_last = _group(grid.col_segments)
        self.peak_cells = 0
        if grid.overlap == 0:       # segments are the tiles themselves
            self._row_index = {s.start: i for i, s in enumerate(grid.row_segments)}
            self._col_index = {s.start: i for i, s in enumerate(grid.col_segments)}
            self._ones = np.ones((grid.tile, grid.tile), np.float32)

    def _cell(self, ri: int, ci: int):
        cell = self.cells.get((ri, ci))
        if cell is None:
            rs, cs = self.grid.row_segments[ri], self.grid.col_segments[ci]
            h, w = rs.stop - rs.start, cs.stop - cs.start
            cell = (np.zeros((self.layers, h, w), np.float32), np.zeros((h, w), np.float32),
                    np.zeros((h, w), bool))
            self.cells[(ri, ci)] = cell
        return cell

    def add(self, tile: Tile, values: np.ndarray, valid: np.ndarray) -> None:
        """Blend one tile's ``values`` (L, T, T); ``valid`` (T, T) marks pixels with data."""
        g = self.grid
        if g.overlap == 0:
            # Without overlap each cell is one tile's, its weight is 1 and the blend is the tile
            # itself: keep it as it is instead of accumulating.
            ri, ci = self._row_index[tile.y0], self._col_index[tile.x0]
            rs, cs = g.row_segments[ri], g.col_segments[ci]
            h, w = rs.stop - rs.start, cs.stop - cs.start
            self.cells[(ri, ci)] = (values[:, :h, :w], self._ones[:h, :w], valid[:h, :w].copy())
            self.peak_cells = max(self.peak_cells, len(self.cells))
            return
        for ri, rs in enumerate(g.row_segments):
            if rs.stop <= tile.y0 or rs.start >= tile.y0 + g.tile:
                continue
            ty = slice(rs.start - tile.y0, rs.stop - tile.y0)
            for ci, cs in enumerate(g.col_segments):
                if cs.stop <= tile.x0 or cs.start >= tile.x0 + g.tile:
                    continue
                tx = slice(cs.start - tile.x0, cs.stop - tile.x0)
                acc, wsum, ok = self._cell(ri, ci)
                w = self.weights[ty, tx]
                acc += values[:, ty, tx] * w
                wsum += w
                ok |= valid[ty, tx]
        self.peak_cells = max(self.peak_cells, len(self.cells))

    def done(self, tile: Tile) -> None:
        """``tile`` (processed or skipped) is finished: write the cells it completes."""
        for ri in self._rows_by_last.get(tile.row, ()):
            for ci in self._cols_by_last.get(tile.col, ()):
                cell = self.cells.pop((ri, ci), None)
                if cell is None:          # only skipped tiles touched it: stays nodata
                    continue
                acc, wsum, ok = cell
                if self.grid.overlap == 0:
                    blended = acc
                else:
                    with np.errstate(invalid="ignore", divide="ignore"):
                        blended = acc / np.where(wsum > 0, wsum, 1)[None]
                    ok &= wsum > 0
                self.write(self.grid.row_segments[ri].start, self.grid.col_segments[ci].start,
                           blended, wsum, ok)

    def rows_done(self, tile: Tile) -> Optional[int]:
        """After :meth:`done` for ``tile``: when it ends its row of tiles, the row of the grid
        above which every cell has been written (tiles go along rows); else None."""
        if tile.col != len(self.grid.xs) - 1:
            return None
        segs = self._rows_by_last.get(tile.row)
        return self.grid.row_segments[max(segs)].stop if segs else None


def _group(segs: list[Segment]) -> dict:
    out: dict = {}
    for i, s in enumerate(segs):
        out.setdefault(s.last_tile, []).append(i)
    return out
