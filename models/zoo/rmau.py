"""RMAU-Net (seed 004): residual multi-kernel convolutions, multi-head attention
over three pooled views of each feature map, multi-resolution heads.

- ``ResConv``: parallel convolutions with several kernel sizes, fused by a
  1x1 convolution and added to a projected shortcut.
- ``TriViewAttention``: the feature map X (B,C,H,W) is reduced by average and
  max pooling along each of its three axes. The two views that keep the
  channel axis (pooled over H: W tokens of C features; pooled over W: H
  tokens of C features) go through multi-head self-attention directly; the
  view pooled over channels (H x W, two features) is embedded, coarsened by
  a fixed factor so that the token count stays bounded, attended, and
  brought back to the map's exact size. Each view becomes sigmoid weights
  that rescale X; the three rescaled maps are averaged.
- Multi-resolution heads: a 1x1 head on each of the ``heads`` finest decoder
  levels, upsampled to the input size; their logits are averaged in eval
  (the exported output) and returned one by one in training.
- Optional image-level head on the bottleneck (landslide / none in the
  tile), trained jointly; not part of the exported output.
"""
from __future__ import annotations

import math
from typing import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from .blocks import upsample_to, widths


class ResConv(nn.Module):
    def __init__(self, cin: int, cout: int, kernels: Sequence[int] = (1, 3, 5)):
        super().__init__()
        self.branches = nn.ModuleList([
            nn.Sequential(nn.Conv2d(cin, cout, k, padding=k // 2, bias=False), nn.BatchNorm2d(cout),
                          nn.ReLU(inplace=True)) for k in kernels])
        self.fuse = nn.Sequential(nn.Conv2d(cout * len(kernels), cout, 1, bias=False), nn.BatchNorm2d(cout))
        self.skip = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout)) if cin != cout else nn.Identity()
        self.act = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.fuse(torch.cat([b(x) for b in self.branches], dim=1)) + self.skip(x))


class SelfAttention(nn.Module):
    """Plain multi-head self-attention on (B, T, E) tokens (export-friendly)."""

    def __init__(self, dim: int, heads: int):
        super().__init__()
        heads = max(1, min(heads, dim))
        while dim % heads:
            heads -= 1
        self.heads, self.dim = heads, dim
        self.qkv = nn.Linear(dim, 3 * dim)
        self.out = nn.Linear(dim, dim)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, t, e = x.shape
        q, k, v = self.qkv(x).reshape(b, t, 3, self.heads, e // self.heads).permute(2, 0, 3, 1, 4)
        a = torch.softmax(q @ k.transpose(-2, -1) / math.sqrt(e // self.heads), dim=-1)
        return self.out((a @ v).transpose(1, 2).reshape(b, t, e))


class TriViewAttention(nn.Module):
    def __init__(self, ch: int, heads: int = 4, spatial_dim: int = 8, spatial_pool: int = 1):
        super().__init__()
        self.att_h = SelfAttention(ch, heads)      # tokens along W (pooled over H)
        self.att_w = SelfAttention(ch, heads)      # tokens along H (pooled over W)
        self.embed = nn.Conv2d(2, spatial_dim, 1)
        self.att_s = SelfAttention(spatial_dim, 2)
        self.proj_s = nn.Conv2d(spatial_dim, 1, 1)
        self.spatial_pool = spatial_pool

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        b, c, h, w = x.shape
        v_w = (x.mean(dim=2) + x.amax(dim=2)).transpose(1, 2)          # (B, W, C)
        g_w = torch.sigmoid(self.att_h(v_w)).transpose(1, 2).unsqueeze(2)    # (B, C, 1, W)
        v_h = (x.mean(dim=3) + x.amax(dim=3)).transpose(1, 2)          # (B, H, C)
        g_h = torch.sigmoid(self.att_w(v_h)).transpose(1, 2).unsqueeze(3)    # (B, C, H, 1)
        s = self.embed(torch.cat([x.mean(dim=1, keepdim=True), x.amax(dim=1, keepdim=True)], dim=1))
        if self.spatial_pool > 1:
            s = F.avg_pool2d(s, self.spatial_pool)
        sb, sd, sh, sw = s.shape
        tokens = self.att_s(s.flatten(2).transpose(1, 2))              # (B, h*w, D)
        s = tokens.transpose(1, 2).reshape(sb, sd, sh, sw)
        g_s = torch.sigmoid(upsample_to(self.proj_s(s), x))          # (B, 1, H, W)
        return (x * g_w + x * g_h + x * g_s) / 3.0


class RMAUNet(nn.Module):
    def __init__(self, in_channels: int = 3, base: int = 16, depth: int = 4, heads: int = 4,
                 kernels: Sequence[int] = (1, 3, 5), n_heads_out: int = 3, image_head: bool = False,
                 attention_from: int = 1):
        super().__init__()
        w = widths(base, depth)
        self.depth = depth
        kernels = tuple(kernels)
        self.enc = nn.ModuleList([ResConv(in_channels if i == 0 else w[i - 1], w[i], kernels)
                                  for i in range(depth + 1)])
        # coarsen the channel-pooled view so that a 256 px tile gives <= 32x32 tokens at every level
        self.att = nn.ModuleList([
            TriViewAttention(w[i], heads, spatial_pool=2 ** max(0, 3 - i)) if i >= attention_from else nn.Identity()
            for i in range(depth + 1)])
        self.up = nn.ModuleList([nn.Conv2d(w[i + 1], w[i], 1) for i in range(depth)])
        self.dec = nn.ModuleList([ResConv(2 * w[i], w[i], kernels) for i in range(depth)])
        self.n_out = max(1, min(n_heads_out, depth))
        self.heads = nn.ModuleList([nn.Conv2d(w[i], 1, 1) for i in range(self.n_out)])
        self.image_head = nn.Linear(w[depth], 1) if image_head else None
        self.last_image_logit = None

    def forward(self, x: torch.Tensor):
        size_ref = x
        feats = []
        for i in range(self.depth + 1):
            if i > 0:
                x = F.max_pool2d(x, 2)
            x = self.att[i](self.enc[i](x))
            feats.append(x)
        if self.image_head is not None:
            self.last_image_logit = self.image_head(x.mean(dim=(2, 3)))
        x = feats[-1]
        levels = {}
        for i in reversed(range(self.depth)):
            skip = feats[i]
            x = self.dec[i](torch.cat([self.up[i](upsample_to(x, skip)), skip], dim=1))
            levels[i] = x
        outs = [upsample_to(self.heads[i](levels[i]), size_ref) if i else self.heads[0](levels[0])
                for i in range(self.n_out)]
        if self.training:
            return outs
        return torch.stack(outs, dim=0).mean(dim=0)
