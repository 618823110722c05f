"""Live figures for chapter 3 (the four fundamental equations).  Used by chapter 3.

* :func:`input_activation_lab` — a slider on the input activation a^1_k of
  one weight w^2_jk: ∂C/∂w^2_jk = a_in δ_out (BP4) shrinks to 0 with a_in.
* :func:`equations_by_activation` — a drop-down of activations: BP1–BP4 against
  finite differences, entry by entry, for whichever σ is chosen.

The mathematics is in :mod:`backprop_core.four_equations` and the engine
(``net.example(x, y)``: ``ex.delta[2]``, ``ex.nabla_w[2]``); these only display it.
"""
import ipywidgets as widgets
import numpy as np

from .. import checks
from ..activations import HIDDEN_ACTIVATIONS, get_activation
from ..four_equations import EQUATIONS, TOLERANCE, comparison, max_errors
from ..network import Network
from .base import STYLE, Live, neuron_controls, new_figure



class InputActivationLab(Live):
    rows = (("a_in = a^1_k", "a_in"), ("δ_out = δ^2_j", "delta_out"),
            ("a_in × δ_out", "product"), ("∂C/∂w^2_jk by backprop", "dC_dw"))
    title = "BP4: ∂C/∂w = a_in δ_out"
    #: the layer l of the weight w^l_jk shown: 2, so that a_in = a^1_k is an input
    l = 2

    def __init__(self, net, x, y, a_in):
        self.net, self.x, self.y = net, x, y
        # the weight w^2_jk: layer l = 2 is fixed, so only the j and k sliders are shown
        neuron = neuron_controls(net, self.l, 0, 0, labels=("l", "j (layer 2)", "k (layer 1)"),
                                 style=STYLE)
        controls = {
            "a_in": widgets.FloatSlider(value=a_in, min=0.0, max=1.0, step=0.01,
                                        description="a_in", style=STYLE),
            "j": neuron["j"],
            "k": neuron["k"],
        }
        self.grid = np.linspace(0.0, 1.0, 101)
        fig, ax = new_figure(5.0, 3.0)
        (self.grad_curve,) = ax.plot([], [], lw=2, label=r"$\partial C/\partial w^2_{jk}$")
        (self.delta_curve,) = ax.plot([], [], lw=1.5, ls="--", label=r"$\delta^2_j$")
        (self.grad_dot,) = ax.plot([], [], "o", color="black", ms=7)
        (self.delta_dot,) = ax.plot([], [], "o", color="tab:orange", ms=6)
        ax.axhline(0, color="0.8", lw=0.8)
        ax.set_xlim(0.0, 1.0)
        ax.set_xlabel(r"input activation $a_{in} = a^1_k$")
        ax.legend(loc="best", fontsize=8)
        fig.tight_layout()
        self.ax = ax
        self._curves_for = None
        super().__init__(controls, fig)
        self.update()

    def inputs(self, a_in, k):
        """The example x with its entry k replaced by a_in (columns: one per a_in)."""
        X = np.repeat(self.x, np.size(a_in), axis=1)
        X[k, :] = a_in
        return X

    def compute(self):
        a_in = self.controls["a_in"].value
        j, k = self.controls["j"].value, self.controls["k"].value
        ex = self.net.example(self.inputs(a_in, k), self.y)
        delta_out = float(ex.delta[self.l][j, 0])      # δ^2_j
        dC_dw = float(ex.nabla_w[self.l][j, k])        # ∂C/∂w^2_jk by backprop
        return {"a_in": a_in, "delta_out": delta_out, "product": a_in * delta_out + 0.0,
                "dC_dw": dC_dw, "j": j, "k": k}

    def draw(self, values):
        j, k = values["j"], values["k"]
        if self._curves_for != (j, k):     # the curves change only with j or k
            X = self.inputs(self.grid, k)
            Y = np.repeat(self.y, self.grid.size, axis=1)
            delta = self.net.deltas(X, Y)[self.l][j]  # δ^2_j, one column per a_in
            grad = self.grid * delta
            self.grad_curve.set_data(self.grid, grad)
            self.delta_curve.set_data(self.grid, delta)
            lo, hi = min(grad.min(), delta.min(), 0.0), max(grad.max(), delta.max(), 0.0)
            pad = 0.08 * (hi - lo) or 0.1
            self.ax.set_ylim(lo - pad, hi + pad)
            self._curves_for = (j, k)
        self.grad_dot.set_data([values["a_in"]], [values["dC_dw"]])
        self.delta_dot.set_data([values["a_in"]], [values["delta_out"]])


