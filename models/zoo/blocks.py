"""Building blocks shared by every architecture of the zoo.

All blocks are export-safe: they work at any tile size divisible by
2**depth, global pooling is ``mean``/``amax`` over the spatial axes (never a
pooling kernel sized at run time), and upsampling targets the skip
connection's exact size, so ONNX files keep dynamic height and width.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def conv_bn_act(cin: int, cout: int, k: int = 3) -> nn.Sequential:
    return nn.Sequential(nn.Conv2d(cin, cout, k, padding=k // 2, bias=False),
                         nn.BatchNorm2d(cout), nn.ReLU(inplace=True))


class DoubleConv(nn.Module):
    """Two 3x3 convolutions with batch norm and ReLU (the U-Net stage)."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.body = nn.Sequential(conv_bn_act(cin, cout), conv_bn_act(cout, cout))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.body(x)


class ResBlock(nn.Module):
    """Residual stage: two 3x3 convolutions plus a 1x1 projected shortcut."""

    def __init__(self, cin: int, cout: int):
        super().__init__()
        self.body = nn.Sequential(
            nn.Conv2d(cin, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout), nn.ReLU(inplace=True),
            nn.Conv2d(cout, cout, 3, padding=1, bias=False), nn.BatchNorm2d(cout))
        self.skip = (nn.Identity() if cin == cout else
                     nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout)))
        self.act = nn.ReLU(inplace=True)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.act(self.body(x) + self.skip(x))


def upsample_to(x: torch.Tensor, ref: torch.Tensor) -> torch.Tensor:
    """Bilinear upsampling of ``x`` to the exact spatial size of ``ref``."""
    return F.interpolate(x, size=ref.shape[-2:], mode="bilinear", align_corners=False)


class ChannelAttention(nn.Module):
    """CBAM channel attention: shared MLP over global average and max pooling."""

    def __init__(self, ch: int, reduction: int = 4):
        super().__init__()
        hidden = max(ch // reduction, 2)
        self.mlp = nn.Sequential(nn.Conv2d(ch, hidden, 1), nn.ReLU(inplace=True), nn.Conv2d(hidden, ch, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        avg = x.mean(dim=(2, 3), keepdim=True)
        mx = x.amax(dim=(2, 3), keepdim=True)
        return x * torch.sigmoid(self.mlp(avg) + self.mlp(mx))


class SpatialAttention(nn.Module):
    """Spatial attention: average and max along channels, a 7x7 conv, a sigmoid."""

    def __init__(self, kernel: int = 7):
        super().__init__()
        self.conv = nn.Conv2d(2, 1, kernel, padding=kernel // 2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        pooled = torch.cat([x.mean(dim=1, keepdim=True), x.amax(dim=1, keepdim=True)], dim=1)
        return x * torch.sigmoid(self.conv(pooled))


class CBAM(nn.Module):
    """Convolutional block attention: channel attention, then spatial attention."""

    def __init__(self, ch: int, reduction: int = 4):
        super().__init__()
        self.channel = ChannelAttention(ch, reduction)
        self.spatial = SpatialAttention()

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.spatial(self.channel(x))


class SqueezeExcite(nn.Module):
    """Squeeze-and-excitation: global average pooling and a gating MLP."""

    def __init__(self, ch: int, reduction: int = 4):
        super().__init__()
        hidden = max(ch // reduction, 2)
        self.mlp = nn.Sequential(nn.Conv2d(ch, hidden, 1), nn.ReLU(inplace=True), nn.Conv2d(hidden, ch, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x * torch.sigmoid(self.mlp(x.mean(dim=(2, 3), keepdim=True)))


class AttentionGate(nn.Module):
    """Additive attention gate on a skip connection (gating from the coarser level)."""

    def __init__(self, skip_ch: int, gate_ch: int, inter_ch: int):
        super().__init__()
        self.theta = nn.Conv2d(skip_ch, inter_ch, 1, bias=False)
        self.phi = nn.Conv2d(gate_ch, inter_ch, 1)
        self.psi = nn.Conv2d(inter_ch, 1, 1)

    def forward(self, skip: torch.Tensor, gate: torch.Tensor) -> torch.Tensor:
        g = upsample_to(self.phi(gate), skip)
        a = torch.sigmoid(self.psi(F.relu(self.theta(skip) + g)))
        return skip * a


def widths(base: int, depth: int) -> list[int]:
    """Channel width per level: ``base * 2**level`` for levels 0..depth."""
    return [base * 2 ** i for i in range(depth + 1)]
