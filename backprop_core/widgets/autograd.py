"""The computation graph of a tiny expression, and its backward pass step by step.

Each node of the graph (``autograd.Value``) is a box with its name, its value
and, once the backward pass has reached it, its grad ∂C/∂v; an arrow runs from
each input to the operation that uses it.  The backward pass is a list of
steps (``autograd.backward_steps``): step 1 seeds ∂C/∂C = 1, and each later
step is one operation node v applying the chain rule to its inputs,
∂C/∂u += (∂v/∂u)·∂C/∂v.  The node whose grad is read is marked in blue, the
inputs whose grads are written in red, and the local rule, numbers
substituted, is shown under the drawing.  A value used twice collects two
contributions.

Controls, in the stepper's style (``widgets/stepper.py``): the expression
(one neuron with a quadratic cost, a value used twice, two neurons in a
chain, a weight shared by the two steps of an unrolled recurrence), the input
x, and the step slider with a linked ``ipywidgets.Play`` and step back / step
forward / reset buttons.  Changing x or the expression
keeps the position (clamped to the new number of steps).  The graph takes the
page's width, so the readout sits under it.  Used by chapter 15.
"""
import ipywidgets as widgets
import numpy as np

from .. import checks
from ..autograd import Value, backward_steps, topological_order
from .base import STYLE, new_figure
from .stepping import Stepping

READ, WRITE, IDLE = "tab:blue", "tab:red", "0.55"
X_MAX = 2.0

#: the fixed numbers of each expression (x comes from its slider)
W, B, Y, W3, B3 = 0.8, -0.3, 1.0, -1.2, 0.5


def _neuron(x):
    """C = ½(σ(w x + b) − y)²: one neuron, quadratic cost (BP1, BP3, BP4 in miniature)."""
    w, xv, b, y = Value(W, "w"), Value(x, "x"), Value(B, "b"), Value(Y, "y")
    u = _named(w * xv, "u")
    z = _named(u + b, "z")
    a = _named(z.sigmoid(), "a")
    d = _named(a - y, "d")
    s = _named(d ** 2, "s")
    return _named(s * 0.5, "C")


def _used_twice(x):
    """f = (x + w) · x: x feeds two operations, so its grad has two parts."""
    xv, w = Value(x, "x"), Value(W, "w")
    s = _named(xv + w, "s")
    return _named(s * xv, "C")


def _chain(x):
    """C = ½(σ(w₃ σ(w₂ x + b₂) + b₃) − y)²: two neurons in a row (BP2 in miniature)."""
    xv, w2, b2 = Value(x, "x"), Value(W, "w_2"), Value(B, "b_2")
    w3, b3, y = Value(W3, "w_3"), Value(B3, "b_3"), Value(Y, "y")
    a2 = _named(_named(_named(w2 * xv, "u_2") + b2, "z_2").sigmoid(), "a_2")
    a3 = _named(_named(_named(w3 * a2, "u_3") + b3, "z_3").sigmoid(), "a_3")
    return _named(_named(_named(a3 - y, "d") ** 2, "s") * 0.5, "C")


#: the fixed numbers of the unrolled recurrence (x₁ comes from the x slider)
W_SHARED, U_SHARED, X2, TARGET = 1.2, 0.4, -0.5, 0.3


def _shared(x):
    """h₁ = σ(w x₁ + u), h₂ = σ(w h₁ + u x₂), C = (h₂ − 0.3)²: w and u are used at both
    steps of an unrolled recurrence, so each collects one contribution per step."""
    w, x1, u = Value(W_SHARED, "w"), Value(x, "x_1"), Value(U_SHARED, "u")
    x2, t = Value(X2, "x_2"), Value(TARGET, "t")
    h1 = _named(_named(_named(w * x1, "p_1") + u, "z_1").sigmoid(), "h_1")
    z2 = _named(_named(w * h1, "p_2") + _named(u * x2, "q_2"), "z_2")
    h2 = _named(z2.sigmoid(), "h_2")
    return _named(_named(h2 - t, "d") ** 2, "C")


EXPRESSIONS = {
    "neuron": ("one neuron: C = ½(σ(wx + b) − y)²", _neuron),
    "twice": ("a value used twice: C = (x + w)·x", _used_twice),
    "chain": ("two neurons in a chain", _chain),
    "shared": ("a weight shared by two steps (x = x₁)", _shared),
}


def _named(v, label):
    v.label = label
    return v


def layout(root):
    """Positions (column, row) of the nodes of ``root``'s graph, by position in
    ``topological_order(root)``: the root in the last column, each input one
    column left of its first user, rows from a depth-first walk (inputs in
    order, an operation at the mean row of its inputs)."""
    order = topological_order(root)
    index = {v: i for i, v in enumerate(order)}
    dist = {root: 0}
    for v in reversed(order):                    # every user before its inputs
        for u in v.parents:
            dist[u] = max(dist.get(u, 0), dist[v] + 1)
    depth = max(dist.values())
    rows, slot = {}, [0]
    stack = [(root, False)]
    while stack:
        v, done = stack.pop()
        if v in rows:
            continue
        if not v.parents:
            rows[v] = float(slot[0])
            slot[0] += 1
        elif done:
            rows[v] = float(np.mean([rows[u] for u in v.parents]))
        else:
            stack.append((v, True))
            stack.extend((u, False) for u in reversed(v.parents))
    return {index[v]: (depth - dist[v], rows[v]) for v in order}


