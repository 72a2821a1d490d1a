"""Registers every family's constructors with the factory."""
from __future__ import annotations

from .registry import register
from .unet import UNet, resunet, unet
from .blocks import DoubleConv

register("unet")(unet)
register("resunet")(resunet)
