"""A stack of modules, live: forward, then grad_out through each module.  Used by chapter 16.

The reader picks a stack from a small menu: Linear(n_in → n_out), an
activation, Linear(n_in → n_out), and at the end the softmax with the
cross-entropy (target: class 0).  The figure draws one box per module with the
shape of what enters and leaves it; the pass chosen (forward or backward)
lights its arrows.  The text lists, module by module, grad_out entering and
grad_in leaving, with shapes and numbers.  Sizes that do not fit (the first
Linear's n_out is not the second's n_in) are refused in the figure and the
text, naming the two sizes; nothing is raised.
"""
import html

import ipywidgets as widgets
import numpy as np
from matplotlib.patches import FancyBboxPatch

from .. import checks
from ..activations import HIDDEN_ACTIVATIONS
from ..modules import Activation, Linear, SoftmaxCrossEntropy, run
from .base import STYLE, Live, new_figure

SIZES = (1, 2, 3, 4)
PASSES = ("forward", "backward")
#: the widest stack: Linear, activation, Linear, cost
SLOTS = 4


def _numbers(v):
    return "[" + ", ".join(f"{x:+.3f}" for x in np.ravel(v)) + "]"


def _box_label(name):
    """A module's name in two short lines for its box."""
    if name.startswith("Linear("):
        return "Linear\n" + name[len("Linear("):-1]
    if name.startswith("Activation("):
        return "σ\n" + name[len("Activation("):-1].strip("'")
    return "softmax +\ncross-entropy"


