"""δ^L of one output neuron under a slider on its weighted input z, for three costs.

Output neuron j of a 10-neuron output layer gets the weighted input z from the
slider; the other nine keep z = 0.  Its target y_j is 1 (j is the right digit)
or 0.  The readout shows the output error δ^L_j = ∂C/∂z^L_j each cost gives:

* sigmoid + quadratic cost:        δ = (a − y) σ′(z)   — tiny when σ saturates;
* sigmoid + cross-entropy:          δ = a − y          — σ′ has cancelled;
* softmax + log-likelihood:         δ = a − y          — with a the softmax output.

Used by chapter 10.
"""
import ipywidgets as widgets
import numpy as np

from .. import checks
from ..activations import Sigmoid, Softmax
from ..costs import CrossEntropyCost, LogLikelihoodCost, QuadraticCost
from .base import Live, new_figure

#: (key, label, output activation, cost) for each curve, in display order.
PAIRS = (("quadratic", "sigmoid + quadratic", Sigmoid, QuadraticCost),
         ("cross_entropy", "sigmoid + cross-entropy", Sigmoid, CrossEntropyCost),
         ("log_likelihood", "softmax + log-likelihood", Softmax, LogLikelihoodCost))


def output_deltas(z, target, n_outputs=10, neuron=0):
    """δ^L_j of output neuron ``neuron`` for each cost, for every value in ``z``.

    ``z`` is that neuron's weighted input (a number or a 1-D array); the other
    outputs have z = 0.  ``target`` is y_j (1 or 0); when it is 0 the right
    class is the next neuron.  Returns {key: (a, δ)} with arrays like ``z``.
    """
    z_values = np.atleast_1d(np.asarray(z, dtype=float))
    Z = np.zeros((n_outputs, z_values.size))
    Z[neuron] = z_values
    right = neuron if target == 1 else (neuron + 1) % n_outputs
    Y = np.zeros_like(Z)
    Y[right] = 1.0
    out = {}
    for key, _, activation, cost in PAIRS:
        A = activation.fn(Z)
        out[key] = (A[neuron], cost.delta(Z, A, Y, activation)[neuron])
    return out


class OutputDeltas(Live):
    rows = (("z", "z"), ("y", "y"), ("σ(z)", "a_sigmoid"), ("σ′(z)", "sigma_prime"),
            ("δ quadratic = (a − y)σ′(z)", "delta_quadratic"),
            ("δ cross-entropy = a − y", "delta_cross_entropy"),
            ("softmax a", "a_softmax"),
            ("δ log-likelihood = a − y", "delta_log_likelihood"))
    title = "output neuron j"

    def __init__(self, z, target, n_outputs, z_max):
        controls = {
            "z": widgets.FloatSlider(value=z, min=-z_max, max=z_max, step=0.1,
                                     description="z of neuron j", continuous_update=True),
            "target": widgets.Dropdown(options=[("y = 1 (j is the right digit)", 1),
                                                ("y = 0 (another digit is right)", 0)],
                                       value=target, description="target"),
        }
        self.n_outputs = n_outputs
        self.grid = np.linspace(-z_max, z_max, 401)
        fig, ax = new_figure(5.5, 3.2)
        self.curves, self.dots = {}, {}
        for key, label, _, _ in PAIRS:
            (self.curves[key],) = ax.plot(self.grid, np.zeros_like(self.grid), lw=2, label=label)
            (self.dots[key],) = ax.plot([], [], "o", color=self.curves[key].get_color(), ms=7)
        ax.axhline(0, color="0.8", lw=0.8)
        ax.set_xlim(-z_max, z_max)
        ax.set_ylim(-1.05, 1.05)
        ax.set_xlabel("weighted input z of output neuron j")
        ax.set_ylabel(r"$\delta^L_j$")
        ax.legend(loc="lower right" if target == 1 else "upper left", fontsize=8)
        fig.tight_layout()
        self.ax = ax
        super().__init__(controls, fig)
        self._shown = None
        self.update()

    def compute(self):
        z, y = float(self.controls["z"].value), int(self.controls["target"].value)
        found = output_deltas(z, y, self.n_outputs)
        return {"z": z, "y": y,
                "a_sigmoid": float(found["quadratic"][0][0]),
                "sigma_prime": float(Sigmoid.prime(np.array(z))),
                "delta_quadratic": float(found["quadratic"][1][0]),
                "delta_cross_entropy": float(found["cross_entropy"][1][0]),
                "a_softmax": float(found["log_likelihood"][0][0]),
                "delta_log_likelihood": float(found["log_likelihood"][1][0])}

    def draw(self, values):
        if self._shown != values["y"]:          # the curves change only with the target
            curves = output_deltas(self.grid, values["y"], self.n_outputs)
            for key, (_, delta) in curves.items():
                self.curves[key].set_ydata(delta)
            self._shown = values["y"]
        for key in self.dots:
            self.dots[key].set_data([values["z"]], [values[f"delta_{key}"]])


def delta_by_cost(z=-6.0, target=1, n_outputs=10, z_max=10.0):
    """A slider on one output neuron's z showing δ^L for the three cost/output pairs."""
    if target not in (0, 1) or isinstance(target, bool):
        raise ValueError(f"target must be 1 or 0 (the value of y_j), got {target!r}")
    n_outputs = checks.integer(n_outputs, "n_outputs (softmax needs two outputs)", low=2)
    z_max = checks.positive(z_max, "z_max")
    z = checks.in_range(z, "z", -z_max, z_max)
    return OutputDeltas(z, target, n_outputs, z_max)
