"""Checkpointing under three sliders: depth L, batch size m and segment length k.  Used by chapter 17.

The figure is a strip of the layers 1..L in two rows: after the forward pass
(kept, or dropped) and during the backward pass (read from what was kept, or
recomputed from the checkpoint below).  The readout shows what
``memory.checkpointed_backprop`` measured on a network of ``width`` neurons per
layer and m examples: the arrays z^l, a^l held at the peak and their bytes,
beside the plain backward pass's 2L − 1, and the layer evaluations beyond the
forward pass's L − 1.
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from .. import checks
from .. import memory as core
from ..network import Network
from .base import STYLE, Live, new_figure

MAX_DEPTH = 40
MAX_BATCH = 256
#: kept, dropped, recomputed
COLOURS = ("tab:blue", "0.85", "tab:orange")


class MemoryExplorer(Live):
    rows = (("checkpoints", "checkpoints"),
            ("arrays z^l, a^l held at the peak", "peak"),
            ("bytes held at the peak", "peak_bytes"),
            ("plain backprop's arrays", "plain"),
            ("plain backprop's bytes", "plain_bytes"),
            ("extra layer evaluations", "extra"),
            ("extra forward passes", "extra_passes"))
    title = "checkpointed backprop, measured"
    static_sweep = "k"            # the static book: the segment length (L, m fixed)

    def __init__(self, depth, batch, k, width, seed):
        controls = {
            "depth": widgets.IntSlider(value=depth, min=3, max=MAX_DEPTH,
                                       description="layers L", style=STYLE),
            "batch": widgets.IntSlider(value=batch, min=1, max=MAX_BATCH,
                                       description="batch size m", style=STYLE),
            "k": widgets.IntSlider(value=k, min=1, max=depth,
                                   description="segment length k", style=STYLE),
        }
        self.width, self.seed = width, seed
        fig, ax = new_figure(5.6, 2.4)
        self.strip = ax.imshow(np.zeros((2, depth)), cmap=ListedColormap(COLOURS),
                               vmin=0, vmax=2, aspect="auto")
        ax.set_yticks([0, 1], ["forward", "backward"])
        ax.set_xlabel("layer l")
        ax.legend(handles=[Patch(color=c, label=n) for c, n in
                           zip(COLOURS, ("kept", "dropped", "recomputed"))],
                  fontsize=7, loc="upper center", bbox_to_anchor=(0.5, 1.35), ncol=3)
        fig.tight_layout()
        self.ax = ax
        super().__init__(controls, fig)
        self.update()

    def follow(self, change):
        """k runs over 1..L: its slider's end follows the depth (ipywidgets keeps k within it)."""
        if change["owner"] is self.controls["depth"]:
            self.controls["k"].max = change["new"]

    def compute(self):
        c = self.controls
        L, m, k = c["depth"].value, c["batch"].value, min(c["k"].value, c["depth"].value)
        net = Network([self.width] * L, seed=self.seed)
        rng = np.random.default_rng(self.seed)
        x, y = rng.random((self.width, m)), rng.random((self.width, m))
        tally = core.checkpointed_backprop(net, x, y, k)[2]
        kept = core.checkpoints(L, k)
        one = self.width * m * x.itemsize
        extra = tally.evaluations - (L - 1)
        return {"L": L, "kept": kept, "checkpoints": len(kept), "peak": tally.peak,
                "peak_bytes": tally.peak_bytes, "plain": core.plain_arrays(L),
                "plain_bytes": core.plain_arrays(L) * one, "extra": extra,
                "extra_passes": extra / (L - 1)}

    def draw(self, values):
        L, kept = values["L"], set(values["kept"])
        rows = np.array([[0 if l in kept else 1 for l in range(1, L + 1)],
                         [0 if l in kept else 2 for l in range(1, L + 1)]])
        self.strip.set_data(rows)
        self.strip.set_extent((0.5, L + 0.5, 1.5, -0.5))
        self.ax.set_xlim(0.5, L + 0.5)


def memory_explorer(depth=16, batch=64, k=4, width=32, seed=0):
    """The live figure of chapter 17: which layers checkpointing keeps, and what it costs."""
    depth = checks.integer(depth, "depth", 3, MAX_DEPTH)
    batch = checks.integer(batch, "batch", 1, MAX_BATCH)
    k = checks.integer(k, "k", 1, depth)
    width = checks.integer(width, "width", 1, 200)
    seed = checks.seed(seed)
    return MemoryExplorer(depth, batch, k, width, seed)
