"""The gradient check as a debugging tool: where, and how, a backprop is wrong.  Chapter 13.

A candidate backprop is any function ``backprop(net, x, y) -> (nabla_b, nabla_w)``
returning two :class:`Layers` of arrays, ``nabla_w[l]`` ≈ ∂C/∂w^l for l = 2..L.
:func:`check_backprop` compares it, parameter by parameter, with central
differences of the engine's cost C = (1/m) Σ_x C_x:

    ∂C/∂w^l_jk ≈ (C(w^l_jk + ε) − C(w^l_jk − ε)) / 2ε

and reports the relative error ‖g − g̃‖ / (‖g‖ + ‖g̃‖) of each w^l and b^l (the
shared ``gradcheck.relative_error``), and of each entry.  Reading it:

    ≤ 1e-7         fine (float64, smooth activations)
    1e-7 .. 1e-4   look closer: a kink (ReLU at z = 0), float32, a poor ε
    1e-4 .. 1e-2   suspicious
    > 1e-2         wrong

A candidate is called on a copy of the network (it may change what it is given:
that is reported, never passed on).  Whatever it does — raise, return the wrong
shapes, NaN, lists instead of Layers — the check returns a verdict, not a
traceback.  :func:`evidence` and :func:`diagnosis` turn the numbers into the
clues chapter 13 teaches: which layers are wrong, a constant factor (m), a flipped
sign (relative error exactly 1), a transpose.
"""
import copy
import warnings

import numpy as np

from . import checks
from .example import check_example
from .gradcheck import central_differences, numerical_gradient, relative_error
from .layers import Layers
from .divergence import quiet

FINE, SUSPICIOUS, WRONG = 1e-7, 1e-4, 1e-2

PRECISIONS = ("float64", "float32")

#: The chapter's network, a batch of m = 4 examples, and its seed.
SIZES, SEED, M = (2, 3, 3, 3), 0, 4


def chapter_example():
    """The network of chapter 13 (sigmoid, quadratic cost) on its batch of M examples."""
    from .network import Network
    net = Network(list(SIZES), seed=SEED)
    rng = np.random.default_rng(SEED + 100)
    X = rng.uniform(-1, 1, (SIZES[0], M))
    Y = rng.uniform(0, 1, (SIZES[-1], M))
    return net.example(X, Y)


def engine(net, x, y):
    """The engine's own backprop, as a candidate: ``net.backprop_batch(x, y)``."""
    return net.backprop_batch(x, y)


def grade(error):
    """"fine", "look closer", "suspicious" or "wrong" for one relative error."""
    if error is None or not np.isfinite(error):
        return "wrong"
    if error <= FINE:
        return "fine"
    if error <= SUSPICIOUS:
        return "look closer"
    return "suspicious" if error <= WRONG else "wrong"


def parameter_names(L):
    """"w^2", ..., "w^L", "b^2", ..., "b^L"."""
    return [f"{kind}^{l}" for kind in "wb" for l in range(2, L + 1)]


def network_of(ex):
    """A copy of ex's network holding the parameters ex was computed with."""
    net = copy.deepcopy(ex.net)
    for l in range(2, ex.L + 1):
        net.w[l] = np.array(ex.w[l], dtype=float)
        net.b[l] = np.array(ex.b[l], dtype=float)
    return net


def finite_differences(ex, eps=1e-6, precision="float64"):
    """(nabla_b, nabla_w) of ex's cost by central differences with step ε.

    In "float32" every cost the differences see is rounded to float32 first:
    C is then known to about 6e-8 of its size (the last step of a float32
    network does that rounding; its earlier steps add a few more units).
    """
    eps = checks.positive(eps, "eps")
    precision = _precision(precision)
    net, X, Y = network_of(ex), ex.x, ex.y
    if precision == "float64":
        return numerical_gradient(net, X, Y, eps)

    def partials(param):
        grad = np.empty_like(param)
        for idx in np.ndindex(param.shape):
            old = param[idx]

            def cost(v):
                param[idx] = v
                try:
                    return float(np.float32(net.cost(X, Y)))
                finally:
                    param[idx] = old
            grad[idx] = central_differences(cost, old, eps)
        return grad

    return (Layers([partials(b) for b in net.biases], 2, "∂C/∂b^l"),
            Layers([partials(w) for w in net.weights], 2, "∂C/∂w^l"))


def _precision(precision):
    if precision not in PRECISIONS:
        raise ValueError(f"precision must be one of {PRECISIONS}, got {precision!r}")
    return precision


class CandidateProblem(Exception):
    """The candidate could not be checked at all (the message says why)."""


