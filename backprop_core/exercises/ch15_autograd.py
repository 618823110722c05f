"""Checks for chapter 15 (from backprop to autograd).  Used by chapter 15.

* :func:`check_local_rule` — the reader writes an operation's local
  derivative as a function (e.g. ∂ sin u/∂u); it is compared with central
  differences at several points, then used as a new ``Value`` operation whose
  backward pass is compared with finite differences too.
* :func:`check_twice_grad` — predict ∂C/∂x for C = (x + w)·x, where x is used twice.
* :func:`check_backward_twice` — predict w.grad after ``C.backward()`` twice for
  C = w² + 3w (the grads add up).
* :func:`check_forward_mode_passes` — how many forward-mode passes one gradient needs.
"""
import math

from .. import checks
from ..autograd import Value
from ..gradcheck import central_differences
from ..speed import number_of_parameters
from . import call, close, judge, number, report, unanswered

#: the operations the reader may write a rule for: (the function, points to test it at)
OPERATIONS = {
    "sin": (math.sin, (-2.0, -0.5, 0.0, 0.7, 2.5)),
    "log": (math.log, (0.2, 0.5, 1.0, 2.0, 5.0)),
}
#: what readers often write instead of the derivative: (function, hint)
_MISTAKES = {
    "sin": ((math.sin, "that is sin itself; the local rule is its derivative ∂v/∂u"),
            (lambda u: -math.cos(u), "check the sign: sin rises through u = 0"),
            (lambda u: 1.0, "1 would be the rule for v = u + c, not for sin")),
    "log": ((math.log, "that is ln itself; the local rule is its derivative ∂v/∂u"),
            (lambda u: -1.0 / u, "check the sign: ln rises for every u > 0"),
            (lambda u: 1.0 / u ** 2, "that is −(1/u)′ = 1/u²; the rule is (ln u)′ itself")),
}


def check_local_rule(rule, op="sin"):
    """``rule(u)`` should return ∂v/∂u for v = op(u) (``op`` is "sin" or "log")."""
    if op not in OPERATIONS:
        raise ValueError(f"op must be one of {list(OPERATIONS)}, got {op!r}")
    if unanswered(rule):
        return None
    if not callable(rule):
        return report(False, "", f"pass a function of one number u, e.g. "
                                 f"def {op}_rule(u): return ..., not {type(rule).__name__}")
    f, points = OPERATIONS[op]
    got = []
    for u in points:
        value, raised = call(rule, u)
        if raised:
            return report(False, "", f"{raised} at u = {u:g}; it should return one number")
        if unanswered(value):                             # the rule still returns ...
            return None
        x = number(value)
        if x is None or not math.isfinite(x):
            return report(False, "", f"at u = {u:g} your function returned {checks.show(value)}; it "
                                     "should return one finite number, ∂v/∂u at u")
        got.append(x)
    expected = [central_differences(f, u) for u in points]
    if all(close(g, e, rtol=1e-5, atol=1e-6) for g, e in zip(got, expected)):
        ok, text = _in_a_graph(op, rule)
        return report(ok, text, text)
    for wrong, hint in _MISTAKES[op]:
        if all(close(g, wrong(u), rtol=1e-6, atol=1e-9) for g, u in zip(got, points)):
            return report(False, "", hint)
    bad = next(i for i, (g, e) in enumerate(zip(got, expected))
               if not close(g, e, rtol=1e-5, atol=1e-6))
    return report(False, "", f"at u = {points[bad]:g} your rule gives {got[bad]:.6g}, but "
                             f"the slope of {op} there (by finite differences) is "
                             f"{expected[bad]:.6g}")


