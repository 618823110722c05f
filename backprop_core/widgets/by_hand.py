"""The by-hand figure: the friendly network drawn with its numbers and the reader's table on it.

Left, the 2-2-2 network (``drawing.draw_network``): every weight w^l_jk written
on its line, every bias b^l_j beside its neuron, the input x and the target y;
the reader's z^l_j and a^l_j under each neuron and δ^l_j above it.  Right, the
whole table in the algorithm's order: forward pass and cost, the backward pass
(δ, ∂C/∂b, ∂C/∂w, layer 3 then layer 2), then the updated w' and b'.  Every
entry is coloured by its verdict: green right, amber right given an earlier
wrong entry, red wrong, blue revealed, grey still empty.

``fill = by_hand_figure()``; ``fill.enter("z^2_0", 0.21)`` (or a dict) checks
entries and redraws; the drop-down ``controls["entry"]`` picks an entry (ringed
on the drawing, its verdict under the figure); the *reveal* button fills the
picked entry in with its derivation, *next to do* picks the first entry not yet
right.  All mathematics is in ``backprop_core/by_hand.py``.  Used by chapter 12.
"""

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import Rectangle

from ..by_hand import Table, entry_name
from ..exercises import say
from ..drawing import draw_network, highlight_weight, style_edges
from .base import STYLE, Live, new_figure
from .symbols import symbol_html, symbol_text

COLOURS = {"right": "tab:green", "given": "#c98a00", "wrong": "tab:red", "invalid": "tab:red",
           "revealed": "tab:blue", "empty": "0.55"}
MARKS = {"right": "✓", "given": "≈", "wrong": "✗", "invalid": "✗", "revealed": "★", "empty": ""}
NEURON_SIZE = 380


def _tex(name):
    """An entry's name as mathtext: z^2_0 → $z^{2}_{0}$, ∂C/∂w^3_01 → $∂C/∂w^{3}_{01}$."""
    if name == "C":
        return "$C$"
    head, rest = name.split("^")
    l, sub = rest.split("_")
    head = {"δ": r"\delta", "∂C/∂b": r"\partial C/\partial b",
            "∂C/∂w": r"\partial C/\partial w"}.get(head, head)
    return f"${head}^{{{l}}}_{{{sub}}}$"


def _short(v):
    return f"{v:.4g}"