def call_candidate(candidate, ex):
    """Run ``candidate(net, x, y)`` on a copy of ex's network.

    Returns ``(gradients, changed, refused, warned)``: gradients maps "w^l"/"b^l" to the
    array returned (or to a message string when that entry is unusable), changed
    lists the parameters the call modified, refused holds the arrays of the
    wrong shape (a transpose can still be recognised), warned the warnings the
    call raised (recorded, not shown).  Raises :class:`CandidateProblem` with a
    plain message when there is nothing to check.
    """
    if not callable(candidate):
        raise CandidateProblem(f"the candidate should be a function backprop(net, x, y); "
                               f"got {type(candidate).__name__} {_short(candidate)}")
    net = network_of(ex)
    before = {**{f"w^{l}": net.w[l].copy() for l in range(2, ex.L + 1)},
              **{f"b^{l}": net.b[l].copy() for l in range(2, ex.L + 1)}}
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            out = candidate(net, ex.x.copy(), ex.y.copy())
    except Exception as error:                  # the reader's code: any error is a verdict
        raise CandidateProblem(f"calling it raised {type(error).__name__}: {error}") from None
    warned = list(dict.fromkeys(f"{w.category.__name__}: {w.message}" for w in caught))
    if not isinstance(out, tuple) or len(out) != 2:
        raise CandidateProblem(f"it returned {type(out).__name__} {_short(out)}; expected a "
                               "pair (nabla_b, nabla_w)")
    after = {**{f"w^{l}": net.w[l] for l in range(2, ex.L + 1)},
             **{f"b^{l}": net.b[l] for l in range(2, ex.L + 1)}}
    changed = [name for name in before
               if np.shape(after[name]) != before[name].shape
               or not np.array_equal(after[name], before[name])]
    gradients, refused = {}, {}
    for kind, part in zip("bw", out):
        symbol = f"nabla_{kind}"
        if not isinstance(part, Layers):
            raise CandidateProblem(
                f"{symbol} is {type(part).__name__} {_short(part)}, not a Layers: return "
                f"Layers(list_of_arrays, 2, 'symbol') so that {symbol}[l] is layer l")
        if part.first != 2 or part.last != ex.L:
            raise CandidateProblem(f"{symbol} has layers {part.first}..{part.last}; expected "
                                   f"2..{ex.L}")
        for l in range(2, ex.L + 1):
            name = f"{kind}^{l}"
            gradients[name] = _entry(part[l], _expected_shape(ex, kind, l))
            if isinstance(gradients[name], str) and gradients[name].startswith("shape"):
                refused[name] = np.asarray(part[l], dtype=float)
    return gradients, changed, refused, warned


def _expected_shape(ex, kind, l):
    return np.shape(ex.w[l]) if kind == "w" else np.shape(ex.b[l])


def _entry(value, shape):
    """The returned ∂C/∂w^l (or b^l) as a float array, or a message why it is unusable."""
    if value is None or isinstance(value, (str, bytes)):
        return f"it is {_short(value)}, not an array of numbers"
    try:
        array = np.asarray(value)
        if np.iscomplexobj(array):
            return "it holds complex numbers"
        array = array.astype(float)
    except Exception:                           # the reader's objects: float() may raise anything
        return f"it is {_short(value)}, not an array of numbers"
    if array.shape != shape:
        return f"shape {array.shape}, expected {shape}"
    if not np.all(np.isfinite(array)):
        return "it contains NaN or infinity"
    return array


def _short(value):
    return checks.show(value, limit=60)


