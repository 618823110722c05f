"""Every path from one weight w^l_jk to the cost, drawn and summed.  Used by chapter 9.

Drop-downs pick l, j, k (the ranges of j and k follow l) and the intermediate
variables (activations a or weighted inputs z).  Each edge the paths use is drawn
with a width proportional to the total |rate| of the paths through it; the
readout shows the sum over paths beside backprop's ∂C/∂w^l_jk, and a Δw slider
compares the actual change of the cost with the prediction (Σ paths) Δw.
A table in the readout lists the largest paths with their factors and rates.
The network is drawn by ``backprop_core.drawing.draw_network``.

The explorer keeps one ``ex = net.example(x, y)`` and makes a new one only when
``net``, ``x`` or ``y`` is replaced.  The actual ΔC of a change Δw of w^l_jk is
computed without touching the network: z^l = w^l a^{l−1} + b^l is linear in the
weight, so the change moves z^l_j by Δw a^{l−1}_k, and ``ex.forward_from(l, z=...)``
feeds that forward to the cost.
"""
import math

import ipywidgets as widgets
import numpy as np

from .. import checks
from ..drawing import draw_network, highlight_weight
from ..network import Network
from ..paths import MAX_PATHS, VIA, count_paths, edge_flows, enumerate_paths, largest
from .base import Live, fmt, neuron_controls, new_figure, plain_text
from .symbols import symbol_html

#: The widest drawn edge, in points (the edge carrying the most |rate|).
MAX_WIDTH = 7.0


def example_network(sizes=(2, 3, 3, 2), seed=4):
    """The small network of chapter 09 and its training example (x, y)."""
    net = Network(list(sizes), seed=seed)
    n_1, *_, n_L = net.sizes
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1, 1, (n_1, 1))
    y = rng.uniform(0, 1, (n_L, 1))
    return net, x, y


def _resets_example(name):
    """An attribute whose new value makes the explorer compute its example again."""
    def get(self):
        return getattr(self, "_" + name)

    def set(self, value):
        setattr(self, "_" + name, value)
        self._ex = None
    return property(get, set)


