"""The backpropagation algorithm as a list of steps, each one number and its equation.

For one example (x, y) the algorithm computes, in this order:

1. the forward pass, layer l = 2..L, neuron by neuron:
   z^l_j = Σ_k w^l_jk a^{l−1}_k + b^l_j, then a^l_j = σ(z^l_j);
2. the cost C_x;
3. the backward pass, l = L, L−1, ..., 2: every δ^l_j (BP1 at l = L, BP2
   below), then that layer's ∂C/∂b^l_j = δ^l_j (BP3) and
   ∂C/∂w^l_jk = a^{l−1}_k δ^l_j (BP4).

Each :class:`Step` carries its ``value`` (read from the engine, ``ex =
net.example(x, y)``, never recomputed here), the ``equation`` it applied with
the numbers substituted (LaTeX), what it ``reads`` and what it ``writes``
(keys ``(kind, l, j, k)``), so a figure can mark both.  Used by the stepper
(``widgets/stepper.py``) in chapters 7 and 11.
"""
from dataclasses import dataclass

from .example import check_example

KINDS = ("z", "a", "cost", "delta", "nabla_b", "nabla_w")


@dataclass(frozen=True)
class Written:
    """A number the algorithm writes: ``value`` at ``(kind, l, j, k)``, the
    ``equation`` that gives it with the numbers put in (LaTeX), and the places it
    ``reads``.  A :class:`Step` here, an entry of the by-hand table (``by_hand.Entry``)."""
    kind: str
    l: object
    j: object
    k: object
    value: float
    equation: str
    reads: tuple


@dataclass(frozen=True)
class Step(Written):
    """One step of the algorithm, in its ``phase`` (forward or backward)."""
    phase: str

    @property
    def writes(self):
        return (self.kind, self.l, self.j, self.k)

    @property
    def group(self):
        """The layer-at-a-time group of this step: the forward pass of layer l
        (its z and a together), the cost, or one kind of the backward pass of layer l."""
        return ("forward", self.l) if self.phase == "forward" else (self.kind, self.l)


def tex_number(v):
    """A number as the equations show it: 4 significant digits, a true minus sign."""
    text = f"{v:.4g}"
    if "e" in text:
        mant, exp = text.split("e")
        text = rf"{mant}\times 10^{{{int(exp)}}}"
    return text.replace("-", "{-}")


def tex_factor(v):
    """A number in brackets when negative, so products read unambiguously."""
    return f"({tex_number(v)})" if v < 0 else tex_number(v)


def algorithm_steps(ex):
    """The steps of backprop on the example ``ex`` (one column), in order."""
    check_example(ex, "algorithm_steps")
    if ex.skips:
        raise ValueError("algorithm_steps writes out the plain network's steps; this network "
                         "is residual (its skip connections are chapter 14's)")
    net, L = ex.net, ex.L
    n, w, b = net.n, net.w, net.b
    z, a = ex.z, ex.a
    steps = []

    def add(kind, l, j, k, value, equation, reads, phase):
        steps.append(Step(kind, l, j, k, float(value), equation, tuple(reads), phase))

    # ----- forward -----------------------------------------------------------
    for l in range(2, L + 1):
        sigma = net.sigma(l)
        z_steps, a_steps = [], []
        for j in range(n[l]):
            terms = [f"{tex_factor(w[l][j, k])}\\cdot{tex_factor(a[l - 1][k, 0])}" for k in range(n[l - 1])]
            terms = " + ".join(terms if len(terms) <= 4 else terms[:3] + ["\\cdots"])
            z_steps.append(Step(
                "z", l, j, None, float(z[l][j, 0]),
                f"z^{{{l}}}_{{{j}}} = \\sum_k w^{{{l}}}_{{{j}k}} a^{{{l - 1}}}_k + b^{{{l}}}_{{{j}}}"
                f" = {terms} + {tex_factor(b[l][j, 0])} = {tex_number(z[l][j, 0])}",
                tuple(("a", l - 1, k, None) for k in range(n[l - 1])), "forward"))
            if sigma.name == "softmax":
                eq = (f"a^{{{l}}}_{{{j}}} = e^{{z^{{{l}}}_{{{j}}}}} / \\sum_i e^{{z^{{{l}}}_i}}"
                      f" = {tex_number(a[l][j, 0])}")
                reads = tuple(("z", l, i, None) for i in range(n[l]))
            else:
                eq = (f"a^{{{l}}}_{{{j}}} = {_symbol(sigma)}(z^{{{l}}}_{{{j}}}) = "
                      f"{_symbol(sigma)}({tex_number(z[l][j, 0])}) = {tex_number(a[l][j, 0])}")
                reads = (("z", l, j, None),)
            a_steps.append(Step("a", l, j, None, float(a[l][j, 0]), eq, reads, "forward"))
        if sigma.name == "softmax":      # every a^L_j needs every z^L_i: all z first
            steps.extend(z_steps + a_steps)
        else:                            # neuron by neuron: z^l_j, then a^l_j
            steps.extend(step for pair in zip(z_steps, a_steps) for step in pair)
    # ----- the cost ----------------------------------------------------------
    add("cost", None, None, None, ex.cost, _cost_equation(ex),
        [("a", L, j, None) for j in range(n[L])], "cost")
    # ----- backward ----------------------------------------------------------
    delta = ex.delta
    for l in range(L, 1, -1):
        sigma = net.sigma(l)
        for j in range(n[l]):
            eq, reads = _delta_equation(ex, l, j, sigma)
            add("delta", l, j, None, delta[l][j, 0], eq, reads, "backward")
        for j in range(n[l]):
            add("nabla_b", l, j, None, ex.nabla_b[l][j, 0],
                f"\\partial C/\\partial b^{{{l}}}_{{{j}}} = \\delta^{{{l}}}_{{{j}}} = "
                f"{tex_number(delta[l][j, 0])}",
                [("delta", l, j, None)], "backward")
        for j in range(n[l]):
            for k in range(n[l - 1]):
                add("nabla_w", l, j, k, ex.nabla_w[l][j, k],
                    f"\\partial C/\\partial w^{{{l}}}_{{{j}{k}}} = a^{{{l - 1}}}_{{{k}}}"
                    f"\\,\\delta^{{{l}}}_{{{j}}} = {tex_factor(a[l - 1][k, 0])}\\cdot"
                    f"{tex_factor(delta[l][j, 0])} = {tex_number(ex.nabla_w[l][j, k])}",
                    [("a", l - 1, k, None), ("delta", l, j, None)], "backward")
    return steps


