"""Fold batch norm into the preceding convolution (eval-mode arithmetic, exact up to rounding).

Export fuses before tracing, and :mod:`.rebuild` fuses a fresh module the
same way, so the rebuilt module has the same parameters, one to one, as the
ONNX file's initializers.
"""
from __future__ import annotations

from torch import nn
from torch.nn.utils.fusion import fuse_conv_bn_eval


def fuse_batchnorm(model: nn.Module) -> nn.Module:
    """In place: every Conv2d directly followed by BatchNorm2d in a Sequential becomes one Conv2d."""
    model.eval()
    for module in list(model.modules()):
        if not isinstance(module, nn.Sequential):
            continue
        names = list(module._modules)
        for a, b in zip(names, names[1:]):
            conv, bn = module._modules[a], module._modules[b]
            if isinstance(conv, nn.Conv2d) and isinstance(bn, nn.BatchNorm2d):
                module._modules[a] = fuse_conv_bn_eval(conv, bn)
                module._modules[b] = nn.Identity()
    left = [n for n, m in model.named_modules() if isinstance(m, nn.BatchNorm2d)]
    if left:
        raise ValueError(f"batch norm layers without a preceding convolution: {left}")
    return model