def input_activation_lab(sizes=(2, 3, 2), seed=1, x=(0.5, 0.8), y=(1.0, 0.0), a_in=0.8):
    """A slider on the input activation a^1_k feeding the weight w^2_jk of a
    sigmoid network ``sizes``; the other inputs stay at ``x``, the target is ``y``."""
    sizes = checks.sizes(sizes)
    n_1, *_, n_L = sizes
    X, Y = checks.one_example(x, y, n_1, n_L, "this lab")
    if not 0.0 <= float(a_in) <= 1.0:
        raise ValueError(f"a_in must be in 0..1, got {a_in!r}")
    return InputActivationLab(Network(sizes, seed=seed), X, Y, float(a_in))


def shown_error(error):
    """What the readout shows for a largest relative error: "< 1e-06" when it is
    below TOLERANCE (its digits are rounding noise, see four_equations), else
    the number itself (a real disagreement, reproducible)."""
    return f"< {TOLERANCE:g}" if error < TOLERANCE else float(error)


class EquationsByActivation(Live):
    rows = tuple((f"largest relative error, {eq}", eq) for eq in EQUATIONS)
    title = "backprop vs finite differences"
    # BP3 values equal the δ's of BP1/BP2, so each equation gets its own marker.
    STYLES = {"BP1": dict(color="tab:red", marker="o", s=60, facecolors="none"),
              "BP2": dict(color="tab:purple", marker="s", s=60, facecolors="none"),
              "BP3": dict(color="tab:green", marker="x", s=30),
              "BP4": dict(color="tab:blue", marker=".", s=30)}

    def __init__(self, sizes, seed, x, y, activations):
        self.sizes, self.seed, self.x, self.y = sizes, seed, x, y
        # a Dropdown starts at its first option: the first activation listed
        controls = {"activation": widgets.Dropdown(options=list(activations), description="σ")}
        fig, ax = new_figure(4.2, 4.0)
        self.points = {eq: ax.scatter(np.empty(0), np.empty(0), label=eq, zorder=3,
                                      **self.STYLES[eq]) for eq in EQUATIONS}
        (self.diagonal,) = ax.plot([], [], color="0.6", lw=1, zorder=1)
        ax.set_xlabel("backprop (BP1–BP4)")
        ax.set_ylabel("finite difference")
        ax.legend(loc="upper left", fontsize=8)
        fig.tight_layout()
        self.ax = ax
        super().__init__(controls, fig)
        self.update()

    def network(self):
        """The network for the chosen activation (same seed, so same weights for all σ)."""
        return Network(self.sizes, activation=self.controls["activation"].value, seed=self.seed)

    def compute(self):
        self.table = comparison(self.network().example(self.x, self.y))
        self.errors = max_errors(self.table)          # the raw numbers, for code to inspect
        return {**{eq: shown_error(e) for eq, e in self.errors.items()},
                "activation": self.controls["activation"].value}

    def draw(self, values):
        for eq, points in self.points.items():
            pts = [(r["backprop"], r["numerical"]) for r in self.table if r["equation"] == eq]
            points.set_offsets(np.array(pts).reshape(-1, 2))
        every = np.array([[r["backprop"], r["numerical"]] for r in self.table])
        lo, hi = float(every.min()), float(every.max())
        pad = 0.08 * (hi - lo) or 0.1
        self.diagonal.set_data([lo - pad, hi + pad], [lo - pad, hi + pad])
        self.ax.set_xlim(lo - pad, hi + pad)
        self.ax.set_ylim(lo - pad, hi + pad)


def equations_by_activation(sizes=(3, 4, 2), seed=2, x=(0.3, -0.5, 0.8), y=(1.0, 0.0),
                            activations=HIDDEN_ACTIVATIONS):
    """A drop-down of activations; for each, every entry of BP1–BP4 on a network
    ``sizes`` (at least 3 layers, so BP2 is used) against finite differences."""
    sizes = checks.sizes(sizes)
    if len(sizes) < 3:
        raise ValueError(f"sizes {sizes} has no hidden layer; expected at least 3 layers "
                         "so that BP2 has something to do")
    activations = tuple(activations)
    if not activations:
        raise ValueError("activations must name at least one activation, e.g. ('sigmoid',)")
    for name in activations:
        get_activation(name)
    n_1, *_, n_L = sizes
    X, Y = checks.one_example(x, y, n_1, n_L, "this lab")
    return EquationsByActivation(sizes, seed, X, Y, activations)
