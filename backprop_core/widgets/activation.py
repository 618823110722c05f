"""σ(z) and σ′(z) under a slider on z: where a neuron saturates.

"Saturated" is the package's one rule, :func:`backprop_core.activations.saturated`:
σ′(z) below ``SATURATION`` (1 %) of σ′'s peak.  Used by chapter 00 (as the
"is it live?" check) and chapter 03.
"""
import ipywidgets as widgets
import numpy as np

from .. import checks
from ..activations import HIDDEN_ACTIVATIONS, get_activation, saturated
from .base import Live, new_figure


class ActivationExplorer(Live):
    rows = (("z", "z"), ("σ(z)", "a"), ("σ′(z)", "prime"), ("saturated?", "saturated"))
    moving, fast = ("dot", "prime_dot"), ("z",)     # a z step only moves the two dots

    def __init__(self, activations=HIDDEN_ACTIVATIONS, z=0.0, z_max=10.0):
        controls = {"z": widgets.FloatSlider(value=z, min=-z_max, max=z_max, step=0.1,
                                             description="z", continuous_update=True)}
        if len(activations) > 1:
            controls["activation"] = widgets.Dropdown(options=list(activations),
                                                      value=activations[0],
                                                      description="σ")
        self.activations = tuple(activations)
        self.grid = np.linspace(-z_max, z_max, 401)
        fig, ax = new_figure(5.0, 3.0)
        (self.curve,) = ax.plot([], [], lw=2, label="σ(z)")
        (self.prime_curve,) = ax.plot([], [], lw=2, ls="--", label="σ′(z)")
        (self.dot,) = ax.plot([], [], "o", color="black", ms=7)
        (self.prime_dot,) = ax.plot([], [], "o", color="tab:red", ms=6)
        ax.axhline(0, color="0.8", lw=0.8)
        ax.set_xlim(-z_max, z_max)
        ax.set_xlabel("z")
        ax.legend(loc="upper left", fontsize=8)
        fig.tight_layout()
        self.ax = ax
        super().__init__(controls, fig)
        self._shown = None
        self.update()

    @property
    def sigma(self):
        name = self.controls["activation"].value if "activation" in self.controls else self.activations[0]
        return get_activation(name)

    def compute(self):
        z = np.array([[self.controls["z"].value]])
        sigma = self.sigma
        prime = float(sigma.prime(z)[0, 0])
        return {"z": float(z[0, 0]), "a": float(sigma.fn(z)[0, 0]), "prime": prime,
                "saturated": "yes" if saturated(sigma, float(z[0, 0])) else "no",
                "activation": sigma.name}

    def draw(self, values):
        sigma = self.sigma
        if self._shown != sigma.name:       # the curves change only with the dropdown
            a, p = sigma.fn(self.grid), sigma.prime(self.grid)
            self.curve.set_data(self.grid, a)
            self.prime_curve.set_data(self.grid, p)
            lo, hi = min(a.min(), p.min()), max(a.max(), p.max())
            pad = 0.08 * (hi - lo)
            self.ax.set_ylim(lo - pad, hi + pad)
            self._shown = sigma.name
        self.dot.set_data([values["z"]], [values["a"]])
        self.prime_dot.set_data([values["z"]], [values["prime"]])


#: The largest z range the figure draws: beyond it every σ is flat or a straight line.
MAX_Z_RANGE = 100.0


def activation_explorer(activations=HIDDEN_ACTIVATIONS, z=0.0, z_max=10.0):
    """A slider on z (and a dropdown of activations) showing σ(z), σ′(z) and saturation.

    ``activations`` is a non-empty list of distinct names from
    ``HIDDEN_ACTIVATIONS`` (the first is shown first), ``z_max`` in (0, 100] the
    slider's half-range and ``z`` the starting value in [−z_max, z_max]; anything
    else is refused with a ValueError or TypeError naming the argument.
    """
    if isinstance(activations, str):
        activations = (activations,)
    if not isinstance(activations, (list, tuple)):
        raise checks.KindError(f"activations must be a list of names from "
                               f"{list(HIDDEN_ACTIVATIONS)}, got {checks.show(activations)}")
    if not activations:
        raise ValueError(f"activations must name at least one activation from "
                         f"{list(HIDDEN_ACTIVATIONS)}, got an empty list")
    names = tuple(get_activation(name).name for name in activations)
    if len(set(names)) != len(names):
        raise ValueError(f"activations lists a name twice: {list(names)}; expected distinct names")
    z_max = checks.in_range(z_max, "z_max", 0.0, MAX_Z_RANGE)
    if z_max == 0.0:
        raise ValueError("z_max must be a positive number in (0, 100], got 0")
    z = checks.in_range(z, "z", -z_max, z_max)
    return ActivationExplorer(names, z, z_max)
