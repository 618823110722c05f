"""Gradients add up: ``backward()`` on two losses in turn, and ``zero_grad``.

Two losses share the parameters w and b (chapter 15's "Gradients add up"):

    C₁ = σ(1.5 w + b)²,    C₂ = tanh(−0.4 w + b) · w,    b = −0.2.

The buttons run the engine's own calls on the same ``Value`` objects:
``C1.backward()``, ``C2.backward()`` and ``zero_grad([w, b])``.  Each backward
call adds its derivatives to ``w.grad`` and ``b.grad``; the figure draws each
call's contribution as one more piece of a staircase (C₁'s blue, C₂'s orange),
each piece starting where the last one ended, so the black mark at the end is
the grad.  Beside them
the readout gives ∂C₁/∂w, ∂C₂/∂w and ∂(C₁ + C₂)/∂w (and the same for b), each
from a backward pass of its own on fresh Values: after one call of each, w.grad
is the gradient of the sum.

The w slider moves w; the losses are rebuilt at the new w and the calls made
since the last ``zero_grad`` are run again on them, so the grads shown are
always those calls' at the w shown.  At most ``MAX_CALLS`` calls fit between
two ``zero_grad``s (the axis is sized for that many at the w shown: ±1.1 times
MAX_CALLS times the largest single contribution there); after that the
backward buttons are disabled until ``zero_grad``.
Used by chapter 15.
"""
import ipywidgets as widgets

from .. import checks
from ..autograd import Value, zero_grad
from .base import STYLE, Live, new_figure

#: the fixed bias, the slider's range and step for w, and the calls a figure holds
B, W_MAX, W_STEP, MAX_CALLS = -0.2, 1.5, 0.05, 4
COLORS = {"C1": "tab:blue", "C2": "tab:orange"}
NAMES = {"C1": "C₁", "C2": "C₂"}


def losses(w, b):
    """C₁ = σ(1.5 w + b)² and C₂ = tanh(−0.4 w + b)·w, built from the Values w and b."""
    return (w * 1.5 + b).sigmoid() ** 2, (w * -0.4 + b).tanh() * w


def partials(w_value, b_value=B):
    """∂C₁, ∂C₂ and ∂(C₁ + C₂) with respect to w and b, each from one backward pass
    on fresh Values: {"C1": (∂/∂w, ∂/∂b), "C2": ..., "sum": ...}."""
    out = {}
    for key in ("C1", "C2", "sum"):
        w, b = Value(w_value, "w"), Value(b_value, "b")
        c1, c2 = losses(w, b)
        {"C1": c1, "C2": c2, "sum": c1 + c2}[key].backward()
        out[key] = (w.grad, b.grad)
    return out


def reach(p):
    """The largest |grad| a bar can reach at one w (``p = partials(w)``): MAX_CALLS
    times the largest single contribution there.  The bars' axis is ±1.1 times this."""
    return MAX_CALLS * max(abs(g) for key in ("C1", "C2") for g in p[key])


