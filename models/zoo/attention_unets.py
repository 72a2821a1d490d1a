"""U-Net variants that differ by where attention sits.

- UNet-CBAM (seed 002): CBAM after every encoder and decoder stage and on
  every skip connection.
- Spatial-attention U-Net (seed 003): spatial attention after each pooling
  and after each upsampling, attention gates on the skip connections.
- SE U-Net and channel-attention U-Net (seed 003's baselines): squeeze-and-
  excitation or CBAM-style channel attention after every stage.
"""
from __future__ import annotations

from .blocks import CBAM, ChannelAttention, SpatialAttention, SqueezeExcite
from .unet import UNet


def unet_cbam(in_channels: int = 3, base: int = 16, depth: int = 4, reduction: int = 4) -> UNet:
    cbam = lambda ch: CBAM(ch, reduction)
    return UNet(in_channels, base, depth, enc_attn=cbam, dec_attn=cbam, skip_attn=cbam)


def sa_unet(in_channels: int = 3, base: int = 16, depth: int = 4) -> UNet:
    return UNet(in_channels, base, depth, pool_attn=lambda ch: SpatialAttention(), gates=True)


def se_unet(in_channels: int = 3, base: int = 16, depth: int = 4, reduction: int = 4) -> UNet:
    se = lambda ch: SqueezeExcite(ch, reduction)
    return UNet(in_channels, base, depth, enc_attn=se, dec_attn=se)


def ca_unet(in_channels: int = 3, base: int = 16, depth: int = 4, reduction: int = 4) -> UNet:
    ca = lambda ch: ChannelAttention(ch, reduction)
    return UNet(in_channels, base, depth, enc_attn=ca, dec_attn=ca)