def _symbol(sigma):
    return {"sigmoid": r"\sigma", "tanh": r"\tanh", "relu": r"\mathrm{relu}",
            "linear": r"\mathrm{id}"}[sigma.name]


def _cost_equation(ex):
    net, L = ex.net, ex.L
    a, y = ex.a[L][:, 0], ex.y[:, 0]
    name = net.cost_function.name
    if name == "quadratic":
        terms = " + ".join(f"({tex_number(aj)} - {tex_number(yj)})^2" for aj, yj in zip(a, y))
        return f"C_x = \\tfrac12 \\sum_j (a^{{{L}}}_j - y_j)^2 = \\tfrac12[{terms}] = {tex_number(ex.cost)}"
    if name == "cross_entropy":
        return (f"C_x = -\\sum_j [y_j \\ln a^{{{L}}}_j + (1 - y_j) \\ln(1 - a^{{{L}}}_j)]"
                f" = {tex_number(ex.cost)}")
    return f"C_x = -\\sum_j y_j \\ln a^{{{L}}}_j = {tex_number(ex.cost)}"


def _delta_equation(ex, l, j, sigma):
    """δ^l_j with its numbers: BP1 at the output layer, BP2 below."""
    net, L = ex.net, ex.L
    n, delta, z = net.n, ex.delta, ex.z
    d = delta[l][j, 0]
    if l == L:
        reads = [("a", L, i, None) for i in range(n[L])] + [("z", L, j, None)]
        grad = ex.dC_da[L][j, 0]
        cost = net.cost_function.name
        if (cost, sigma.name) in (("cross_entropy", "sigmoid"), ("log_likelihood", "softmax")):
            a, y = ex.a[L][j, 0], ex.y[j, 0]
            return (f"\\delta^{{{L}}}_{{{j}}} = a^{{{L}}}_{{{j}}} - y_{{{j}}} = {tex_number(a)} - {tex_number(y)}"
                    f" = {tex_number(d)}", reads)
        if sigma.name == "softmax":
            return (f"\\delta^{{{L}}}_{{{j}}} = \\sum_i \\frac{{\\partial a^{{{L}}}_i}}"
                    f"{{\\partial z^{{{L}}}_{{{j}}}}} \\frac{{\\partial C}}{{\\partial a^{{{L}}}_i}}"
                    f" = {tex_number(d)}", reads)
        prime = float(sigma.prime(z[L][j, 0]))
        return (f"\\delta^{{{L}}}_{{{j}}} = \\frac{{\\partial C}}{{\\partial a^{{{L}}}_{{{j}}}}}"
                f"\\,{_symbol(sigma)}'(z^{{{L}}}_{{{j}}}) = {tex_factor(grad)}\\cdot{tex_factor(prime)} = {tex_number(d)}",
                reads)
    back = ex.dC_da[l][j, 0]
    prime = float(sigma.prime(z[l][j, 0]))
    reads = [("delta", l + 1, i, None) for i in range(n[l + 1])] + [("z", l, j, None)]
    return (f"\\delta^{{{l}}}_{{{j}}} = ((w^{{{l + 1}}})^T \\delta^{{{l + 1}}})_{{{j}}}"
            f"\\,{_symbol(sigma)}'(z^{{{l}}}_{{{j}}}) = {tex_factor(back)}\\cdot{tex_factor(prime)} = {tex_number(d)}",
            reads)


def layer_ends(steps):
    """The index of the last step of each layer-at-a-time group, in order."""
    ends = []
    for i, step in enumerate(steps):
        if i + 1 == len(steps) or steps[i + 1].group != step.group:
            ends.append(i)
    return ends


def values_after(steps, index):
    """What is known after step ``index`` (−1: nothing yet): {writes: value}."""
    return {s.writes: s.value for s in steps[:index + 1]}


__all__ = ["Step", "KINDS", "algorithm_steps", "layer_ends", "values_after"]