class Accumulate(Live):
    """w.grad and b.grad as C1.backward(), C2.backward() and zero_grad([w, b]) run."""

    rows = (("w", "w"), ("b", "b"), ("calls since zero_grad", "calls"),
            ("w.grad", "w_grad"), ("b.grad", "b_grad"),
            ("∂C_1/∂w", "dC1_dw"), ("∂C_2/∂w", "dC2_dw"), ("∂(C_1 + C_2)/∂w", "dsum_dw"),
            ("∂C_1/∂b", "dC1_db"), ("∂C_2/∂b", "dC2_db"), ("∂(C_1 + C_2)/∂b", "dsum_db"))
    title = "gradients add up"

    def __init__(self, w, calls):
        w = checks.finite(w, "w")
        if abs(w) > W_MAX:
            raise ValueError(f"w must lie in [-{W_MAX:g}, {W_MAX:g}] (the slider's range), "
                             f"got {w:g}")
        calls = list(calls)
        if len(calls) > MAX_CALLS or any(c not in COLORS for c in calls):
            raise ValueError(f"calls must be a list of at most {MAX_CALLS} of 'C1', 'C2', "
                             f"got {checks.show(calls)}")
        controls = {
            "w": widgets.FloatSlider(value=w, min=-W_MAX, max=W_MAX, step=W_STEP,
                                     description="w", style=STYLE),
            "C1": widgets.Button(description="C1.backward()", tooltip="add ∂C₁ to the grads"),
            "C2": widgets.Button(description="C2.backward()", tooltip="add ∂C₂ to the grads"),
            "zero": widgets.Button(description="zero_grad([w, b])",
                                   tooltip="set w.grad and b.grad to 0"),
        }
        controls["C1"].on_click(lambda _: self.backward("C1"))
        controls["C2"].on_click(lambda _: self.backward("C2"))
        controls["zero"].on_click(lambda _: self.zero())

        fig, ax = new_figure(4.4, 2.4)
        fig.subplots_adjust(left=0.17, right=0.97, top=0.86, bottom=0.14)
        ax.set_ylim(-0.5, 1.5)
        ax.set_yticks([1, 0], ["w.grad", "b.grad"])
        ax.axvline(0.0, color="0.5", lw=0.8)
        ax.set_title("each backward() adds one piece", fontsize=9, loc="left")
        ax.tick_params(labelsize=8)
        # call i's piece sits on its own line of its row: a staircase from 0 to the grad
        self.pieces = {row: [ax.barh(row + 0.3 - 0.6 * i / (MAX_CALLS - 1), 0.0, left=0.0,
                                     height=0.55 / MAX_CALLS, visible=False)[0]
                             for i in range(MAX_CALLS)] for row in (1, 0)}
        self.ends = {row: ax.plot([0.0, 0.0], [row - 0.42, row + 0.42], color="k", lw=2)[0]
                     for row in (1, 0)}
        for key, color in COLORS.items():
            ax.barh(5, 0.0, color=color, label=NAMES[key])          # legend entries only
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False,
                  ncol=2, borderaxespad=0.1)
        self.ax = ax

        self.calls = []
        self._build(w)
        for c in calls:
            self._call(c)
        super().__init__(controls, fig)
        self.update()

    # ----- the engine's calls ------------------------------------------------------------
    def _build(self, w):
        """New Values w, b and the losses C₁, C₂ built from them (grads 0)."""
        self.w, self.b = Value(float(w), "w"), Value(B, "b")
        self.C = dict(zip(("C1", "C2"), losses(self.w, self.b)))

    def _call(self, key):
        """``C1.backward()`` or ``C2.backward()`` on the figure's Values."""
        self.C[key].backward()
        self.calls.append(key)

    def backward(self, key):
        """The button: one more backward call (ignored once MAX_CALLS are made)."""
        if len(self.calls) < MAX_CALLS:
            self._call(key)
        self.update()

    def zero(self):
        """The button ``zero_grad([w, b])``."""
        zero_grad([self.w, self.b])
        self.calls = []
        self.update()

    def follow(self, change):
        """w moved: rebuild the losses at the new w and run the same calls again."""
        calls, self.calls = self.calls, []
        self._build(self.controls["w"].value)
        for c in calls:
            self._call(c)

    # ----- what is shown ---------------------------------------------------------------
    def compute(self):
        full = len(self.calls) >= MAX_CALLS
        for key in ("C1", "C2"):
            self.controls[key].disabled = full
        p = partials(self.w.data, self.b.data)
        names = ", ".join(f"{k}.backward()" for k in self.calls) or "none"
        if full:
            names += " (the most the bars hold: zero_grad next)"
        return {"w": self.w.data, "b": self.b.data, "calls": names,
                "w_grad": self.w.grad, "b_grad": self.b.grad,
                "dC1_dw": p["C1"][0], "dC2_dw": p["C2"][0], "dsum_dw": p["sum"][0],
                "dC1_db": p["C1"][1], "dC2_db": p["C2"][1], "dsum_db": p["sum"][1],
                "pieces": [(k, p[k]) for k in self.calls], "limit": 1.1 * reach(p)}

    def draw(self, values):
        self.ax.set_xlim(-values["limit"], values["limit"])
        for row, index, grad in ((1, 0, values["w_grad"]), (0, 1, values["b_grad"])):
            start = 0.0
            for i, bar in enumerate(self.pieces[row]):
                if i < len(values["pieces"]):
                    key, grads = values["pieces"][i]
                    bar.set_x(start)
                    bar.set_width(grads[index])
                    bar.set_color(COLORS[key])
                    bar.set_edgecolor("white")
                    bar.set_visible(True)
                    start += grads[index]
                else:
                    bar.set_visible(False)
            self.ends[row].set_xdata([grad, grad])       # the engine's accumulated grad


def accumulate_grads(w=0.7, calls=()):
    """The live figure of chapter 15's two losses at weight ``w``, after the
    backward ``calls`` (a list of "C1" and "C2")."""
    return Accumulate(w, calls)
