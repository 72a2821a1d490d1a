"""The one detection path: request in, georeferenced landslide maps out.

The dock, the Processing algorithms and the command line all call
:func:`run_detection`. Steps: resolve the model, open and check the inputs,
choose the working grid (the image grid, or the model's GSD), align the DEM
to it, then stream fixed-size tiles through onnxruntime, blend them
(:mod:`.tiling`) and write each output window as soon as it is final. Last,
vectorise the mask and write ``summary.json``. Outputs appear only when
complete (:class:`.outputs.Staging`).
"""
from __future__ import annotations

import functools
import math
import threading
import time
from pathlib import Path
from typing import Optional

import numpy as np

from . import features
from .align import (DedupedDataset, InMemoryDem, SameGridDem, dem_on_grid, every_nth, image_on_grid,
                    pixel_size_m, preloadable, read_whole_dem, read_window, sampled_elevation_statistics,
                    sampled_image, valid_window, working_grid)
from .aoi import load_aoi
from .catalog import resolve_model
from .errors import Cancelled, InputError, LandslideMapperError
from .outputs import (BLOCK, GDAL_ENV, MASK_NODATA, PROB_NODATA, Staging, block_cache_bytes, check_codec, close_all,
                      create_tif, output_codec, write_json)
from .raster_io import (SAMPLE_MAX, choose_bands, choose_stretch, decimated_shape, fixed_stretch, open_raster, reading,
                        as_source, source_exists, source_file, source_label)
from .request import DetectionRequest, DetectionResult
from .tiling import StreamingBlender, Tile, TileGrid

CPU_PARALLEL_RUNS = 2     # model runs at once on the CPU (see cpu_arrangement)
PARALLEL_MAX_PIXELS = 4 * 256 * 256   # a single tile larger than this runs alone
RUN_MAX_PIXELS = 256 * 256            # tile pixels one of the concurrent runs takes at most (one tile at least)
# Batches read ahead and waiting for a model worker, on top of those running. With two runs at
# once they often finish close together; with one batch waiting, the second worker then idled
# until this thread had written the oldest result and read the next tile (12-28 ms a worker on
# the terrain scene). Two waiting keep both busy. Each holds one batch's input, batch x channels x
# tile^2 x 4 bytes: 1.3 MB for a terrain tile on the CPU.
QUEUED_BATCHES = 2
WRITE_THREAD_MIN_THREADS = 8   # CPU threads from which tiles are written by a thread of their own
# Blended batches waiting for the writing thread, on top of the one it writes: the reading thread
# goes on meanwhile, and waits for it only when it falls that far behind (see write_in_thread).
WRITES_QUEUED = 2
TTA_TRANSFORMS = [(k, flip) for k in range(4) for flip in (False, True)]   # the 8 distinct ones


