"""U-Net (Ronneberger et al.), the baseline of all four seed papers.

Attention hooks let the attention variants reuse the same skeleton: an
optional module after each encoder stage, after each decoder stage, on each
skip connection, and attention gates on the skips.
"""
from __future__ import annotations

from typing import Callable, Optional

import torch
import torch.nn.functional as F
from torch import nn

from .blocks import AttentionGate, DoubleConv, ResBlock, upsample_to, widths

BlockFactory = Callable[[int, int], nn.Module]
AttnFactory = Optional[Callable[[int], nn.Module]]


def _maybe(factory: AttnFactory, ch: int) -> nn.Module:
    return factory(ch) if factory is not None else nn.Identity()


class UNet(nn.Module):
    """Encoder-decoder with skip connections; returns logits (B,1,H,W).

    H and W must be divisible by ``2**depth``.
    """

    def __init__(self, in_channels: int = 3, base: int = 16, depth: int = 4,
                 block: BlockFactory = DoubleConv, enc_attn: AttnFactory = None,
                 dec_attn: AttnFactory = None, skip_attn: AttnFactory = None,
                 pool_attn: AttnFactory = None, gates: bool = False):
        super().__init__()
        w = widths(base, depth)
        self.depth = depth
        self.enc = nn.ModuleList([block(in_channels if i == 0 else w[i - 1], w[i]) for i in range(depth + 1)])
        self.enc_attn = nn.ModuleList([_maybe(enc_attn, w[i]) for i in range(depth + 1)])
        # attention right after each pooling step (seed 003 attends in both paths)
        self.pool_attn = nn.ModuleList([_maybe(pool_attn, w[i]) for i in range(depth)])
        self.up = nn.ModuleList([nn.Conv2d(w[i + 1], w[i], 1) for i in range(depth)])
        self.up_attn = nn.ModuleList([_maybe(pool_attn, w[i]) for i in range(depth)])
        self.skip_attn = nn.ModuleList([_maybe(skip_attn, w[i]) for i in range(depth)])
        self.gates = nn.ModuleList([AttentionGate(w[i], w[i + 1], max(w[i] // 2, 2)) if gates else nn.Identity()
                                    for i in range(depth)])
        self.use_gates = gates
        self.dec = nn.ModuleList([block(2 * w[i], w[i]) for i in range(depth)])
        self.dec_attn = nn.ModuleList([_maybe(dec_attn, w[i]) for i in range(depth)])
        self.head = nn.Conv2d(w[0], 1, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        feats = []
        for i in range(self.depth + 1):
            if i > 0:
                x = F.max_pool2d(x, 2)
                x = self.pool_attn[i - 1](x)
            x = self.enc_attn[i](self.enc[i](x))
            feats.append(x)
        x = feats[-1]
        for i in reversed(range(self.depth)):
            skip = feats[i]
            if self.use_gates:
                skip = self.gates[i](skip, x)
            skip = self.skip_attn[i](skip)
            up = self.up_attn[i](self.up[i](upsample_to(x, skip)))
            x = self.dec_attn[i](self.dec[i](torch.cat([up, skip], dim=1)))
        return self.head(x)


def unet(in_channels: int = 3, base: int = 16, depth: int = 4) -> UNet:
    return UNet(in_channels, base, depth)


def resunet(in_channels: int = 3, base: int = 16, depth: int = 4) -> UNet:
    """ResUNet: residual blocks in encoder and decoder (seed 001)."""
    return UNet(in_channels, base, depth, block=ResBlock)
