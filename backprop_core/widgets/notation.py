"""Find w^l_jk: sliders for l, j, k highlight one weight in a drawn network and
the same entry (row j, column k) in the matrix ``net.w[l]``.  Used by chapter 1.
"""
import html

import ipywidgets as widgets

from .. import checks
from ..drawing import draw_network, highlight_weight
from ..network import Network
from .base import Live, fmt, neuron_controls, new_figure


def matrix_html(w, l, j, k):
    """The matrix w^l as an HTML table with entry (j, k) highlighted.

    Every entry is a ``bp-value`` span named ``w[j,k]`` showing fmt(w^l_jk).
    """
    rows, cols = w.shape
    label = "padding:1px 6px;color:var(--jp-ui-font-color2, #666)"     # JupyterLab's grey, any theme
    head = "".join(f'<th style="{label}">k={c}</th>' for c in range(cols))
    parts = [f'<table class="bp-matrix" style="border-collapse:collapse">'
             f'<caption style="text-align:left"><b>w<sup>{l}</sup></b>: '
             f'{rows} rows (neurons of layer {l}) × {cols} columns (neurons of layer {l - 1})'
             f'</caption><tr><td></td>{head}</tr>']
    for r in range(rows):
        cells = []
        for c in range(cols):
            style = ("padding:1px 6px;text-align:right;font-family:monospace;"
                     "border:1px solid var(--jp-border-color2, #ddd)")
            if (r, c) == (j, k):
                style += ";background:#f8c4c4;color:#111;font-weight:bold"   # dark text on pink, any theme
            cells.append(f'<td style="{style}"><span class="bp-value" '
                         f'data-name="{html.escape(f"w[{r},{c}]")}">{fmt(w[r, c])}</span></td>')
        parts.append(f'<tr><th style="{label}">j={r}</th>{"".join(cells)}</tr>')
    parts.append("</table>")
    return "".join(parts)


class WeightFinder(Live):
    """The live figure: ``controls`` l, j, k; ``values["w"]`` is ``net.w[l][j, k]``."""

    rows = (("layer l", "l"), ("j = row (neuron of layer l)", "j"),
            ("k = column (neuron of layer l−1)", "k"), ("w^l_jk", "w"),
            ("rows of w^l (n_l)", "rows"), ("columns of w^l (n_{l−1})", "cols"))
    title = "the highlighted weight"
    static_sweep = "k"            # the static book: every column k of w^l (l, j fixed)

    def __init__(self, net):
        self.net = net
        L = net.L
        controls = neuron_controls(net, L, 0, 0, labels=("layer l", "j (to)", "k (from)"))
        fig, ax = new_figure(1.3 * L + 1.0, 0.75 * max(net.sizes) + 1.2)
        self.art = draw_network(ax, net.sizes, weights=net.w)
        self.label = ax.text(0, 0, "", color="tab:red", ha="center", va="bottom", fontsize=11,
                             zorder=5)
        fig.tight_layout()
        self.ax = ax
        self.matrix = widgets.HTML()
        super().__init__(controls, fig, extra=[self.matrix])
        self.update()

    def compute(self):
        l, j, k = (self.controls[name].value for name in ("l", "j", "k"))
        w = self.net.w[l]
        return {"l": l, "j": j, "k": k, "w": float(w[j, k]),
                "rows": w.shape[0], "cols": w.shape[1]}

    def draw(self, values):
        l, j, k = values["l"], values["j"], values["k"]
        highlight_weight(self.art, l, j, k)
        (x0, x1), (y0, y1) = self.art.highlight.get_data()
        self.label.set_position((0.5 * (x0 + x1), 0.5 * (y0 + y1) + 0.1))
        self.label.set_text(f"$w^{{{l}}}_{{{j}{k}}}$")

    def texts(self):
        v = self.values
        return [*super().texts(),
                (self.matrix, matrix_html(self.net.w[v["l"]], v["l"], v["j"], v["k"]))]


def weight_finder(sizes=(3, 4, 2), seed=0):
    """A drawn network ``sizes`` (random weights from ``seed``) with sliders for
    l (2..L), j and k; j's and k's ranges follow the chosen l."""
    sizes = checks.sizes(sizes)
    if max(sizes) > 8 or len(sizes) > 6:
        raise ValueError(f"sizes {sizes} is too big to draw legibly; "
                         "expected at most 6 layers of at most 8 neurons")
    return WeightFinder(Network(sizes, seed=seed))
