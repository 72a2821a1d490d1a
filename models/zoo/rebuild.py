"""Rebuild the PyTorch module of an exported model from the ONNX file alone.

The architecture and its settings come from the ``landslide_mapper``
metadata; the weights come from the graph's initializers, located through
the ``landslide_mapper_weights`` map (parameter name -> initializer name,
and whether it is stored transposed) that export writes beside it. Batch
norm is folded into the convolutions both at export and here, so the module
computes exactly what the ONNX graph computes. Used by gradient saliency.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Union

import numpy as np

WEIGHTS_KEY = "landslide_mapper_weights"


def weight_map(state: dict, initializers: dict) -> dict:
    """{state key: [initializer name, transposed]} found by exact value match."""
    index: dict = {}
    for name, arr in initializers.items():
        index.setdefault((arr.shape, arr.astype(np.float32).tobytes()), [name, False])
        if arr.ndim == 2:
            t = np.ascontiguousarray(arr.T)
            index.setdefault((t.shape, t.astype(np.float32).tobytes()), [name, True])
    out = {}
    for key, tensor in state.items():
        a = tensor.detach().cpu().numpy().astype(np.float32)
        hit = index.get((a.shape, a.tobytes()))
        if hit is not None:
            out[key] = hit
    return out


def _initializers(proto) -> dict:
    from onnx import numpy_helper
    return {i.name: numpy_helper.to_array(i) for i in proto.graph.initializer}


def rebuild(path: Union[str, Path]):
    """(module in eval mode, ModelMetadata) from an exported ONNX file.

    Raises ValueError when the file was not exported by the zoo (no weight
    map) or a weight the graph uses cannot be found.
    """
    import onnx
    import torch

    from landslide_mapper.plugin.engine.model_meta import METADATA_KEY, ModelMetadata

    from .fuse import fuse_batchnorm
    from .registry import create_model

    proto = onnx.load(str(path))
    props = {p.key: p.value for p in proto.metadata_props}
    if METADATA_KEY not in props or WEIGHTS_KEY not in props:
        raise ValueError(f"{path}: no zoo metadata/weight map; only models exported by "
                         "landslide_mapper.models.zoo.export can be rebuilt")
    meta = ModelMetadata.from_json(props[METADATA_KEY], where=str(path))
    wmap = json.loads(props[WEIGHTS_KEY])
    params = dict(meta.arch_params)
    params["in_channels"] = meta.in_channels
    model = fuse_batchnorm(create_model(meta.architecture, **params))
    inits = _initializers(proto)
    state = model.state_dict()
    for key, (name, transposed) in wmap["params"].items():
        if key not in state or name not in inits:
            raise ValueError(f"{path}: weight '{key}' ({name}) does not fit architecture {meta.architecture}")
        arr = inits[name].T if transposed else inits[name]
        state[key] = torch.from_numpy(np.array(arr, dtype=np.float32, copy=True)).to(state[key].dtype)
    model.load_state_dict(state)
    return model.eval(), meta