def _in_a_graph(op, rule):
    """The rule used as a Value operation in C = op(w·x)·x + w: (whether its grads
    equal finite differences of C, what to say)."""
    f, points = OPERATIONS[op]
    x0, w0 = 1.3, 0.6

    def cost(w, x):
        return f(w * x) * x + w

    w, x = Value(w0, "w"), Value(x0, "x")
    C, raised = call(lambda: (w * x).unary(f, rule, op) * x + w)
    if raised:
        return False, (f"your rule is right at the test points, but used in a graph at "
                       f"u = {w0 * x0:g} {raised.replace('your function ', 'it ')}")
    C.backward()
    dw = central_differences(lambda v: cost(float(v), x0), w0)
    dx = central_differences(lambda v: cost(w0, float(v)), x0)
    ok = close(w.grad, dw, rtol=1e-6) and close(x.grad, dx, rtol=1e-6)
    return ok, (f"your rule matches the slope of {op} at every test point; used as a Value "
            f"operation in C = {op}(w·x)·x + w it gives ∂C/∂w = {w.grad:.6g}, ∂C/∂x = "
            f"{x.grad:.6g} (finite differences: {dw:.6g}, {dx:.6g}"
            f"{'' if ok else ' — they differ!'})")


def _twice(x, w):
    xv = Value(x, "x")
    C = (xv + w) * xv
    C.backward()
    return xv.grad


def check_twice_grad(answer, x=1.5, w=0.8):
    """∂C/∂x for C = (x + w)·x: the engine's grad, 2x + w."""
    expected = _twice(x, w)
    return judge(answer, expected, f"∂C/∂x = {expected:.6g}: (x + w) from the × node plus "
                                   "x·1 through the + node", [
        (x + w, "that is only the path through the × node; x is also an input of the + node: "
                "add that path's contribution too"),
        (x, "that is only the path through the + node (s = x + w, then C = s·x): add the × "
            "node's direct contribution")],
        "follow both arrows out of x: C = s·x with s = x + w; ∂C/∂x = (∂C/∂x directly) + "
        "(∂C/∂s)(∂s/∂x)", "one finite number, ∂C/∂x")


def _backward_twice(w):
    wv = Value(w, "w")
    C = wv ** 2 + 3 * wv
    C.backward()
    C.backward()
    return wv.grad


def check_backward_twice(answer, w=0.5):
    """w.grad after ``C.backward()`` twice for C = w² + 3w: 2(2w + 3), from the engine."""
    w = checks.real(w, "w")
    expected = _backward_twice(w)
    once = 2 * w + 3
    return judge(answer, expected, f"w.grad = {expected:.6g}: each backward() adds ∂C/∂w = "
                                   f"2w + 3 = {once:.6g}, and nothing zeroed it in between", [
        (once, "that is ∂C/∂w of one pass; backward() adds into .grad, it does not reset it: "
               "the second call adds the same amount again"),
        (2 * 2 * w, "that doubles only the path through w²; w also reaches C through 3w"),
        (2 * 3.0, "that doubles only the path through 3w; w also reaches C through w²"),
        (once ** 2, "the passes add, they do not multiply")],
        "one pass gives ∂C/∂w = 2w + 3 (both paths); a second backward() adds it again",
        "one finite number, w.grad")


def check_forward_mode_passes(answer, sizes=(784, 30, 10)):
    """Forward-mode passes for all of ∂C/∂w and ∂C/∂b: one per parameter, P."""
    sizes = list(sizes)
    P = number_of_parameters(sizes)
    weights = sum(n * k for k, n in zip(sizes[:-1], sizes[1:]))
    return judge(answer, P, f"P = {P:,} passes of dual numbers, each giving C and one exact "
                            "partial derivative; reverse mode needs one backward pass", [
        (P + 1, "P + 1 is the forward-difference count: forward mode needs no separate "
                "unnudged pass, each pass carries C too"),
        (2 * P, "2P is the central-difference count; forward mode is exact with one pass per "
                "parameter"),
        (weights, "the biases are parameters too: each needs its own pass"),
        (1, "one backward pass is reverse mode; forward mode seeds one parameter per pass")],
        "each pass seeds the tangent of one parameter: count every weight and bias, "
        "P = Σ_l (n_l n_{l−1} + n_l)", "one whole number of passes")
