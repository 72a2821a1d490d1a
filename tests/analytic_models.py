"""Tiny ONNX models whose output is known exactly, carrying our metadata.

They let tests check tiling, blending, nodata and channel building to the
pixel: the model output is a closed-form function of the normalised input
channels, so the expected probability raster can be computed with numpy.
"""
from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from landslide_mapper.plugin.engine.model_meta import METADATA_KEY, ChannelSpec, ModelMetadata


def metadata(name: str, channels: Sequence[ChannelSpec], *, tile_size=64, overlap=8, threshold=0.5,
             gsd_m=0.5, family="optical", default=False, image_range=(0.0, 255.0)) -> ModelMetadata:
    return ModelMetadata(name=name, title=name.replace("_", " "), family=family, architecture="analytic",
                         arch_params={}, channels=tuple(channels), gsd_m=gsd_m, tile_size=tile_size,
                         overlap=overlap, threshold=threshold, image_range=tuple(image_range),
                         default=default, description="analytic test model",
                         metrics={"val_f1": 0.5, "val_miou": 0.4})


def _save(graph, meta: ModelMetadata, path: Path) -> Path:
    import onnx
    from onnx import helper

    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="tests")
    model.ir_version = 8
    entry = model.metadata_props.add()
    entry.key = METADATA_KEY
    entry.value = meta.to_json()
    onnx.checker.check_model(model)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(model, str(path))
    return path


def conv_sigmoid_model(path: Path, meta: ModelMetadata, weights: Sequence[float], bias: float = 0.0,
                       kernel: np.ndarray | None = None) -> Path:
    """``sigmoid(sum_c w_c * x_c + bias)`` per pixel (1x1 convolution).

    With ``kernel`` (a (C, k, k) array, k odd) the convolution is k x k with
    zero padding instead: neighbours matter, and an asymmetric kernel makes
    a model that is not flip- or rotation-symmetric.
    """
    from onnx import TensorProto, helper, numpy_helper

    c = meta.in_channels
    if kernel is None:
        w = np.asarray(weights, dtype=np.float32).reshape(1, c, 1, 1)
    else:
        w = np.asarray(kernel, dtype=np.float32).reshape(1, c, *np.asarray(kernel).shape[-2:])
    k = w.shape[-1]
    inits = [numpy_helper.from_array(w, "W"), numpy_helper.from_array(np.array([bias], np.float32), "B")]
    nodes = [helper.make_node("Conv", ["input", "W", "B"], ["z"], pads=[k // 2] * 4),
             helper.make_node("Sigmoid", ["z"], ["probability"])]
    graph = helper.make_graph(
        nodes, meta.name,
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N", c, "H", "W"])],
        [helper.make_tensor_value_info("probability", TensorProto.FLOAT, ["N", 1, "H", "W"])],
        initializer=inits)
    return _save(graph, meta, path)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def rgb_channels(mean=127.5, std=50.0):
    return [ChannelSpec(n, "band", band=i + 1, mean=mean, std=std) for i, n in enumerate(("red", "green", "blue"))]


def red_sigmoid(path: Path, **kw) -> Path:
    """Image-only model: sigmoid((red - 127.5) / 50 * 2 - 0.5), ignoring green and blue."""
    meta = metadata(kw.pop("name", "red_sigmoid"), rgb_channels(), **kw)
    return conv_sigmoid_model(path, meta, [2.0, 0.0, 0.0], bias=-0.5)


def red_sigmoid_expected(red: np.ndarray) -> np.ndarray:
    return sigmoid((red.astype(np.float64) - 127.5) / 50.0 * 2.0 - 0.5)


def slope_model(path: Path, **kw) -> Path:
    """DEM-needing model: sigmoid((slope_deg - 30) / 10) plus 0 * red."""
    chans = [ChannelSpec("red", "band", band=1, mean=127.5, std=50.0),
             ChannelSpec("slope", "dem", feature="slope_deg", mean=30.0, std=10.0)]
    meta = metadata(kw.pop("name", "slope_sigmoid"), chans, family="terrain", **kw)
    return conv_sigmoid_model(path, meta, [0.0, 1.0], bias=0.0)


def asymmetric_model(path: Path, **kw) -> Path:
    """Not flip/rotation symmetric: the output depends on the pixel to the right and below."""
    meta = metadata(kw.pop("name", "asymmetric"), rgb_channels(), **kw)
    kernel = np.zeros((3, 3, 3), np.float32)
    kernel[0, 1, 1] = 1.0
    kernel[0, 1, 2] = 2.0
    kernel[0, 2, 1] = -1.5
    return conv_sigmoid_model(path, meta, [], bias=0.0, kernel=kernel)


def elevation_model(path: Path, **kw) -> Path:
    """DEM-needing model on the scene's normalised elevation: sigmoid(elevation_norm)."""
    chans = [ChannelSpec("red", "band", band=1, mean=127.5, std=50.0),
             ChannelSpec("elevation", "dem", feature="elevation_norm", mean=0.0, std=1.0)]
    meta = metadata(kw.pop("name", "elevation_sigmoid"), chans, family="terrain", **kw)
    return conv_sigmoid_model(path, meta, [0.0, 1.0], bias=0.0)
