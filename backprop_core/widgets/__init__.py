"""Live figures for the chapters: one module per figure, each a builder that
returns a :class:`~backprop_core.widgets.base.Live` object.

A ``Live`` exposes its ``controls`` (ipywidgets), the numbers it shows
(``values``, rendered in ``readout``) and its matplotlib ``figure``, so a test
can set ``live.controls["dz"].value`` and read ``live.values`` back.
"""
from .base import Live, fmt

__all__ = ["Live", "fmt"]