class ModuleStack(Live):
    rows = (("stack", "stack"), ("cost C", "C"), ("grad_in at the input", "grad_x"))
    title = "A stack of modules"
    static_sweep = "act"          # the static book: the activation module
    readout_below = True

    def __init__(self, seed):
        self.seed = seed
        dd = lambda value, options, d: widgets.Dropdown(value=value, options=options,
                                                          description=d, style=STYLE,
                                                          layout=widgets.Layout(width="auto"))
        controls = {"in1": dd(3, SIZES, "Linear 1: n_in"), "out1": dd(2, SIZES, "n_out"),
                    "act": dd("sigmoid", HIDDEN_ACTIVATIONS, "activation"),
                    "in2": dd(2, SIZES, "Linear 2: n_in"), "out2": dd(2, SIZES, "n_out"),
                    "pass": widgets.ToggleButtons(value="backward", options=PASSES,
                                                  description="pass", style=STYLE)}
        fig, ax = new_figure(7.0, 2.2)
        ax.set_xlim(0, SLOTS)
        ax.set_ylim(0, 1)
        ax.axis("off")
        self.boxes, self.labels, self.shapes = [], [], []
        for i in range(SLOTS):
            box = FancyBboxPatch((i + 0.12, 0.35), 0.76, 0.3, boxstyle="round,pad=0.02",
                                 fc="white", ec="black")
            ax.add_patch(box)
            self.boxes.append(box)
            self.labels.append(ax.text(i + 0.5, 0.5, "", ha="center", va="center", fontsize=8))
            self.shapes.append(ax.text(i + 0.5, 0.18, "", ha="center", va="center", fontsize=6.5))
        self.arrow = ax.annotate("", xy=(SLOTS - 0.1, 0.85), xytext=(0.1, 0.85),
                                 arrowprops=dict(arrowstyle="->", lw=2))
        self.pass_label = ax.text(SLOTS / 2, 0.93, "", ha="center", fontsize=8)
        self.refusal = ax.text(SLOTS / 2, 0.08, "", ha="center", va="center", fontsize=10,
                               color="tab:red", bbox=dict(fc="white", ec="tab:red"))
        self.table = widgets.HTML()
        super().__init__(controls, fig, extra=(self.table,))
        self.update()

    def refused(self):
        """The message for sizes that do not fit, or None."""
        c = {k: v.value for k, v in self.controls.items()}
        if c["out1"] != c["in2"]:
            return (f"refused: Linear 1 gives {c['out1']} outputs, "
                    f"but Linear 2 takes {c['in2']} inputs")
        return None

    def compute(self):
        c = {k: v.value for k, v in self.controls.items()}
        names = [f"Linear({c['in1']} → {c['out1']})", f"Activation({c['act']!r})",
                 f"Linear({c['in2']} → {c['out2']})", "SoftmaxCrossEntropy()"]
        why = self.refused()
        if why:
            return {"stack": " → ".join(names), "C": "—", "grad_x": "—", "refused": why,
                    "pass": c["pass"], "rows": [], "names": names,
                    "shapes": ["", "", "", ""], "grad_shapes": ["", "", "", ""]}
        rng = np.random.default_rng(self.seed)
        x = rng.standard_normal((c["in1"], 1))
        y = np.zeros((c["out2"], 1))
        y[0, 0] = 1.0
        stack = [Linear(rng.standard_normal((c["out1"], c["in1"])), rng.standard_normal((c["out1"], 1))),
                 Activation(c["act"]),
                 Linear(rng.standard_normal((c["out2"], c["in2"])), rng.standard_normal((c["out2"], 1))),
                 SoftmaxCrossEntropy()]
        C = run(stack, x, y)
        ins = [stack[0].x, stack[1].z, stack[2].x, stack[3].z]
        outs = [stack[1].z, stack[1].a, stack[3].z, None]
        grad_in = [None] * SLOTS
        grad = None
        for i in reversed(range(SLOTS)):           # backward once more, keeping each grad
            grad = stack[i].backward() if grad is None else stack[i].backward(grad)
            grad_in[i] = grad
        grad_out = [*grad_in[1:], None]
        rows = []
        for module, a, b, g, gi in zip(stack, ins, outs, grad_out, grad_in):
            rows.append((repr(module), a.shape, None if b is None else b.shape,
                         "1 (= ∂C/∂C)" if g is None else f"{g.shape} {_numbers(g)}",
                         f"{gi.shape} {_numbers(gi)}",
                         f"dW {module.dw.shape}, db {module.db.shape}" if isinstance(module, Linear)
                         else ""))
        shapes = [f"{r[1]} → {r[2] if r[2] else 'C'}" for r in rows]
        grad_shapes = [f"grad_out {g.shape if g is not None else '1'} in\ngrad_in {gi.shape} out"
                       for g, gi in zip(grad_out, grad_in)]
        return {"stack": " → ".join(r[0] for r in rows), "C": float(C),
                "grad_x": _numbers(grad_in[0]), "refused": None, "pass": c["pass"],
                "rows": rows, "names": [r[0] for r in rows], "shapes": shapes,
                "grad_shapes": grad_shapes}

    def draw(self, values):
        refused = values["refused"]
        self.refusal.set_text(refused or "")
        self.refusal.set_visible(bool(refused))
        for i in range(SLOTS):
            self.labels[i].set_text(_box_label(values["names"][i]))
            self.shapes[i].set_text(values["shapes"][i] if values["pass"] == "forward"
                                    else values["grad_shapes"][i])
            self.boxes[i].set_edgecolor("tab:red" if refused and i in (0, 2) else "black")
        forward = values["pass"] == "forward"
        start, end = (0.1, SLOTS - 0.1) if forward else (SLOTS - 0.1, 0.1)
        self.arrow.xyann = (start, 0.85)
        self.arrow.xy = (end, 0.85)
        self.arrow.arrow_patch.set_color("tab:blue" if forward else "tab:red")
        self.pass_label.set_text("forward: x → C" if forward
                                 else "backward: grad_out enters each module from the right, grad_in leaves")

    def texts(self):
        v = self.values
        if v["refused"]:
            body = (f"<p style='color:var(--jp-error-color1, #c00)'><b>{html.escape(v['refused'])}"
                    "</b>: nothing is run until the sizes fit</p>")
        else:
            head = ("<tr><th>module</th><th>input</th><th>output</th>"
                    + ("" if v["pass"] == "forward" else
                       "<th>grad_out enters</th><th>grad_in leaves</th><th>stores</th>") + "</tr>")
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(str(cell if cell is not None else 'C'))}</td>"
                                 for cell in (r[:3] if v["pass"] == "forward" else r)) + "</tr>"
                for r in v["rows"])
            body = f"<table>{head}{rows}</table>"
        return [*super().texts(), (self.table, body)]


def module_stack(seed=0):
    """The figure: a menu-built stack of modules, its forward and backward passes."""
    return ModuleStack(checks.seed(seed))
