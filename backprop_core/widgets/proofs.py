"""The chain rule of BP1 and BP2, one term at a time, as bars that add up to δ.  Used by chapter 4.

For neuron j of layer l, the proof writes δ^l_j as a sum over the neurons k of
the next layer (BP2, l < L),

    δ^l_j = Σ_k (∂z^{l+1}_k/∂z^l_j) δ^{l+1}_k,

or over the outputs (BP1, l = L), δ^L_j = Σ_k (∂C/∂a^L_k)(∂a^L_k/∂z^L_j).  The
figure draws each term as a bar (its rate ∂z/∂z or ∂a/∂z measured by finite
differences, as in ``proofs.bp1_terms`` / ``bp2_terms``), then the running sum
stacked on the right beside δ^l_j from backpropagation.  Pick the neuron (l, j)
and move the input x; the terms change and their sum stays on δ.
"""
import ipywidgets as widgets
import numpy as np

from .. import checks, proofs
from ..network import Network
from .base import STYLE, Live, neuron_controls, new_figure



class ChainRuleTerms(Live):
    rows = (("neuron (l, j)", "neuron"), ("equation", "equation"), ("Σ of the terms", "sum"),
            ("δ by backprop", "delta"), ("number of terms", "count"))
    title = "δ as a sum of chain-rule terms"

    def __init__(self, net, x, y, l, j, x_max):
        self.net, self.y = net, y
        self.x_max = x_max
        controls = neuron_controls(net, l, j, labels=("layer l", "neuron j"), style=STYLE)
        for k in range(net.n[1]):
            controls[f"x{k}"] = widgets.FloatSlider(
                value=float(x[k, 0]), min=-x_max, max=x_max, step=0.05,
                description=f"x_{k}", style=STYLE)
        fig, ax = new_figure(4.8, 3.0)
        self.ax = ax
        width = max(net.n[l] for l in range(2, net.L + 1))
        self.bars = ax.bar(np.arange(width), np.zeros(width), color="tab:blue", alpha=0.8)
        self.total = ax.bar([width + 0.5], [0.0], color="tab:purple", alpha=0.6)[0]
        (self.delta_line,) = ax.plot([], [], color="black", lw=2)
        ax.axhline(0, color="0.6", lw=0.8)
        ax.set_xlim(-0.7, width + 1.3)
        self.width = width
        super().__init__(controls, fig)
        self.update()

    def _example(self):
        x = np.array([[self.controls[f"x{k}"].value] for k in range(self.net.n[1])])
        return self.net.example(x, self.y)

    def compute(self):
        l, j = self.controls["l"].value, self.controls["j"].value
        ex = self._example()
        if l == ex.L:
            terms = proofs.bp1_terms(ex, j)
            equation = "BP1"
        else:
            terms = proofs.bp2_terms(ex, l, j)
            equation = "BP2"
        return {"neuron": f"({l}, {j})", "equation": equation,
                "sum": float(np.sum(terms)), "delta": float(ex.delta[l][j, 0]),
                "count": len(terms), "terms": terms, "l": l, "j": j}

    def draw(self, values):
        terms, ax = values["terms"], self.ax
        for k, bar in enumerate(self.bars):
            bar.set_height(terms[k] if k < len(terms) else 0.0)
            bar.set_visible(k < len(terms))
        self.total.set_height(values["sum"])
        x0 = self.width + 0.5
        self.delta_line.set_data([x0 - 0.45, x0 + 0.45], [values["delta"]] * 2)
        top = max(np.max(np.abs(terms)), abs(values["delta"]), 1e-12) * 1.25
        ax.set_ylim(-top, top)
        ax.set_xticks(list(range(len(terms))) + [x0])
        ax.set_xticklabels([f"$k={k}$" for k in range(len(terms))] + [r"$\Sigma$ and $\delta$"],
                           fontsize=8)
        l, j = values["l"], values["j"]
        ax.set_title(f"terms of $\\delta^{{{l}}}_{{{j}}}$; their sum (purple); "
                     f"backprop's $\\delta^{{{l}}}_{{{j}}}$ (line)", fontsize=9)


def chain_rule_terms(sizes=(3, 4, 3, 2), seed=2, x=(0.5, -0.3, 0.8), y=(1.0, 0.0), l=2, j=0,
                     x_max=2.0):
    """The live figure: δ^l_j of a ``sizes`` network (seed ``seed``) on (x, y), term by term."""
    net = Network(sizes, seed=seed)
    x = checks.one_column(x, net.n[1], "input x")
    y = checks.one_column(y, net.n[net.L], "target y")
    x_max = checks.positive(x_max, "x_max")
    if np.any(np.abs(x) > x_max):
        raise ValueError(f"input x must lie in [-{x_max:g}, {x_max:g}] (the sliders' range), "
                         f"got {x.ravel().tolist()}")
    return ChainRuleTerms(net, x, y, l, j, x_max)