class GradientCheck:
    """The result of :func:`check_backprop`.

    ``problem``   why nothing could be checked (None when the check ran)
    ``names``     "w^2".."w^L", "b^2".."b^L"
    ``errors``    name → relative error of that parameter (None when unusable)
    ``by_layer``  l → relative error of w^l and b^l together
    ``entries``   name → per-entry relative errors (an array, None when unusable)
    ``issues``    name → what is wrong with an unusable entry ("shape (2, 3), ...")
    ``candidate`` / ``numerical``  name → the arrays compared
    ``changed``   the parameters the candidate modified in place
    ``refused``   name → the array of the wrong shape the candidate returned
    ``warnings``  the warnings the call raised
    """

    def __init__(self, problem=None, names=(), errors=None, entries=None, issues=None,
                 candidate=None, numerical=None, changed=(), eps=None, precision=None, m=None,
                 refused=None, warnings=()):
        self.problem, self.names = problem, list(names)
        self.errors, self.entries = errors or {}, entries or {}
        self.issues, self.refused = issues or {}, refused or {}
        self.warnings = list(warnings)
        self.candidate, self.numerical = candidate or {}, numerical or {}
        self.changed, self.eps, self.precision, self.m = list(changed), eps, precision, m

    @property
    def by_layer(self):
        """l → the relative error of w^l and b^l together (None if either is unusable)."""
        out = {}
        for l in sorted({int(n.split("^")[1]) for n in self.names}):
            w, b = f"w^{l}", f"b^{l}"
            if self.problem or w in self.issues or b in self.issues:
                out[l] = None
                continue
            with quiet():
                out[l] = _bounded(relative_error([self.candidate[w], self.candidate[b]],
                                                 [self.numerical[w], self.numerical[b]]))
        return out

    @property
    def worst(self):
        """The largest relative error (inf if an entry is unusable or nothing ran)."""
        if self.problem or self.issues or not self.errors:
            return float("inf")
        return max(self.errors.values())

    @property
    def wrong(self):
        """The parameters whose error is above SUSPICIOUS, or unusable."""
        return [n for n in self.names if self.errors.get(n) is None
                or self.errors[n] > SUSPICIOUS]

    @property
    def passed(self):
        return self.problem is None and self.worst <= FINE

    @property
    def verdict(self):
        if self.problem:
            return "not checked"
        if self.issues:
            return "wrong"
        return grade(self.worst)

    def __repr__(self):
        return f"<GradientCheck {self.verdict}: worst {self.worst:.3g}>"


def check_backprop(ex, candidate, eps=1e-6, precision="float64", numerical=None):
    """Gradient-check ``candidate(net, x, y)`` on ``ex = net.example(x, y)``.

    ``numerical`` may pass in :func:`finite_differences` already computed for
    this ex, ε and precision.  Never raises for a bad candidate: see
    ``GradientCheck.problem`` and ``issues``.
    """
    ex = check_example(ex, "check_backprop", one=False)
    eps = checks.positive(eps, "eps")
    precision = _precision(precision)
    names = parameter_names(ex.L)
    try:
        got, changed, refused, warned = call_candidate(candidate, ex)
    except CandidateProblem as problem:
        return GradientCheck(problem=str(problem), names=names, eps=eps, precision=precision,
                             m=ex.m)
    nb, nw = numerical if numerical is not None else finite_differences(ex, eps, precision)
    reference = {**{f"w^{l}": nw[l] for l in range(2, ex.L + 1)},
                 **{f"b^{l}": nb[l] for l in range(2, ex.L + 1)}}
    errors, entries, issues = {}, {}, {}
    for name in names:
        g, r = got[name], reference[name]
        if isinstance(g, str):
            errors[name], entries[name], issues[name] = None, None, g
            continue
        with quiet():       # a reader's ±1e308 overflows: error 1
            errors[name] = _bounded(relative_error(g, r))
            entries[name] = np.array([_bounded(relative_error(a, b))
                                      for a, b in zip(g.ravel(), r.ravel())]).reshape(r.shape)
    return GradientCheck(names=names, errors=errors, entries=entries, issues=issues,
                         candidate=got, numerical=reference, changed=changed, eps=eps,
                         precision=precision, m=ex.m, refused=refused, warnings=warned)


def _bounded(error):
    """A relative error is at most 1; one that overflowed to inf or NaN is 1."""
    return float(min(error, 1.0)) if np.isfinite(error) else 1.0


def evidence(result):
    """The clues in a gradient check, as a dict:

    ``wrong`` / ``right``  parameters above / below SUSPICIOUS
    ``layers_wrong``       the layers l with w^l or b^l wrong
    ``sign_flipped``       every wrong parameter is minus the true one (error 1)
    ``factor``             the one number c with candidate = c × true everywhere, or None
    ``transposed``         parameters whose candidate is the transpose of the truth
    ``shape``              name → shape message for unusable entries
    ``changed``            parameters the call modified
    ``warnings``           the warnings the call raised
    """
    if result.problem:
        return {"problem": result.problem}
    with quiet():          # a reader's 1e308 must not warn
        return _evidence(result)