def _tex(label):
    return label if label else "v"


def definition(v):
    """The node's equation, e.g. 'z = u + b' (LaTeX)."""
    p = [_tex(u.label) for u in v.parents]
    op, name = v.op, _tex(v.label)
    if len(p) == 2:
        sym = {"+": "+", "−": "-", "×": r"\cdot", "/": "/"}[op]
        return f"{name} = {p[0]} {sym} {p[1]}"
    u = p[0]
    if op == "σ":
        return rf"{name} = \sigma({u})"
    if op in ("tanh", "exp", "relu"):
        return rf"{name} = \mathrm{{{op}}}({u})"
    if op == "ln":
        return rf"{name} = \ln {u}"
    if op == "neg":
        return f"{name} = -{u}"
    if op.startswith("^"):
        return f"{name} = {u}^{{{op[1:]}}}"
    if op.endswith(("−", "/")):                          # c − u, c / u
        return f"{name} = {op[:-1].strip()} {'-' if op.endswith('−') else '/'} {u}"
    sym = {"+": "+", "−": "-", "×": r"\cdot", "/": "/"}.get(op[0], op[0])
    return f"{name} = {u} {sym} {op[1:].strip()}"


def local_rule(v, i):
    """The local derivative ∂v/∂u of node v with respect to its i-th input, as LaTeX."""
    op, name = v.op, _tex(v.label)
    if len(v.parents) == 2:
        other = _tex(v.parents[1 - i].label)
        return {"+": "1", "−": "1" if i == 0 else "-1", "×": other,
                "/": f"1/{other}" if i == 0 else f"-{_tex(v.parents[0].label)}/{other}^2"}[op]
    u = _tex(v.parents[0].label)
    if op == "σ":
        return f"{name}(1-{name})"
    if op == "tanh":
        return f"1-{name}^2"
    if op == "exp":
        return name
    if op == "ln":
        return f"1/{u}"
    if op == "relu":
        return rf"[{u}>0]"
    if op.startswith("^"):
        n = float(op[1:])
        return f"{op[1:]}\\,{u}" if n == 2 else f"{op[1:]}\\,{u}^{{{n - 1:g}}}"
    return f"{v.local[0]:g}"


def _n(x):
    text = f"{x:.4g}"
    return f"({text})" if x < 0 else text