class ByHandFigure(Live):
    """The reader's :class:`~backprop_core.by_hand.Table` on the drawn network."""

    title = "your table"
    static_sweep = "entry"        # the static book: the entries of the table
    readout_below = True          # the drawing needs the page's width
    rows = (("entries right", "right"), ("right given an earlier value", "given"),
            ("revealed", "revealed"), ("to fix", "wrong"), ("entries in all", "total"))

    def __init__(self, table=None):
        if table is not None and not isinstance(table, Table):
            raise TypeError(f"table must be a by_hand.Table, got {type(table).__name__}")
        self.table = Table() if table is None else table
        ex = self.table.ex
        self.sizes = list(ex.net.sizes)
        controls = {"entry": widgets.Dropdown(options=[(symbol_text(n), n) for n in self.table.names],
                                              value=self.table.names[0],
                                              description="entry", style=STYLE)}
        self.buttons = {"reveal": widgets.Button(description="reveal this entry",
                                                 tooltip="fill it in, with its derivation"),
                        "next": widgets.Button(description="next to do",
                                               tooltip="pick the first entry not yet right")}
        self.buttons["reveal"].on_click(lambda _: self.reveal(self.controls["entry"].value))
        self.buttons["next"].on_click(lambda _: self.next_to_do())
        self.panel = widgets.HTMLMath(layout=widgets.Layout(min_height="4em"))
        self.panel.add_class("bp-equation")
        fig, (ax, tab) = new_figure(8.4, 4.4, ncols=2, gridspec_kw={"width_ratios": [1.1, 1.2]})
        fig.subplots_adjust(left=0.01, right=0.99, top=0.97, bottom=0.02, wspace=0.02)
        self._draw_network(ax, ex)
        self._draw_table(tab)
        super().__init__(controls, fig, extra=(self.panel,))
        row = self.widget.children[0]            # the buttons go beside the drop-down
        row.children = (*row.children, *self.buttons.values())
        self.update()

    # ----- what the reader does ---------------------------------------------------
    def enter(self, name, value=...):
        """Enter a number (or a dict of them) into the table, print the verdicts and
        redraw; the entry entered (of a dict, the first not yet right) becomes the picked one."""
        for line in self.table.record(name, value):
            say(line)
        if isinstance(name, dict):          # pick the first of them not yet right
            known = [n for n in name if self.table.is_entry(n)]
            todo = [n for n in known if not self.table.verdict(n).ok]
            name = (todo or known or [None])[0] if value is ... else None
        self._pick(name)

    def reveal(self, name):
        """Reveal entry ``name``: its right value, with its derivation; redraw."""
        shown = self.table.reveal(name)
        if shown is None:
            say(self.table.unknown(name))
        else:
            self._pick(name)
        return shown

    def next_to_do(self):
        """Pick the first entry that is not yet right (nor revealed)."""
        for name, verdict in self.table.verdicts().items():
            if not verdict.ok:
                self.controls["entry"].value = name
                return name
        return None

    def progress(self):
        """'n of N entries right', as the table says it."""
        return self.table.progress()

    def _pick(self, name):
        try:
            name = self.table.lookup(name)
        except ValueError:
            self.update()
            return
        if self.controls["entry"].value == name:
            self.update()
        else:
            self.controls["entry"].value = name          # updates through the observer

    # ----- the drawing --------------------------------------------------------------
    def _draw_network(self, ax, ex):
        self.ax = ax
        art = self.art = draw_network(ax, self.sizes, neuron_size=NEURON_SIZE,
                                      highlight_color="tab:purple")
        style_edges(art, ex.w)
        box = dict(boxstyle="round,pad=0.12", fc="white", ec="none", alpha=0.9)
        pos, L = art.positions, len(self.sizes)
        for (l, j, k) in art.edges:                      # every weight on its line
            (x0, y0), (x1, y1) = pos[(l - 1, k)], pos[(l, j)]
            t = 0.33
            ax.text(x0 + t * (x1 - x0), y0 + t * (y1 - y0) + 0.06, f"{ex.w[l][j, k]:g}",
                    ha="center", va="center", fontsize=7, color="0.2", bbox=box, zorder=4)
        for (l, j), (x, y) in pos.items():
            if l == 1:
                ax.text(x - 0.2, y, f"$x_{j}$={ex.x[j, 0]:g}", ha="right", va="center",
                        fontsize=8)
            else:
                ax.text(x, y + 0.17, f"$b={ex.b[l][j, 0]:g}$", ha="center", va="bottom",
                        fontsize=7, color="0.3", bbox=box, zorder=4)
        for j in range(self.sizes[-1]):
            x, y = pos[(L, j)]
            ax.text(x + 0.22, y, f"$y_{j}$={ex.y[j, 0]:g}", ha="left", va="center",
                    fontsize=8, color="0.25")
        self.neuron_text = {}
        for (l, j), (x, y) in pos.items():
            if l == 1:
                continue
            self.neuron_text[("z", l, j)] = ax.text(x, y - 0.19, "", ha="center", va="top",
                                                    fontsize=7, bbox=box, zorder=6)
            self.neuron_text[("a", l, j)] = ax.text(x, y - 0.36, "", ha="center", va="top",
                                                    fontsize=7, bbox=box, zorder=6)
            self.neuron_text[("delta", l, j)] = ax.text(x, y + 0.33, "", ha="center",
                                                        va="bottom", fontsize=7, bbox=box,
                                                        zorder=6)
        top = (max(self.sizes) - 1) / 2.0
        self.cost_text = ax.text(L, -top - 0.62, "", ha="center", va="top", fontsize=8,
                                 zorder=6)
        self.ring = ax.scatter(np.empty(0), np.empty(0), s=900, facecolors="none",
                               edgecolors="tab:purple", linewidths=2.5, zorder=7)
        art.highlight.set_alpha(0.6)
        art.ends.set_alpha(0.35)
        ax.set_xlim(0.35, L + 0.75)
        ax.set_ylim(-top - 1.0, top + 1.2)

    def _draw_table(self, ax):
        """Three columns: forward and cost, backward, update; one row per entry."""
        ax.axis("off")
        ax.set_xlim(0, 3)
        groups = {"forward": [], "backward": [], "update": []}
        for e in self.table.entries:
            group = ("forward" if e.kind in ("z", "a", "cost") else
                     "update" if e.kind in ("w_new", "b_new") else "backward")
            groups[group].append(e.name)
        rows = max(len(v) for v in groups.values())
        ax.set_ylim(rows + 0.6, -1.2)
        self.cells = {}
        heads = {"forward": "forward, cost", "backward": "backward (BP1–BP4)",
                 "update": f"update, η = {self.table.eta:g}"
                           + ("\nbiases fixed" if self.table.fixed_biases else "")}
        for col, (group, names) in enumerate(groups.items()):
            ax.text(col + 0.05, -0.25, heads[group], fontsize=8, weight="bold", va="bottom")
            for row, name in enumerate(names):
                ax.text(col + 0.05, row + 0.2, _tex(name), fontsize=8, va="center")
                self.cells[name] = ax.text(col + 0.52, row + 0.2, "", fontsize=8, va="center",
                                           family="DejaVu Sans")
        self.pick_box = ax.add_patch(Rectangle((0, 0), 0.98, 0.9, fc="tab:purple", alpha=0.15,
                                               ec="none", zorder=0))
        self._cell_origin = {name: (col, row) for col, names in enumerate(groups.values())
                             for row, name in enumerate(names)}

    # ----- Live ---------------------------------------------------------------------
    def compute(self):
        counts = self.table.counts()
        name = self.controls["entry"].value
        verdict = self.table.verdict(name)
        return {"right": counts["right"], "given": counts["given"],
                "revealed": counts["revealed"], "wrong": counts["wrong"] + counts["invalid"],
                "empty": counts["empty"], "total": len(self.table.entries),
                "entry": name, "status": verdict.status, "progress": self.table.progress(),
                "verdicts": self.table.verdicts()}

    def draw(self, values):
        verdicts = values["verdicts"]
        for name, text in self.cells.items():
            v = verdicts[name]
            text.set_text(self._cell(v))
            text.set_color(COLOURS[v.status])
        for (kind, l, j), text in self.neuron_text.items():
            v = verdicts[entry_name(kind, l, j)]
            symbol = {"z": "z", "a": "a", "delta": "δ"}[kind]
            text.set_text(f"{symbol}={self._cell(v)}" if v.status != "empty" else f"{symbol}=?")
            text.set_color(COLOURS[v.status])
        c = verdicts["C"]
        self.cost_text.set_text(f"C = {self._cell(c)}" if c.status != "empty" else "C = ?")
        self.cost_text.set_color(COLOURS[c.status])
        self._mark(self.table.entry(values["entry"]))
        self.panel.value = self._explain(verdicts[values["entry"]])

    @staticmethod
    def _cell(v):
        if v.status == "empty":
            return "…"
        if v.status == "invalid":
            return "not a number ✗"
        return f"{_short(v.value)} {MARKS[v.status]}"

    def _mark(self, e):
        pos = self.art.positions
        col, row = self._cell_origin[e.name]
        self.pick_box.set_xy((col + 0.01, row + 0.2 - 0.45))
        L = len(self.sizes)
        if e.kind in ("nabla_w", "w_new"):
            highlight_weight(self.art, e.l, e.j, e.k)
            self.ring.set_offsets(np.empty((0, 2)))
            return
        self.art.highlight.set_data([], [])
        self.art.ends.set_offsets(np.empty((0, 2)))
        if e.kind == "cost":
            points = [pos[(L, j)] for j in range(self.sizes[-1])]
        else:
            points = [pos[(e.l, e.j)]]
        self.ring.set_offsets(np.array(points, dtype=float))

    def _explain(self, v):
        e = self.table.entry(v.name)
        parts = [f"<span class='bp-verdict' data-status='{v.status}'>"
                 f"{symbol_html(v.message)}</span>"]
        if v.status == "revealed":
            parts.append(f"$${e.equation}$$")
        else:
            parts.append("<i>reveal</i> shows how it is computed, numbers put in.")
        return "<br>".join(parts)


def by_hand_figure(table=None):
    """The live figure of chapter 12 on ``table`` (default: a new, empty
    ``by_hand.Table()`` of the friendly network; the chapter's second figure is on the
    classic example's table, whose biases stay fixed)."""
    return ByHandFigure(table)
