"""Registers every family's constructors with the factory."""
from __future__ import annotations

from .attention_unets import ca_unet, sa_unet, se_unet, unet_cbam
from .registry import register
from .rmau import RMAUNet
from .unet import resunet, unet
from .unetpp import UNetPlusPlus

register("unet")(unet)
register("resunet")(resunet)
register("unet_cbam")(unet_cbam)
register("sa_unet")(sa_unet)
register("se_unet")(se_unet)
register("ca_unet")(ca_unet)


@register("unetpp")
def unetpp(in_channels: int = 3, base: int = 16, depth: int = 4, deep_supervision: bool = False,
           attention: str = "none") -> UNetPlusPlus:
    return UNetPlusPlus(in_channels, base, depth, deep_supervision, attention)


for _kind in ("spatial", "contextual", "both"):
    def _make(kind):
        def build(in_channels: int = 3, base: int = 16, depth: int = 4, deep_supervision: bool = False):
            return UNetPlusPlus(in_channels, base, depth, deep_supervision, kind)
        return build
    register(f"unetpp_{_kind}")(_make(_kind))


@register("rmau_net")
def rmau_net(in_channels: int = 3, base: int = 16, depth: int = 4, heads: int = 4,
             kernels=(1, 3, 5), n_heads_out: int = 3, image_head: bool = False) -> RMAUNet:
    return RMAUNet(in_channels, base, depth, heads, tuple(kernels), n_heads_out, image_head)