def cpu_arrangement(batch_size: int, tile_size: int, threads: int) -> tuple[int, int]:
    """How the model runs on the CPU: ``(runs at once, tiles per run)``.

    Two runs at once, each on half the threads, give the same throughput as
    one run on all of them, but no thread waits at a barrier while the reading
    thread takes a core. The requested batch is shared between the runs, so
    the activations in memory stay those of one batch; and a run takes at
    most :data:`RUN_MAX_PIXELS` of tiles (one tile of 256 px or more):
    onnxruntime is as fast per tile on one 512 px tile as on two, and on one
    256 px tile as on two (17.9 against 18.0 ms a tile for the terrain
    default), with half the working memory, whose first touch is the largest
    start-up cost of a new session (22 000 against 44 000 page faults); and
    smaller runs keep both runs busy to the end of a raster with few tiles.
    A batch of one large tile runs alone.
    """
    runs = max(1, min(CPU_PARALLEL_RUNS, threads))
    if runs == 1:
        return 1, batch_size
    if batch_size < runs:
        return (1, batch_size) if batch_size * tile_size ** 2 > PARALLEL_MAX_PIXELS else (runs, batch_size)
    return runs, max(1, min(batch_size // runs, RUN_MAX_PIXELS // tile_size ** 2))


def write_in_thread(provider: str, threads: int, resampled: bool = False) -> bool:
    """Whether finished tiles are blended and written by a thread of their own (see _Run._tile_loop).

    Where the model leaves the CPU's cores free, one thread that reads, blends and writes sets
    the pace: the pipeline's own work is 2.7-3.2 CPU-s on 80 megapixels (terrain default), 25-30
    megapixels a second on one core, less than a GPU infers; with a writing thread the mosaic's
    run with a model that costs no CPU took 2.1-2.6 s instead of 3.0-3.1 on two cores. On the
    CPU the model keeps every core busy, and there the writing thread costs more than it gains:
    on two cores 4 % more CPU time on the terrain mosaic (32.9-34.6 against 31.5-34.5 s), since
    each batch's results then move between cores. On the CPU it is used from
    :data:`WRITE_THREAD_MIN_THREADS` threads on, where one thread's share of the pipeline's work
    (about 11 % of the model's CPU time a core) would come near the model's own pace.

    Not on a ``resampled`` working grid: there the outputs' validity is read from the image
    through the handle the tiles read (one at a time), whose reads, resampled by GDAL, are
    most of the work; the optical default's pipeline on the mosaic kept its pace (31.3 against
    31.9 megapixels a second) and lost some on the scene (24.3 against 26.8)."""
    from .runtime import CPU

    return not resampled and (provider != CPU or threads >= WRITE_THREAD_MIN_THREADS)


def run_detection(request: DetectionRequest, progress=None, cancel=None) -> DetectionResult:
    """Run one detection. Raises ``errors.*`` with messages for the analyst; Cancelled on cancel."""
    import rasterio

    progress = progress or (lambda pct, msg: None)
    cancel = cancel or (lambda: False)
    try:
        with rasterio.Env(**GDAL_ENV):
            return _Run(request, progress, cancel).execute()
    except LandslideMapperError:
        raise
    except MemoryError as exc:
        raise InputError("Out of memory. Lower the batch size (--batch-size) and try again.") from exc


class _Run:
    def __init__(self, req: DetectionRequest, progress, cancel):
        self.req, self.progress, self.cancel = req, progress, cancel
        self.warnings: list[str] = []
        self.timings = {"read_s": 0.0, "model_s": 0.0, "blend_write_s": 0.0}
        self._timing_lock = threading.Lock()     # model runs add their times from several threads
        # The image's dataset is read by the tiles and, on a resampled grid, where the outputs have
        # values (see _valid_on_image_grid), which a writing thread would read meanwhile (write_in_thread
        # chooses none there, but nothing else keeps the two apart): one at a time.
        self._image_lock = threading.Lock()
        self.counts = {"valid_pixels": 0, "landslide_pixels": 0}
        self.session = self._session_key = self.explainer = None

    # ---------------------------------------------------------------- set-up
    def execute(self) -> DetectionResult:
        t_start = time.perf_counter()
        req = self.req
        # GDAL dataset names (a raster inside a zip, a GeoPackage table) are kept as text
        req.image, req.dem = as_source(req.image), as_source(req.dem)
        for path, role in ((req.image, "image"), (req.dem, "DEM")):
            if path is not None and not source_exists(path):
                raise InputError(f"The {role} {path} does not exist. Check the path.")
        info = resolve_model(req.model, has_dem=req.dem is not None, extra_dirs=req.model_dirs)
        meta = self.meta = info.metadata
        if meta.needs_dem and req.dem is None:
            raise InputError(f"The model '{meta.name}' needs a DEM (channels: "
                             f"{', '.join(c.name for c in meta.channels if c.source == 'dem')}). "
                             "Give a DEM (--dem), or choose an image-only model.")
        threshold = meta.threshold if req.threshold is None else float(req.threshold)
        if not 0.0 < threshold < 1.0:
            raise InputError(f"Threshold {threshold} must lie strictly between 0 and 1.")
        overlap = meta.overlap if req.overlap is None else int(req.overlap)
        if not 0 <= overlap <= meta.tile_size // 2:
            raise InputError(f"Overlap {overlap} px must be between 0 and half the model's tile size "
                             f"({meta.tile_size // 2} px).")
        if req.batch_size < 1:
            raise InputError(f"Batch size {req.batch_size} must be 1 or more.")
        check_codec(req.compression)        # whether this GDAL has it is asked while setting up
        self.threshold, self.overlap = threshold, overlap

        from concurrent.futures import ThreadPoolExecutor

        from .runtime import acquire_session, default_threads

        # On the CPU two batches run at once, each on half the threads: the same model throughput
        # as one run on all of them, but no thread waits at a barrier while this thread reads or
        # writes. One run at a time with the saliency methods that run a PyTorch module (not shared
        # across threads); occlusion runs the session itself, two at once like detection.
        threads = self.threads = req.threads or default_threads()
        if req.saliency:
            # Imported only when asked for: a run without saliency loads neither this nor PyTorch.
            from .saliency import make_explainer

            self.explainer, note = make_explainer(req.saliency, info.path, meta, self._run_saliency_model,
                                                  req.threads)
            if note:
                self.warnings.append(note)
        parallel = self.explainer is None or self.explainer.parallel_runs
        runs, self.run_batch = cpu_arrangement(req.batch_size, meta.tile_size, threads if parallel else 1)

        # The inference session needs none of the inputs: it is created while they are opened and
        # their statistics read. On an error the run does not wait for it.
        pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="landslide-setup")
        try:
            self._session_job = pool.submit(acquire_session, info.path, req.device, threads, parallel_runs=runs)
            img = open_raster(req.image, "image")
            try:
                dem = open_raster(req.dem, "DEM") if req.dem is not None else None
                try:
                    return self._with_inputs(info, img, dem, t_start, pool, runs)
                finally:
                    if dem is not None:
                        dem.close()
            finally:
                img.close()
        except (Cancelled, InputError):
            # The analyst corrects the input, or changes what made them cancel, and runs again:
            # the session waits for that run as after a finished one (see runtime.keep_warm).
            self._release_session()
            raise
        finally:
            job, self._session_job = self._session_job, None
            if job is not None:
                # The run stopped before it needed the session: kept once it is made, likewise. It is
                # waited for (tens of ms): a process that ends on the error (qgis_process, the command
                # line) would otherwise stop onnxruntime halfway, which prints an error of its own.
                from concurrent.futures import wait

                wait([job])
                job.add_done_callback(_keep_unused)
            pool.shutdown(wait=False, cancel_futures=True)

    def _with_inputs(self, info, img, dem, t_start, pool, runs) -> DetectionResult:
        req, meta = self.req, self.meta
        image_name = source_label(req.image)
        self.bands, self.bands_from, note = choose_bands(img, meta, req.bands, image_name)
        if note:
            self.warnings.append(note)
        t = img.transform
        if t.b or t.d:
            raise InputError(f"The image {image_name} is rotated (its pixel grid is not north-up), which the "
                             "outputs cannot follow. Warp it to a north-up grid first (QGIS: Raster > "
                             "Projections > Warp; GDAL: gdalwarp) and run it again.")
        grid, msg = working_grid(img, meta.gsd_m)
        self.image_grid = type(grid)(img.crs, img.transform, img.width, img.height)
        self.img = img          # on a resampled grid, where the outputs have values is read from it
        self.resampled = msg is not None
        if msg:
            self.warnings.append(msg)
        self.grid = grid
        src = image_on_grid(img, grid)
        dem_name = source_label(req.dem) if req.dem is not None else ""
        self._dem_on_grid = lambda ds, dedupe=False: dem_on_grid(ds, grid, dem_name, image_name, dedupe)
        dem_src = self._dem_on_grid(dem) if dem is not None else None
        self.aoi = load_aoi(req.aoi, grid.crs, grid.bounds)

        from concurrent.futures import wait

        from .runtime import CPU, cpu_only

        # Statistics are read only where the model needs them (the image's when it is stretched,
        # the DEM's for normalised elevation) and while the inference session is created. They
        # come from one decimated read, or on a large raster from a lattice of whole blocks (see
        # align.sampled_elevation_statistics), never the whole raster in memory; except that a
        # co-registered DEM on a small grid is read whole (its blocks decoded in parallel, the
        # tiles then slices of it: see align.read_whole_dem). Whether the inputs have any valid
        # pixels, and how much of the image the DEM covers, is counted exactly on the tiles
        # themselves (see _check_coverage).
        sh = decimated_shape(grid.height, grid.width)
        self.stretch = fixed_stretch(img, meta.image_range)
        needs_elevation = dem_src is not None and any(
            c.source == "dem" and c.feature == "elevation_norm" for c in meta.channels)
        self.coverage = {"image_px": 0, "dem_px": 0}
        self.elevation_stats = None
        threads = self.threads
        dem_read = dem_job = None
        # The samples' handles, one per thread, never decode a block stored like another (see
        # align.deduped), as the tiles' do.
        dem_view = lambda ds: self._dem_on_grid(ds, dedupe=True)            # noqa: E731
        image_view = lambda ds: image_on_grid(ds, grid, dedupe=True)        # noqa: E731
        if needs_elevation and preloadable(dem_src, grid):
            step = -(-max(grid.height, grid.width) // SAMPLE_MAX)           # the same sample size
            dem_read = functools.partial(read_whole_dem, dem_src, threads, step)
        elif needs_elevation:
            dem_read = functools.partial(sampled_elevation_statistics, dem, dem_view, dem_src, sh, threads,
                                         isinstance(dem_src, SameGridDem))
        try:
            if dem_read is not None and self.stretch is None:
                # this thread samples the image meanwhile; else it reads the DEM itself (a thread
                # started while the session is created on the other core may wait milliseconds to run)
                dem_job = pool.submit(dem_read)
            if self.stretch is None:
                with reading("image", req.image):
                    sample, valid_s = sampled_image(img, image_view, src,
                                                    range(1, img.count + 1), sh, threads, src is img)
                if not valid_s.any():
                    raise InputError(self._no_image_data())
                self.stretch = choose_stretch(img, meta.image_range, valid_s, sample)
                del sample, valid_s
            self.ctx = None
            if dem_src is not None:
                mean = std = None          # unknown: no channel normalises elevation
                if dem_read is not None:
                    with reading("DEM", req.dem):
                        got = dem_job.result() if dem_job is not None else dem_read()
                    if isinstance(got, InMemoryDem):
                        dem_src, stats = got, got.stats
                        how = every_nth(step) + (" in both directions" if step > 1 else "") \
                            + " of the DEM, read whole"
                    else:
                        stats, how = got
                    n, mean, std = stats
                    if n == 0:
                        raise InputError(self._no_dem_data())
                    std = std or 1.0
                    self.elevation_stats = {"mean_m": round(mean, 3), "std_m": round(std, 3),
                                            "min_m": round(stats.low, 3), "max_m": round(stats.high, 3),
                                            "statistics": how}
                    self._check_elevations(stats)
                self.ctx = features.DemContext(pixel_size_m(grid.crs, grid.transform, grid.height, grid.width),
                                                mean, std)
        finally:
            if dem_job is not None:      # a read never outlives the handle it reads (closed by the caller)
                wait([dem_job])
        self.codec = output_codec(req.compression)
        self.src, self.dem_src = src, dem_src
        # When the provider can only be the CPU (asked for, or onnxruntime offers no other), the
        # first tiles are read while the session is still being created: the model runs wait for
        # it (see _take_session). Otherwise the provider decides how the model runs: it is awaited.
        self.session, self._session_lock, self.session_reused, self._session_key = None, threading.Lock(), False, None
        if cpu_only(req.device):
            self.provider = CPU
        else:
            self._take_session()
        self.model_workers = runs if self.provider == CPU else 1
        self.write_in_thread = write_in_thread(self.provider, self.threads, self.resampled)
        if self.model_workers == 1:
            self.run_batch = req.batch_size        # one run at a time (CUDA): whole batches
        self.tile_size, self.overlap = self._tile_for()
        inputs = [source_file(p) for p in (req.image, req.dem, req.aoi.vector if req.aoi else None)]
        staging = Staging(Path(req.out_dir), inputs)
        import rasterio

        # GDAL's block cache for the tiles, from the raster's width: the image's blocks and, unless
        # it is held in memory, the DEM's (see outputs.block_cache_bytes)
        streamed_dem = dem if dem_src is not None and not isinstance(dem_src, InMemoryDem) else None
        tile_rows = math.ceil(self.tile_size * img.height / grid.height) if self.resampled else 0
        cache = block_cache_bytes(img, streamed_dem, tile_rows)
        self.gdal_cache_mb = round(cache / 2 ** 20)
        # The tiles read the inputs on their own grid through readers that never decode a block
        # stored like another (the nodata around a scene): see align.deduped.
        readers = []        # the views made here, closed with the run (the datasets are the caller's)
        try:
            if self.src is img and isinstance(view := image_on_grid(img, grid, dedupe=True), DedupedDataset):
                self.src = view
                readers.append(view)
            if isinstance(self.dem_src, SameGridDem):
                self.dem_src = self._dem_on_grid(dem, dedupe=True)
                readers.append(self.dem_src)
            with rasterio.Env(GDAL_CACHEMAX=cache):
                return self._produce(info, staging, img, t_start)
        except BaseException:
            staging.discard()
            raise
        finally:
            for r in readers:
                r.close()

    def _take_session(self):
        """The inference session, waited for the first time it is asked for; its creation's error,
        if it failed, is raised to every caller. Sets the provider it really uses and the names of
        the model's input and output."""
        with self._session_lock:
            if self.session is None and self._session_job is not None:
                self.session, self.provider, self._session_key, self.session_reused = self._session_job.result()
                self._session_job = None        # the run holds the only reference (see _release_session)
                self.in_name = self.session.get_inputs()[0].name
                self.out_name = self.session.get_outputs()[0].name
            return self.session

    # ---------------------------------------------------------------- tiles
    def _tile_for(self) -> tuple[int, int]:
        """Tile size and overlap for this raster.

        The model's tile size, except for a raster smaller than one tile on both
        sides when the model takes any input size: it then runs as one tile of
        its own size, rounded up to a multiple of 2^depth (what the encoder
        halves), instead of being mirrored out to the full tile, which shows the
        model a patchwork it never saw in training.
        """
        meta, grid = self.meta, self.grid
        T = meta.tile_size
        if max(grid.height, grid.width) >= T:
            return T, self.overlap
        input_shape = self._take_session().get_inputs()[0].shape
        if not (len(input_shape) == 4 and not all(isinstance(d, int) for d in input_shape[2:])):
            return T, self.overlap                  # a fixed input size
        multiple = 2 ** int(meta.arch_params.get("depth", 5))
        own = -(-max(grid.height, grid.width) // multiple) * multiple
        if own >= T:
            return T, self.overlap
        self.warnings.append(f"The raster ({grid.width} x {grid.height} px) is smaller than the model's "
                             f"{T} px tile: it ran as one {own} px tile.")
        return own, 0

    def _produce(self, info, staging, img, t_start) -> DetectionResult:
        req, meta, grid = self.req, self.meta, self.grid
        tta = bool(req.tta)
        sal = self.explainer is not None
        # The slope of the landslide pixels is written for the polygons' mean slope alone: a run
        # without polygons writes none (on the Baige area A scene that was a quarter of the main
        # thread's writing, 12-14 ms of CPU time, for a file deleted unread).
        has_slope = self.has_slope = self.dem_src is not None and bool(req.write_polygons)
        self.layer_sal = 1 + int(tta)
        self.layer_slope = 1 + int(tta) + int(sal)
        n_layers = self.n_layers = 1 + int(tta) + int(sal) + 2 * int(has_slope)
        # Zero-overlap tiles of a multiple of the block size (or one tile for all) are written as
        # whole blocks: each can go into its file at once (see outputs.GeoTiffWriter). On a
        # resampled grid the outputs are written on the image grid in bands of whole blocks, as
        # the rows of tiles above them are done (see outputs.RowsBack): they are eager too.
        T = self.tile_size
        eager = self.overlap == 0 and (T % BLOCK == 0 or (grid.height <= T and grid.width <= T))
        out_grid = self.image_grid if self.resampled else grid
        files, writers = {}, {}

        def output(name, dtype, nodata, description, **kw):
            files[name] = staging.file(f"{name}.tif")
            writers[name] = create_tif(files[name], out_grid, dtype, nodata, description, self.codec,
                                       eager=eager or self.resampled, **kw)

        self.back = None
        try:
            output("probability", "float32", PROB_NODATA, "landslide probability")
            output("mask", "uint8", MASK_NODATA, "landslide mask")
            if tta:
                output("uncertainty", "float32", PROB_NODATA, "TTA uncertainty (2 x std of 8 flips/rotations)")
            if sal:
                from .saliency import ScaleHistogram

                self.sal_hist = ScaleHistogram()
                # the raw saliency, scaled once all of it is known (on a resampled grid, then resampled back)
                files["saliency_raw"] = staging.file("saliency_raw.tif")
                writers["saliency_raw"] = create_tif(files["saliency_raw"], grid, "float32", PROB_NODATA,
                                                     "raw saliency", compress=None, eager=eager)
            if has_slope:
                output("slope", "float32", PROB_NODATA, "slope (degrees)", sparse=True)
            self.writers = writers
            if self.resampled:
                from .outputs import RowsBack

                names = [n for n in ("probability", "uncertainty", "slope") if n in writers]
                self.back = RowsBack(grid, self.image_grid, names, PROB_NODATA, self._write_band)
            tiles_total, tiles_skipped = self._tile_loop(n_layers, tta)
            if self.back is not None:
                self.progress(90.0, "Resampling the results onto the image grid")
                self.back.finish(max(1, self.threads))
                self.timings["resample_back_s"] = self.back.seconds
        finally:
            close_all(writers.values())
        self._check_coverage()
        self._check_dem_blocks()
        if tiles_total == tiles_skipped:
            raise InputError(f"No tile of the image {source_label(req.image)} has valid pixels"
                             + (" inside the area of interest" if self.aoi else "")
                             + (" with DEM coverage" if meta.needs_dem else "")
                             + ". Check the nodata values, the DEM and the area of interest.")
        if sal:
            files = self._normalise_saliency(staging, files)

        self.progress(92.0, "Vectorising the mask")
        polygons, count, area = None, 0, 0.0
        t0 = time.perf_counter()
        if req.write_polygons:
            polygons, count, area = self._vectorise(staging, files, meta)
        self.timings["vectorize_s"] = time.perf_counter() - t0
        self.timings["total_s"] = time.perf_counter() - t_start

        px, py = pixel_size_m(img.crs, img.transform, img.height, img.width)
        names = ["probability.tif", "mask.tif"] + (["uncertainty.tif"] if tta else []) \
            + (["saliency.tif"] if sal else []) \
            + (["polygons.gpkg"] if polygons else []) + ["summary.json"]
        earlier = staging.earlier_outputs(names)
        if earlier:
            self.warnings.append(f"The earlier run's {', '.join(earlier)} in this folder "
                                 f"{'was' if len(earlier) == 1 else 'were'} removed: "
                                 "this run replaced the outputs that went with them.")
        summary = self._summary(info, tiles_total, tiles_skipped, count, area, px * py, names)
        write_json(staging.file("summary.json"), summary)
        final = staging.commit(names, earlier)
        self.progress(100.0, "Done")
        out = Path(req.out_dir)
        return DetectionResult(
            out_dir=out, probability=final["probability.tif"], mask=final["mask.tif"],
            summary=final["summary.json"], polygons=final.get("polygons.gpkg"),
            uncertainty=final.get("uncertainty.tif"), saliency=final.get("saliency.tif"),
            saliency_method=self.explainer.method if sal else "", model=meta.name, provider=self.provider,
            tiles=tiles_total, tiles_skipped=tiles_skipped, landslides=count, landslide_area_m2=area,
            seconds=self.timings["total_s"], warnings=list(self.warnings))

    def _no_image_data(self) -> str:
        return (f"The image {source_label(self.req.image)} has no valid pixels (everything is nodata). "
                "Check its nodata value or give another image.")

    def _no_dem_data(self) -> str:
        return (f"The DEM {source_label(self.req.dem)} has no valid elevations over the image "
                f"{source_label(self.req.image)}: they do not overlap, or the DEM is all nodata. "
                "Give the DEM that covers the image.")

    def _check_coverage(self) -> None:
        """Errors and warnings from the valid pixels counted on the tiles: an image without any,
        a DEM without any over them, a DEM that covers only part of them."""
        img_px, dem_px = self.coverage["image_px"], self.coverage["dem_px"]
        if img_px == 0:
            if self.aoi is None:
                raise InputError(self._no_image_data())
            return          # nothing valid inside the area of interest: said by the caller
        if self.dem_src is None:
            return
        if dem_px == 0:
            raise InputError(self._no_dem_data())
        cover = dem_px / img_px
        if cover < 0.99:
            self.warnings.append(f"The DEM covers {100 * cover:.0f}% of the image's valid pixels"
                                 + (": the rest is nodata for this terrain model." if self.meta.needs_dem
                                    else "; polygons there get no mean slope."))

    # Elevations beyond these (metres) are on no DEM of dry land: its lowest lies near -430 m (the
    # Dead Sea's shore), its highest below 8.9 km. The usual fill values (-9999, -32768, -3.4e38)
    # all lie beyond; a DEM with sea floor in it may reach below and be told so needlessly.
    ELEVATION_RANGE_M = (-1000.0, 9000.0)

    def _check_elevations(self, stats) -> None:
        """A warning when the DEM's sampled elevations reach beyond any of dry land: most often a fill
        value (-32768, -3.4e38) not declared as nodata, which also spoils the statistics that
        normalise the model's elevation channel; else a DEM not in metres."""
        lo, hi = self.ELEVATION_RANGE_M
        if lo <= stats.low and stats.high <= hi:
            return
        self.warnings.append(
            f"The DEM {source_label(self.req.dem)} has elevations from {stats.low:.6g} to {stats.high:.6g} m, "
            f"beyond any of dry land ({lo:.0f} to {hi:.0f} m): a fill value is probably not declared as its "
            "nodata value, and it distorts the elevation statistics the model is given. Declare it (QGIS: "
            "Raster > Conversion > Translate, 'Assign a specified nodata value to output bands'; GDAL: "
            "gdal_edit.py -a_nodata VALUE dem.tif) and run again. A DEM in other units than metres needs "
            "converting to metres first.")

    def _check_dem_blocks(self) -> None:
        """A warning naming the DEM's blocks whose stored bytes failed their check (see
        raster_io.BlockReader.damaged): the file is damaged there."""
        src = self.dem_src
        found = src.damaged() if isinstance(src, (InMemoryDem, DedupedDataset)) else []
        if not found:
            return
        r, c, h, w = found[0]
        place = f"rows {r}-{r + h - 1}, columns {c}-{c + w - 1}"
        if len(found) == 1:
            what, it = f"1 of its stored blocks fails its checksum ({place})", "it"
        else:
            what, it = f"{len(found)} of its stored blocks fail their checksums (the first: {place})", "them"
        there = (f"read as nodata, nothing was mapped from {it}" if src.nodata is not None else
                 f"with no nodata value to put there, the elevations read from {it}, and the slope and "
                 "landslides found from those, may be wrong")
        self.warnings.append(f"The DEM {source_label(self.req.dem)} is damaged: {what}; {there}. Copy the DEM "
                             "again from its source, or export it anew, and run again.")

    def _tile_loop(self, n_layers: int, tta: bool) -> tuple[int, int]:
        """Read, predict and write every tile.

        The model runs in worker threads (onnxruntime releases the GIL) while
        this thread reads the next batch, so reading overlaps the model instead
        of adding to it. Finished batches are blended and written in tile order
        (the streaming blender depends on it): by a writing thread of their own
        when :attr:`write_in_thread` (see :func:`write_in_thread`), so that
        reading, the model and writing all go on at once; else by this thread
        between its reads.
        """
        from collections import deque
        from concurrent.futures import ThreadPoolExecutor

        grid = self.grid
        tgrid = TileGrid(grid.height, grid.width, self.tile_size, self.overlap)
        blender = StreamingBlender(tgrid, n_layers, self._write_cell)
        total = len(tgrid)
        queue: list = []           # (tile, channels or None, valid, extra layers); None: skipped
        done = skipped = 0
        batch = self.run_batch
        in_flight: deque = deque()  # (queued tiles, future of their predictions), oldest first
        writes: deque = deque()     # futures of the batches handed to the writing thread, oldest first
        self.progress(0.0, f"{total} tiles of {self.tile_size} px")

        def finish(item):
            nonlocal done
            items, future = item
            preds = future.result() if future is not None else None
            t0 = time.perf_counter()
            k = 0
            for tile, x, valid, extra in items:
                if x is not None:
                    if extra is None:
                        layers = preds[k]
                    else:       # extra was made with room for the predictions in front
                        layers = extra
                        layers[:len(preds[k])] = preds[k]
                    blender.add(tile, layers, valid)
                    k += 1
                blender.done(tile)
                if self.back is not None and (rows := blender.rows_done(tile)) is not None:
                    self.back.final(rows)           # resample what the rows above allow, meanwhile
            self.timings["blend_write_s"] += time.perf_counter() - t0
            done += len(items)

        def hand_on(item):
            """The oldest batch in flight to be blended and written: here, or queued for the writing
            thread, which this thread then waits for only when it falls WRITES_QUEUED behind."""
            if writer is None:
                finish(item)
            else:
                writes.append(writer.submit(finish, item))
                while writes and (len(writes) > WRITES_QUEUED or writes[0].done()):
                    writes.popleft().result()       # a failure to write is raised here
            self.progress(90.0 * done / total, f"Tile {done} of {total}")

        def submit(pool):
            if self.cancel():
                raise Cancelled("Detection cancelled; no output was written.")
            items = list(queue)
            queue.clear()
            work = [q for q in items if q[1] is not None]
            future = None
            if work:
                future = pool.submit(self._predict_batch, _batch([q[1] for q in work]),
                                     _batch([q[2] for q in work]), tta)
            in_flight.append((items, future))
            # Keep every model worker busy, plus QUEUED_BATCHES waiting, while this thread reads on.
            while len(in_flight) > self.model_workers + QUEUED_BATCHES - 1:
                hand_on(in_flight.popleft())

        writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="landslide-write") \
            if self.write_in_thread else None
        try:
            with ThreadPoolExecutor(max_workers=self.model_workers, thread_name_prefix="landslide-model") as pool:
                try:
                    for tile in tgrid.tiles():
                        t0 = time.perf_counter()
                        item = self._read_tile(tile)
                        self.timings["read_s"] += time.perf_counter() - t0
                        if item is None:
                            skipped += 1
                            queue.append((tile, None, None, None))
                        else:
                            queue.append((tile,) + item)
                        if sum(1 for q in queue if q[1] is not None) >= batch:
                            submit(pool)
                    if queue:
                        submit(pool)
                    while in_flight:
                        hand_on(in_flight.popleft())
                    if writer is not None:
                        while writes:
                            writes.popleft().result()
                        self.progress(90.0, f"Tile {total} of {total}")
                finally:
                    # on a failure or a cancel: the batches not yet run, or not yet written, are dropped
                    for _, future in in_flight:
                        if future is not None:
                            future.cancel()
                    for w in writes:
                        w.cancel()
        finally:
            if writer is not None:
                # the batch being written is waited for: the outputs are closed (and discarded) after it
                writer.shutdown(wait=True)
        self.peak_cells = blender.peak_cells
        self._release_session()
        return total, skipped

    def _release_session(self) -> None:
        """Hand the inference session on once the model is done: kept for a next run of the same
        model (see runtime.keep_warm), or, when sessions are not kept, freed in a thread of its
        own while the outputs are finished (freeing its memory arena takes 10-20 ms, and
        onnxruntime holds Python's lock meanwhile). Saliency keeps the session (its explainer
        may still use it); it is freed with the run."""
        from .runtime import KEEP_WARM_S, keep_warm

        if self.explainer is not None or self.session is None:
            return
        box = [self.session]
        self.session = None
        if KEEP_WARM_S > 0 and self._session_key is not None:
            keep_warm(self._session_key, box.pop(), self.provider)
            return
        # not a daemon: an exiting interpreter waits for it rather than unloading onnxruntime under it
        threading.Thread(target=box.clear, name="landslide-release", daemon=False).start()

    def _predict_batch(self, x: np.ndarray, valid: np.ndarray, tta: bool) -> np.ndarray:
        """(N, L, T, T) predictions of one batch, with the saliency layer when asked for."""
        preds = self._predict(x, tta)
        if self.explainer is not None:
            t1 = time.perf_counter()
            sal = self.explainer.explain(x, valid, None if tta else preds[:, 0])
            preds = np.concatenate([preds, sal[:, None].astype(np.float32)], axis=1)
            self._add_time("saliency_s", time.perf_counter() - t1)
        return preds

    def _read_tile(self, tile: Tile):
        """Model input (C,T,T), valid (T,T) and extra layers for one tile; None when nothing is valid."""
        from rasterio.windows import Window, transform as win_transform

        grid, meta, T = self.grid, self.meta, self.tile_size
        h, w = min(T, grid.height - tile.y0), min(T, grid.width - tile.x0)
        if self.aoi is not None:
            ax0, ay0, ax1, ay1 = self.aoi.bounds
            from rasterio.transform import array_bounds

            west, south, east, north = array_bounds(h, w, win_transform(Window(tile.x0, tile.y0, w, h),
                                                                        grid.transform))
            if ax0 >= east or ax1 <= west or ay0 >= north or ay1 <= south:
                return None
        bands = list(self.bands)        # image band numbers, in the model's band order
        # The image is read on the tile alone (block-aligned, the cheapest read); only the DEM
        # needs a one-pixel halo, for the neighbours of slope and the other terrain features.
        with reading("image", self.req.image), self._image_lock:
            # as stored where it is read at its own cell size (resampled, its values are fractions)
            image, has_data = read_window(self.src, bands, tile.y0, tile.x0, h, w, as_stored=not self.resampled)
        valid = has_data
        if self.aoi is not None:
            # Outside the area of interest the model still sees the image (context), but nothing
            # is written there.
            valid = valid & self.aoi.window_mask(win_transform(Window(tile.x0, tile.y0, w, h), grid.transform), h, w)
        n_valid = int(np.count_nonzero(valid))
        if not n_valid:
            return None
        self.coverage["image_px"] += n_valid
        # Values used as they are, on a tile without nodata, go to the channels as read (8-bit
        # imagery for an 8-bit model): no float copy of the whole tile is made for them.
        if not (has_data.all() and self.stretch.keeps(bands)):
            image = image.astype(np.float32, copy=False)
            if bands:
                image = self.stretch.apply(image, bands)
            if not has_data.all():
                np.copyto(image, np.float32(np.nan), where=~has_data)
        dem = slope = None
        known = {}
        if self.dem_src is not None:
            ry0, rx0 = max(0, tile.y0 - 1), max(0, tile.x0 - 1)
            ry1, rx1 = min(grid.height, tile.y0 + h + 1), min(grid.width, tile.x0 + w + 1)
            with reading("DEM", self.req.dem):
                halo_dem = self.dem_src.read(1, window=Window(rx0, ry0, rx1 - rx0, ry1 - ry0))
            inner = (slice(tile.y0 - ry0, tile.y0 - ry0 + h), slice(tile.x0 - rx0, tile.x0 - rx0 + w))
            dem = halo_dem[inner]
            # slope is computed once: a model channel and the polygons' mean slope both use it
            names = {"slope_deg"} | {c.feature for c in meta.channels if c.source == "dem"}
            names.discard("elevation_norm")
            known = {k: v[inner] for k, v in features.dem_features(sorted(names), halo_dem, self.ctx).items()}
            slope = known["slope_deg"]
            dem_ok = np.isfinite(slope)         # slope is NaN exactly where the DEM is
            self.coverage["dem_px"] += n_valid if dem_ok.all() else int(np.count_nonzero(valid & dem_ok))
        chans, ch_valid = features.build_channels(meta, image, dem, self.ctx, known=known)
        valid = valid & ch_valid
        if not valid.any():
            return None
        x = _pad(chans, T)
        v = np.zeros((T, T), bool)
        v[:h, :w] = valid
        extra = None
        if self.has_slope:
            # all of the tile's layers: the predictions go in front when they come back; 0 where
            # there is no slope and in the padding
            # (only an edge tile's padding needs zeroing first)
            extra = (np.empty if (h, w) == (T, T) else np.zeros)((self.n_layers, T, T), np.float32)
            extra[-2, :h, :w] = slope
            if not dem_ok.all():
                extra[-2, :h, :w][~dem_ok] = 0.0
            extra[-1, :h, :w] = dem_ok
        return x, v, extra

    def _add_time(self, key: str, seconds: float) -> None:
        with self._timing_lock:
            self.timings[key] = self.timings.get(key, 0.0) + seconds

    def _run_model(self, x: np.ndarray) -> np.ndarray:
        session = self._take_session()
        t0 = time.perf_counter()
        y = session.run([self.out_name], {self.in_name: np.ascontiguousarray(x, dtype=np.float32)})[0]
        self._add_time("model_s", time.perf_counter() - t0)
        y = np.asarray(y, dtype=np.float32)
        if y.ndim == 4:
            y = y[:, 0]
        return np.clip(y, 0.0, 1.0)

    def _run_saliency_model(self, x: np.ndarray) -> np.ndarray:
        """Probabilities (N, T, T) for occlusion saliency, timed apart from the detection itself."""
        y = self._take_session().run([self.out_name], {self.in_name: np.ascontiguousarray(x, dtype=np.float32)})[0]
        y = np.asarray(y, dtype=np.float32)
        return np.clip(y[:, 0] if y.ndim == 4 else y, 0.0, 1.0)

    def _normalise_saliency(self, staging, files: dict) -> dict:
        """Divide the raw saliency by its global 99th percentile (one scale: no tile seams), clip to
        0-1. On a resampled grid it comes back onto the image grid as it is scaled, like the
        other layers (see outputs.RowsBack)."""
        from .outputs import RowsBack
        from .saliency import PERCENTILE, rescale

        t0 = time.perf_counter()
        fixed = getattr(self.explainer, "fixed_scale", None)     # attention: already 0-1, no rescaling
        scale = fixed if fixed else self.sal_hist.percentile(PERCENTILE)
        if scale <= 0:
            self.warnings.append("The saliency is zero everywhere: the model's output does not change with "
                                 "its input here.")
        self.sal_scale = scale
        files = dict(files)
        raw = files.pop("saliency_raw")
        files["saliency"] = staging.file("saliency.tif")
        with create_tif(files["saliency"], self.image_grid if self.resampled else self.grid, "float32",
                        PROB_NODATA, f"saliency ({self.explainer.method}), 0-1", self.codec, eager=True) as dst:
            if self.resampled:
                def write(win, layers):
                    self._keep_to_valid(win, layers)
                    dst.write(layers["saliency"], 1, window=win)

                back = RowsBack(self.grid, self.image_grid, ["saliency"], PROB_NODATA, write)
                rescale(raw, back.rows_writer("saliency"), scale, np.nan)
                back.finish(max(1, self.threads))
            else:
                rescale(raw, dst, scale, PROB_NODATA)
        raw.unlink()
        self._add_time("saliency_s", time.perf_counter() - t0)
        return files

    def _predict(self, x: np.ndarray, tta: bool) -> np.ndarray:
        """(N, C, T, T) -> (N, L, T, T): probability, and with TTA its uncertainty."""
        if not tta:
            return self._run_model(x)[:, None]
        runs = []
        for k, flip in TTA_TRANSFORMS:
            xt = x[..., ::-1] if flip else x
            y = self._run_model(np.rot90(xt, k, axes=(2, 3)))
            y = np.rot90(y, -k, axes=(1, 2))
            runs.append(y[..., ::-1] if flip else y)
        runs = np.stack(runs)
        # std of values in [0, 1] is at most 0.5: doubling maps it onto 0-1.
        return np.stack([runs.mean(axis=0), np.clip(2.0 * runs.std(axis=0), 0.0, 1.0)], axis=1)

    def _write_cell(self, y0, x0, values, wsum, ok) -> None:
        from rasterio.windows import Window

        h, w = ok.shape
        win = Window(x0, y0, w, h)
        prob = values[0]
        full = ok.all()
        if "saliency_raw" in self.writers:
            raw = values[self.layer_sal]
            self.sal_hist.add(raw[ok])
            self.writers["saliency_raw"].write(_where(ok, raw, PROB_NODATA), 1, window=win)
        if self.back is not None:
            # On a resampled grid the outputs are made on the image grid (see _write_band): the
            # cell's layers go there, NaN where not valid. All of the slope is kept: the mask is
            # only made there.
            layers = {"probability": np.ascontiguousarray(prob, np.float32) if full else _where(ok, prob, np.nan)}
            if "uncertainty" in self.writers:
                layers["uncertainty"] = _where(ok, values[1], np.nan)
            if "slope" in self.writers:
                s = self.layer_slope
                layers["slope"] = _where(ok & (values[s + 1] > 0.5), values[s], np.nan)
            self.back.put(y0, x0, layers)
            return
        hit = prob >= self.threshold
        if not full:
            hit &= ok
        n_hit = int(np.count_nonzero(hit))
        self.writers["probability"].write(np.ascontiguousarray(prob, np.float32) if full
                                          else _where(ok, prob, PROB_NODATA), 1, window=win)
        self.writers["mask"].write(_mask(hit, None if full else ok), 1, window=win)
        self.counts["valid_pixels"] += ok.size if full else int(np.count_nonzero(ok))
        self.counts["landslide_pixels"] += n_hit
        if "uncertainty" in self.writers:
            self.writers["uncertainty"].write(_where(ok, values[1], PROB_NODATA), 1, window=win)
        if "slope" in self.writers and n_hit:
            # Only the polygons read the slope (their mean slope), and polygons lie on landslide
            # pixels: elsewhere it is left nodata (cells without any landslide are not written at
            # all, and nearly constant blocks compress for next to nothing).
            s = self.layer_slope
            keep = hit & (values[s + 1] > 0.5)
            self.writers["slope"].write(_where(keep, values[s], PROB_NODATA), 1, window=win)

    def _write_band(self, win, layers: dict) -> None:
        """A band of image-grid rows resampled back from a resampled grid (see outputs.RowsBack):
        the probability, the mask made from it, and the other layers. The probability is
        nodata, below any threshold, where it is not valid: no hit lies there. Resampling back
        carries values up to a cell of the working grid past its valid cells, and a cell is valid
        where any of the image pixels it averages is: the image's own valid pixels and the area
        of interest on the image grid decide where the outputs have values."""
        self._keep_to_valid(win, layers)
        p = layers["probability"]
        valid = p != PROB_NODATA
        n_valid = int(np.count_nonzero(valid))
        hit = p >= self.threshold
        self.counts["valid_pixels"] += n_valid
        self.counts["landslide_pixels"] += int(np.count_nonzero(hit))
        self.writers["probability"].write(p, 1, window=win)
        self.writers["mask"].write(_mask(hit, valid if n_valid < valid.size else None), 1, window=win)
        for name, values in layers.items():
            if name != "probability":
                self.writers[name].write(values, 1, window=win)

    def _keep_to_valid(self, win, layers: dict) -> None:
        """Layers resampled back onto a window of the image grid made nodata wherever the image
        has none or the area of interest does not reach."""
        keep = self._valid_on_image_grid(win)
        if keep is not None:
            for values in layers.values():
                values[~keep] = PROB_NODATA

    def _valid_on_image_grid(self, win) -> Optional[np.ndarray]:
        """Where the image has data and the area of interest lies, in a window of the image grid;
        None when that is everywhere. The image's blocks there were decoded for the tiles a moment
        before: they come from GDAL's block cache (see outputs.block_cache_bytes)."""
        from rasterio.windows import transform as win_transform

        r0, c0, h, w = int(win.row_off), int(win.col_off), int(win.height), int(win.width)
        with reading("image", self.req.image), self._image_lock:
            keep = valid_window(self.img, r0, c0, h, w)
        if self.aoi is not None:
            inside = self.aoi.window_mask(win_transform(win, self.image_grid.transform), h, w)
            keep = inside if keep is None else keep & inside
        return keep

    # ---------------------------------------------------------------- finishing
    def _vectorise(self, staging, files: dict, meta):
        try:
            from .vectorize import vectorize_mask
        except ImportError:
            self.warnings.append("Polygons were not written: the vectoriser is not available in this installation.")
            return None, 0, 0.0
        path = staging.file("polygons.gpkg")
        res = vectorize_mask(files["mask"], path, probability_path=files["probability"],
                             uncertainty_path=files.get("uncertainty"), slope_path=files.get("slope"),
                             min_area_m2=self.req.min_area_m2, simplify_m=self.req.simplify_m, model=meta.name,
                             cancel=self.cancel)
        return path, int(res.count), float(res.total_area_m2)

    def _summary(self, info, tiles, skipped, count, area, pixel_area_m2, names) -> dict:
        req, meta = self.req, self.meta
        t = {k: round(v, 3) for k, v in self.timings.items()}
        return {
            "inputs": {"image": _described(req.image), "dem": _described(req.dem),
                       "aoi": self.aoi.description if self.aoi else None,
                       "image_size_px": [self.image_grid.width, self.image_grid.height],
                       "image_bands": dict(zip(meta.band_roles, self.bands)),
                       "image_bands_from": self.bands_from,
                       "crs": self.image_grid.crs.to_string()},
            "model": {"name": meta.name, "title": meta.title, "architecture": meta.architecture,
                      "path": str(info.path), "version": meta.version, "gsd_m": meta.gsd_m,
                      "tile_size": meta.tile_size, "channels": [c.name for c in meta.channels]},
            "settings": {"threshold": self.threshold, "overlap_px": self.overlap, "tile_size": self.tile_size,
                         "batch_size": req.batch_size,
                         "model_runs": {"at_once": self.model_workers, "tiles_per_run": self.run_batch},
                         "device": req.device, "threads": self.threads, "tta": bool(req.tta),
                         "compression": self.codec, "gdal_block_cache_mb": self.gdal_cache_mb},
            "provider": self.provider,
            # True when the previous run's session (same model, device and threads) was used again
            "session_reused": self.session_reused,
            "preprocessing": {"image_values": self.stretch.description,
                              "elevation": self.elevation_stats,
                              "working_grid_px": [self.grid.width, self.grid.height],
                              "resampled": self.resampled},
            "tiles": tiles, "tiles_skipped": skipped,
            "counts": {**self.counts, "landslide_area_m2_raster": round(self.counts["landslide_pixels"] * pixel_area_m2, 2),
                       "landslides": count, "landslide_area_m2": round(area, 2)},
            "saliency": self._saliency_summary(),
            "uncertainty": ({"definition": "2 x standard deviation of the 8 flip/rotation predictions, 0-1",
                             "transforms": len(TTA_TRANSFORMS)} if req.tta else None),
            "timings": t,
            "warnings": self.warnings,
            "outputs": [n for n in names],
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        }

    def _saliency_summary(self) -> Optional[dict]:
        if self.explainer is None:
            return None
        from .saliency import PERCENTILE

        if getattr(self.explainer, "fixed_scale", None):
            norm = {"percentile": None, "scale": getattr(self, "sal_scale", None),
                    "definition": "none: the blended attention coefficients are already 0-1"}
        else:
            norm = {"percentile": PERCENTILE, "scale": getattr(self, "sal_scale", None),
                    "definition": f"raw blended saliency / its {PERCENTILE:g}th percentile over the "
                                  "whole raster, clipped to 0-1"}
        d = {"requested": self.req.saliency, **self.explainer.describe(), "normalisation": norm}
        self.warnings.extend(n for n in self.explainer.notes if n not in self.warnings)
        return d


def _keep_unused(job) -> None:
    """Keep the session a stopped run had made but not used (its creation's future ``job``) for
    the next run, as :meth:`_Run._release_session` keeps a used one."""
    from .runtime import keep_warm

    if job.cancelled() or job.exception() is not None:
        return                  # never started, or the model cannot load: the next run says why
    session, provider, key, _ = job.result()
    try:
        keep_warm(key, session, provider)
    except RuntimeError:
        pass                    # the interpreter is exiting (no thread can start): freed with it


def _mask(hit: np.ndarray, valid: Optional[np.ndarray]) -> np.ndarray:
    """The uint8 mask of ``hit`` (1 landslide, 0 not), MASK_NODATA where not ``valid`` (None:
    all valid, and the mask is a view of ``hit``: a bool is one byte, 1 or 0)."""
    mask = hit.view(np.uint8)
    if valid is None:
        return mask
    mask = mask.copy()
    np.copyto(mask, np.uint8(MASK_NODATA), where=~valid)
    return mask


def _where(keep: np.ndarray, values: np.ndarray, nodata: float) -> np.ndarray:
    """float32 ``values`` where ``keep``, ``nodata`` elsewhere (one pass, one new array)."""
    return np.where(keep, values, np.float32(nodata)).astype(np.float32, copy=False)


def _batch(arrays: list) -> np.ndarray:
    """The tiles' arrays as one batch: a single tile (a CPU run's usual batch) as a view of its
    own array, without copying it; several stacked."""
    return arrays[0][None] if len(arrays) == 1 else np.stack(arrays)


def _pad(x: np.ndarray, size: int) -> np.ndarray:
    """Pad (C, h, w) to (C, size, size) by reflection so edge tiles keep the fixed shape."""
    c, h, w = x.shape
    if h == size and w == size:
        return np.ascontiguousarray(x)
    mode = "reflect" if h > 1 and w > 1 else "edge"
    return np.pad(x, ((0, 0), (0, size - h), (0, size - w)), mode=mode)


def _described(src) -> Optional[str]:
    """An input as summary.json names it: a file by its absolute path, a GDAL name as given."""
    if src is None:
        return None
    return str(Path(src).resolve()) if source_file(src) else str(src)