def _evidence(result):
    wrong = result.wrong
    right = [n for n in result.names if n not in wrong]
    usable = [n for n in result.names if n not in result.issues]
    cand, true = result.candidate, result.numerical
    flipped = bool(wrong) and all(n in usable and np.allclose(cand[n], -true[n], rtol=1e-4,
                                                              atol=1e-9) for n in wrong)
    factor = None
    if wrong and len(usable) == len(result.names):
        c = np.concatenate([cand[n].ravel() for n in usable])
        t = np.concatenate([true[n].ravel() for n in usable])
        big = np.abs(t) > 1e-6 * np.abs(t).max()
        ratios = c[big] / t[big]
        if ratios.size and np.all(np.isfinite(ratios)) and np.allclose(ratios, ratios[0],
                                                                       rtol=1e-4):
            factor = float(ratios[0])
            flipped = flipped and not np.isclose(factor, -1.0, rtol=1e-4) or np.isclose(
                factor, -1.0, rtol=1e-4)
    transposed = []
    for n in wrong:
        g = cand[n] if n in usable else result.refused.get(n)
        if g is not None and g.T.shape == true[n].shape and np.allclose(
                g.T, true[n], rtol=1e-4, atol=1e-9):
            transposed.append(n)
    layers_wrong = sorted({int(n.split("^")[1]) for n in wrong})
    return {"wrong": wrong, "right": right, "layers_wrong": layers_wrong,
            "sign_flipped": bool(flipped), "factor": factor, "transposed": transposed,
            "shape": dict(result.issues), "changed": list(result.changed),
            "warnings": list(result.warnings)}


def diagnosis(result):
    """The clues in words: a list of short sentences, most telling first."""
    if result.problem:
        return [f"Nothing to check: {result.problem}."]
    if result.passed:
        return [f"Every parameter agrees with finite differences (largest relative error "
                f"{result.worst:.1e} ≤ {FINE:g}): this backprop is right."]
    found = evidence(result)
    lines = []
    for name, message in found["shape"].items():
        lines.append(f"{name}: {message}.")
    if found["transposed"]:
        lines.append(f"{', '.join(found['transposed'])}: the transpose of the true gradient "
                     "(in a square layer the diagonal is right and the rest is not).")
    if found["factor"] is not None and not np.isclose(found["factor"], -1.0, rtol=1e-4):
        lines.append(f"Every entry is {found['factor']:.6g} times the true one "
                     f"(the batch has m = {result.m} examples).")
    if found["sign_flipped"]:
        lines.append("Every wrong entry is minus the true one: relative error exactly 1.")
    L = len(result.names) // 2 + 1
    if found["layers_wrong"]:
        wrong, right = found["layers_wrong"], sorted(set(range(2, L + 1)) - set(found["layers_wrong"]))
        lines.append(f"Wrong in layer(s) {', '.join(map(str, wrong))}"
                     + (f"; right in layer(s) {', '.join(map(str, right))}." if right else
                        ": every layer."))
        b_only = [l for l in wrong if f"b^{l}" not in found["wrong"]]
        if b_only:
            lines.append(f"In layer(s) {', '.join(map(str, b_only))} the bias gradient is "
                         "right, so δ^l is right there and BP4 (the weights' step) is not.")
        if right and max(right) == L and min(wrong) < L:
            lines.append(f"The error starts below the output layer: look at the step from "
                         f"δ^{max(wrong) + 1} to δ^{max(wrong)} (BP2).")
    if found["warnings"]:
        lines.append(f"The call warned: {'; '.join(found['warnings'][:3])}.")
    if found["changed"]:
        lines.append(f"The call changed the network it was given: {', '.join(found['changed'])}.")
    if not found["wrong"]:
        lines.append(f"Largest relative error {result.worst:.1e}: "
                     f"{grade(result.worst)}, not clearly wrong (see the thresholds).")
    return lines




#: The ε of the slider and of the curves: 1e-10 .. 1e-1 in half decades.
EPSILONS = 10.0 ** np.arange(-10, -0.75, 0.5)


def error_against_eps(ex, epsilons=EPSILONS, precision="float64", candidate=None):
    """The largest relative error of ``candidate`` (default: the engine) for each ε.

    Too small an ε and round-off wins: C(w ± ε) are computed to about ε_mach |C|,
    so the difference quotient is off by about ε_mach |C| / ε.  Too large and
    truncation wins: the central difference is off by (ε²/6) ∂³C/∂w³.
    """
    candidate = engine if candidate is None else candidate
    return np.array([check_backprop(ex, candidate, float(eps), precision).worst
                     for eps in np.atleast_1d(epsilons)])


def best_eps(ex, epsilons=EPSILONS, precision="float64"):
    """The ε of ``epsilons`` with the smallest error for the engine, and that error."""
    errors = error_against_eps(ex, epsilons, precision)
    i = int(np.argmin(errors))
    return float(np.atleast_1d(epsilons)[i]), float(errors[i])


def on_kink(ex, l, j, z):
    """The same example on a copy of the network whose b^l_j is shifted so that
    z^l_j = z (in the first column): a ReLU neuron put a distance z from its kink."""
    l = checks.layer(l, ex.L)
    j = checks.index(j, ex.net.n[l], f"neuron j of layer {l}")
    z = checks.finite(z, "z")
    net = network_of(ex)
    net.b[l][j, 0] += z - ex.z[l][j, 0]
    return net.example(ex.x, ex.y)