class AutogradGraph(Stepping):
    """The graph of one expression and its backward pass; ``steps`` lists the nodes."""

    rows = (("step", "position"), ("of", "total"), ("now at node", "node"),
            ("its grad ∂C/∂v", "grad"), ("C", "output"))
    title = "backward pass"
    readout_below = True          # the drawing needs the page's width

    def __init__(self, expression, x, step, interval):
        if expression not in EXPRESSIONS:
            raise ValueError(f"expression must be one of {list(EXPRESSIONS)}, got "
                             f"{checks.show(expression)}")
        x = checks.finite(x, "x")
        if abs(x) > X_MAX:
            raise ValueError(f"x must lie in [-{X_MAX:g}, {X_MAX:g}] (the slider's range), "
                             f"got {x:g}")
        controls = {
            "expression": widgets.Dropdown(options=[(t, k) for k, (t, _) in EXPRESSIONS.items()],
                                           value=expression, description="expression",
                                           style=STYLE),
            "x": widgets.FloatSlider(value=x, min=-X_MAX, max=X_MAX, step=0.1, description="x",
                                     style=STYLE),
            "step": self._stepping_controls(interval, "380px", "3.5em"),
        }

        fig, ax = new_figure(7.8, 3.4)
        ax.set_axis_off()
        fig.subplots_adjust(left=0.01, right=0.99, top=0.97, bottom=0.03)
        self.ax = ax
        self.art = {key: self._build(ax, build(x)) for key, (_, build) in EXPRESSIONS.items()}
        self.key, self._x = expression, x
        self._rebuild()
        top = len(self.steps) + 1
        controls["step"].max = self.play.max = top
        if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 0 <= step <= top:
            raise ValueError(f"step must be an integer in 0..{top}, got {checks.show(step)}")
        controls["step"].value = int(step)
        super().__init__(controls, fig, extra=self._stepping_parts())
        self.update()

    # ----- the drawing of one expression ----------------------------------------------
    def _build(self, ax, root):
        """Boxes and arrows for every node of ``root``'s graph (hidden until chosen)."""
        pos = layout(root)
        order = topological_order(root)
        cols = max(c for c, _ in pos.values()) + 1
        rows = max(r for _, r in pos.values()) + 1
        place = {i: ((c + 0.5) / cols, 1 - (r + 0.5) / rows) for i, (c, r) in pos.items()}
        index = {v: i for i, v in enumerate(order)}
        boxes, arrows = {}, {}
        for i, v in enumerate(order):
            boxes[i] = ax.text(*place[i], "", ha="center", va="center", fontsize=7.5,
                               transform=ax.transAxes, zorder=3, visible=False,
                               bbox=dict(boxstyle="round,pad=0.3", fc="white", ec=IDLE, lw=1.2))
            for u in v.parents:
                j = index[u]
                # from the middle of the input's right side to the user's left side
                arrows[(j, i)] = ax.annotate(
                    "", xy=(0.0, 0.5), xycoords=boxes[i], xytext=(1.0, 0.5),
                    textcoords=boxes[j], zorder=2, visible=False,
                    arrowprops=dict(arrowstyle="-|>", color=IDLE, lw=1.0, shrinkA=5, shrinkB=5))
        return {"boxes": boxes, "arrows": arrows}

    def _rebuild(self):
        """The chosen expression's graph at the current x (new Values; same shape)."""
        self.root = EXPRESSIONS[self.key][1](self._x)
        self.order = topological_order(self.root)
        self.steps = backward_steps(self.root)

    # ----- stepping ----------------------------------------------------------------------
    def follow(self, change):
        if change["owner"] is self.controls["expression"]:
            self.key = change["owner"].value
        if change["owner"] is not self.controls["step"]:
            self._x = self.controls["x"].value
            self._rebuild()
            slider = self.controls["step"]
            slider.max = self.play.max = len(self.steps) + 1     # a slider clamps its value

    def compute(self):
        position = self.controls["step"].value
        root, steps = self.root, self.steps
        for v in self.order:
            v.grad = 0.0
        reached, current, written = set(), None, ()
        if position >= 1:
            root.grad = 1.0
            reached.add(root)
            current = root
        for v in steps[:max(position - 1, 0)]:
            for u, d in zip(v.parents, v.local):
                u.grad += d * v.grad
                reached.add(u)
        if position >= 2:
            current = steps[position - 2]
            written = current.parents
        self.current, self.written, self.reached = current, written, reached
        return {"position": position, "total": len(steps) + 1,
                "node": current.label if current is not None else "none yet",
                "grad": current.grad if current is not None else "—",
                "output": root.data,
                "data": {v.label: v.data for v in self.order},
                "grads": {v.label: (v.grad if v in reached else None) for v in self.order}}

    def draw(self, values):
        index = {v: i for i, v in enumerate(self.order)}
        for key, art in self.art.items():
            shown = key == self.key
            for t in art["boxes"].values():
                t.set_visible(shown)
            for a in art["arrows"].values():
                a.set_visible(shown)
        art = self.art[self.key]
        for i, v in enumerate(self.order):
            g = f"{v.grad:.3g}" if v in self.reached else "?"
            name = f"${_tex(v.label)}$"
            kind = f"  [{v.op}]" if v.op else ""
            box = art["boxes"][i]
            box.set_text(f"{name}{kind}\n= {v.data:.3g}\ngrad {g}")
            color = (READ if v is self.current else WRITE if v in self.written else IDLE)
            box.get_bbox_patch().set_edgecolor(color)
            box.get_bbox_patch().set_linewidth(2.6 if color != IDLE else 1.2)
        for (j, i), arrow in art["arrows"].items():
            hot = self.order[i] is self.current and self.order[j] in self.written
            arrow.arrow_patch.set_color(WRITE if hot else IDLE)
            arrow.arrow_patch.set_linewidth(2.4 if hot else 1.0)
        self.equation_text = self._equation(values["position"])

    def _equation(self, position):
        if position == 0:
            return ("The forward pass is done: every node has its value. Press <b>play</b> or "
                    "<b>step forward</b> to run the backward pass.")
        v = self.current
        if position == 1:
            return (rf"Step 1, the seed: $\partial C/\partial C = 1$. "
                    rf"Then every operation, from $C$ back to the inputs, passes its grad on.")
        parts = []
        name = _tex(v.label)
        for i, u in enumerate(v.parents):
            un, rule, d = _tex(u.label), local_rule(v, i), v.local[i]
            shown = rule if rule == f"{d:g}" else f"{rule} = {d:.4g}"
            parts.append(rf"$\partial {name}/\partial {un} = {shown}$, so "
                         rf"$\partial C/\partial {un} \mathrel{{+}}= {_n(d)}\cdot{_n(v.grad)}"
                         rf" = {d * v.grad:.4g}$ &nbsp;(now {u.grad:.4g})")
        return (f"<span class='bp-step'>Step {position}: node ${definition(v)}$, its local rule "
                "and the chain rule, ∂C/∂input += (∂node/∂input)·∂C/∂node:<br>" + "<br>".join(parts) + "</span>")


def autograd_graph(expression="neuron", x=1.5, step=0, interval=700):
    """The live graph of ``expression`` ("neuron", "twice", "chain" or "shared") at input x,
    at backward step ``step``; ``interval`` is Play's time per step in ms."""
    return AutogradGraph(expression, x, step, interval)
