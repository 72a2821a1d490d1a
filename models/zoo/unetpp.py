"""U-Net++ (nested dense skip connections) and its attention variants (seed 001).

Node X[i][j] (level i, column j) sees every earlier node of its level and the
upsampled node below: ``X[i][j] = block(cat(X[i][0..j-1], up(X[i+1][j-1])))``.
With deep supervision a 1x1 head sits on each top node X[0][1..depth]; in
training the model returns every head (the loss averages them), in eval the
mean of their logits, which is what gets exported.

Attention variants put a module after each encoder convolution X[i][0]:
``spatial`` (average and max along channels), ``contextual`` (channel then
spatial attention) or ``both`` (spatial, then contextual, in sequence).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from .blocks import ChannelAttention, DoubleConv, SpatialAttention, upsample_to, widths


def _attention(kind: str, ch: int) -> nn.Module:
    if kind == "none":
        return nn.Identity()
    if kind == "spatial":
        return SpatialAttention()
    if kind == "contextual":
        return nn.Sequential(ChannelAttention(ch), SpatialAttention())
    if kind == "both":
        return nn.Sequential(SpatialAttention(), ChannelAttention(ch), SpatialAttention())
    raise ValueError(f"unknown attention '{kind}' (none, spatial, contextual, both)")


class UNetPlusPlus(nn.Module):
    def __init__(self, in_channels: int = 3, base: int = 16, depth: int = 4,
                 deep_supervision: bool = False, attention: str = "none"):
        super().__init__()
        w = widths(base, depth)
        self.depth = depth
        self.deep_supervision = deep_supervision
        self.enc = nn.ModuleList([DoubleConv(in_channels if i == 0 else w[i - 1], w[i]) for i in range(depth + 1)])
        self.attn = nn.ModuleList([_attention(attention, w[i]) for i in range(depth + 1)])
        # nodes[i][j-1] builds X[i][j] for j >= 1
        self.nodes = nn.ModuleList([
            nn.ModuleList([DoubleConv(w[i] * j + w[i + 1], w[i]) for j in range(1, depth - i + 1)])
            for i in range(depth)])
        n_heads = depth if deep_supervision else 1
        self.heads = nn.ModuleList([nn.Conv2d(w[0], 1, 1) for _ in range(n_heads)])

    def forward(self, x: torch.Tensor):
        grid: list[list[torch.Tensor]] = []
        for i in range(self.depth + 1):
            if i > 0:
                x = F.max_pool2d(x, 2)
            x = self.attn[i](self.enc[i](x))
            grid.append([x])
        for j in range(1, self.depth + 1):
            for i in range(self.depth - j + 1):
                below = upsample_to(grid[i + 1][j - 1], grid[i][0])
                grid[i].append(self.nodes[i][j - 1](torch.cat(grid[i][:j] + [below], dim=1)))
        if not self.deep_supervision:
            return self.heads[0](grid[0][self.depth])
        outs = [head(grid[0][j + 1]) for j, head in enumerate(self.heads)]
        if self.training:
            return outs
        return torch.stack(outs, dim=0).mean(dim=0)