class PathExplorer(Live):
    rows = (("weight", "weight"), ("its value w", "w"), ("paths to C", "n_paths"),
            ("Σ paths (rate)", "path_sum"), ("backprop ∂C/∂w", "backprop"),
            ("|difference|", "difference"), ("Δw", "dw"),
            ("actual ΔC", "dC_actual"), ("(Σ paths)·Δw", "dC_predicted"))
    title = "Sum over paths"

    def __init__(self, net, x, y, l, j, k, via, dw, dw_max, top, max_paths):
        self._net, self._x, self._y, self._ex = net, x, y, None
        self.top, self.max_paths = top, max_paths
        L = net.num_layers
        controls = neuron_controls(net, l, j, k, labels=("l", "j", "k"), dropdown=True)
        for control in controls.values():
            control.layout = widgets.Layout(width="110px")
        controls.update({
            "via": widgets.ToggleButtons(options=[("via activations a", "a"),
                                                  ("via weighted inputs z", "z")],
                                         value=via, description="paths"),
            "dw": widgets.FloatSlider(value=dw, min=-dw_max, max=dw_max, step=dw_max / 40,
                                      description="Δw", readout_format=".3f"),
        })
        fig, ax = new_figure(6.0, 3.4)
        self.art = draw_network(ax, net.sizes)
        self.cost_xy = (L + 1.0, 0.0)
        ax.scatter([self.cost_xy[0]], [self.cost_xy[1]], s=500, color="white",
                   edgecolors="black", zorder=3)
        ax.text(*self.cost_xy, "C", ha="center", va="center", zorder=4)
        xlim = ax.get_xlim()
        ax.set_xlim(xlim[0], L + 1.5)
        self.lines = {}
        for i, w in net.w.items():                  # w^i: from neuron p of layer i−1 to q of layer i
            for q, p in np.ndindex(w.shape):
                self.lines[(i - 1, p, i, q)] = self._segment(ax, (i - 1, p), (i, q))
        for m in range(net.w[L].shape[0]):          # from output neuron m to C
            self.lines[(L, m, None, None)] = self._segment(ax, (L, m), None)
        fig.tight_layout()
        self.ax = ax
        super().__init__(controls, fig)
        self.update()

    def _segment(self, ax, start, end):
        (x0, y0) = self.art.positions[start]
        (x1, y1) = self.cost_xy if end is None else self.art.positions[end]
        (line,) = ax.plot([x0, x1], [y0, y1], color="tab:blue", lw=0, alpha=0.7,
                          solid_capstyle="round", zorder=2, visible=False)
        return line

    # ----- the example: one, made again only when net, x or y is replaced ----
    net = _resets_example("net")
    x = _resets_example("x")
    y = _resets_example("y")

    @property
    def ex(self):
        """The network on the example (x, y): ``net.example(x, y)``, computed once."""
        if self._ex is None:
            self._ex = self._net.example(self._x, self._y)
        return self._ex

    def cost_after(self, l, j, k, dw):
        """C_x with w^l_jk changed by dw: z^l_j moves by dw a^{l−1}_k, fed forward
        by the engine (``ex.forward_from``); the network itself is not touched."""
        ex = self.ex
        z = ex.z[l].copy()
        z[j, 0] += dw * ex.a[l - 1][k, 0]
        return ex.forward_from(l, z=z).cost

    # ----- numbers -----------------------------------------------------
    def compute(self):
        l, j, k = (self.controls[c].value for c in "ljk")
        via, dw = self.controls["via"].value, float(self.controls["dw"].value)
        ex = self.ex
        paths = enumerate_paths(ex, l, j, k, via, self.max_paths)
        total = math.fsum(p.rate for p in paths)
        gradient = float(ex.nabla_w[l][j, k])
        dC_actual = self.cost_after(l, j, k, dw) - ex.cost
        values = {"weight": f"w^{l}_{j}{k}", "w": float(self.net.w[l][j, k]),
                  "n_paths": len(paths), "path_sum": total, "backprop": gradient,
                  "difference": abs(total - gradient), "dw": dw,
                  "dC_actual": dC_actual, "dC_predicted": total * dw,
                  "l": l, "j": j, "k": k, "via": via}
        self.paths = paths
        for rank, p in enumerate(largest(paths, self.top), start=1):
            values[f"path_{rank}"] = p.label()
            values[f"rate_{rank}"] = p.rate
        return values

    def texts(self):
        """The readout, with the table of the largest paths appended."""
        (readout, shown), *rest = super().texts()
        return [(readout, shown + self._table_html(self.values)), *rest]

    def describe(self):
        """The text alternative, with the largest paths the table lists."""
        said = "; ".join(f"{rank}. {plain_text(p.label())}: rate {fmt(p.rate)}"
                         for rank, p in enumerate(largest(self.paths, self.top), start=1))
        return f"{super().describe()}. The {self.top} largest paths: {said}"

    def _table_html(self, values):
        parts = ['<table class="bp-paths" style="border-collapse:collapse">',
                 f"<caption style='text-align:left'><b>The {self.top} largest paths "
                 "(by |rate|)</b></caption>",
                 "<tr><th>#</th><th style='text-align:left'>path</th>"
                 "<th style='text-align:right'>rate factors</th>"
                 "<th style='text-align:right'>path rate</th></tr>"]
        for rank, p in enumerate(largest(self.paths, self.top), start=1):
            factors = " · ".join(fmt(f) for f in p.factors)
            parts.append(
                f"<tr><td>{rank}</td>"
                f'<td style="padding-right:10px"><span class="bp-value" data-name="path_{rank}">'
                f"{symbol_html(p.label())}</span></td>"
                f'<td style="text-align:right;font-family:monospace;padding-right:10px">{factors}</td>'
                f'<td style="text-align:right;font-family:monospace">'
                f'<span class="bp-value" data-name="rate_{rank}">{fmt(p.rate)}</span></td></tr>')
        parts.append("</table>")
        return "".join(parts)

    # ----- figure ------------------------------------------------------
    def draw(self, values):
        flows = edge_flows(self.paths)
        biggest = max(flows.values(), default=0.0)
        for key, line in self.lines.items():
            flow = flows.get(key, 0.0)
            width = MAX_WIDTH * flow / biggest if biggest > 0 else 0.0
            line.set_linewidth(width)
            line.set_visible(flow > 0)
        highlight_weight(self.art, values["l"], values["j"], values["k"])

    def width(self, key):
        """The drawn width of an edge (0 when no path uses it); for tests."""
        line = self.lines[key]
        return line.get_linewidth() if line.get_visible() else 0.0


def path_explorer(net=None, x=None, y=None, l=2, j=0, k=0, via="a", dw=0.5, dw_max=2.0,
                  top=5, max_paths=MAX_PATHS):
    """Pick w^l_jk and see every path to C, the sum of their rates, and ΔC against (Σ paths)Δw.

    Without ``net`` the 2–3–3–2 network of :func:`example_network` is used.
    """
    if net is None:
        net, x0, y0 = example_network()
        x = x0 if x is None else x
        y = y0 if y is None else y
    n_1, *_, n_L = net.sizes
    if x is None or y is None:
        raise ValueError("give the example (x, y) the paths are traced for, "
                         f"shapes ({n_1}, 1) and ({n_L}, 1)")
    x, y = checks.one_example(x, y, n_1, n_L, "tracing paths")
    l, j, k = checks.weight(net.sizes, l, j, k)
    if via not in VIA:
        raise ValueError(f"via must be 'a' (activations) or 'z' (weighted inputs), got {via!r}")
    dw_max = checks.positive(dw_max, "dw_max")
    dw = checks.in_range(dw, "dw", -dw_max, dw_max)
    top = checks.count(top, "top")
    most = count_paths(net.sizes, 2, net.output_activation.name == "softmax")
    if isinstance(max_paths, bool) or not isinstance(max_paths, int) or most > max_paths:
        raise ValueError(f"a weight of layer 2 has {most} paths to the cost in a {net.sizes} "
                         f"network, more than the limit max_paths={max_paths!r}; "
                         "use a smaller network or raise max_paths")
    return PathExplorer(net, x, y, l, j, k, via, dw, dw_max, top, max_paths)
