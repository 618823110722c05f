"""Live figures for chapter 06, the demon lab.  One ``Live`` per section:

* :func:`nudge_z_lab` — sliders ``l``, ``j``, ``dz`` and a button ``demon``:
  the demon adds Δz to z^l_j inside the forward pass.  Readout names: ``l``,
  ``j``, ``z``, ``delta``, ``dz``, ``actual``, ``predicted``, ``difference``,
  ``demon`` (text).  Figure: ΔC against Δz (``curve``), the tangent of slope
  δ^l_j (``tangent``), the current point (``marker``), the prediction
  (``prediction_marker``) and the gap between them (``gap``).
* :func:`nudge_w_lab` — sliders ``l``, ``j``, ``k``, ``dw``: the same for the
  weight w^l_jk.  Readout names: ``l``, ``j``, ``k``, ``a_in``, ``delta``,
  ``dC_dw``, ``dC_dw_backprop``, ``dw``, ``actual``, ``predicted``,
  ``difference``.
* :func:`saturation_lab` — sliders ``l``, ``j``, ``b`` and a drop-down
  ``activation``: the bias b^l_j pushes the neuron into saturation (the
  slider's value is given to whichever neuron l, j names).  Readout
  names: ``activation`` (text), ``b``, ``z``, ``sigma_prime``, ``dC_da``,
  ``delta``, ``grad_w``, ``saturated`` (text), ``moved``, ``moved_reference``
  (numbers, or the text "diverged at step t"), ``descent`` (text: η and
  "stable", or at which step η diverged and which smaller η does not).
  Left panel: σ′(z^l_j), |δ^l_j| and ‖∂C/∂w^l_j·‖ against b (log scale) with a
  line at the current b; right panel: how far the weights into the neuron
  travel in a few steps of gradient descent, at the current b and at the
  reference bias.  If those steps diverge (``demon.descent_steps`` runs them
  through the package's one routine, ``divergence.descend``: the neuron's
  weights or bias not finite or more than ``GROWTH`` times as large as at the
  start), the path stops at the last good step and the readout says so, with
  the smaller η that routine ran; no warning, no NaN on the figure.

In every lab the l/j/k sliders are :func:`~backprop_core.widgets.base.neuron_controls`,
and j's range follows l (k's follows l − 1).  Each lab keeps one
``net.example(x, y)`` per network, ``lab.ex`` (the saturation lab: one per σ), made when
the lab is built, never per slider step.  Whatever does not depend on the
nudge (the curves, δ^l_j) is computed only when l, j, k or the activation
change; a nudge slider step moves markers and refreshes the numbers (the
saturation lab also re-runs its few descent steps from the new b, on a copy
of the network with that bias).  "Saturated?" is the package's one rule,
:func:`backprop_core.activations.saturated`.  The mathematics is in
:mod:`backprop_core.demon`; these only display it.  Used by chapter 6.
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import LogLocator, MaxNLocator, NullLocator

from .. import checks, demon
from ..activations import HIDDEN_ACTIVATIONS, get_activation, saturated
from ..divergence import smaller_rates
from ..example import check_example
from ..network import Network
from .base import STYLE, Live, neuron_controls, new_figure

#: The lab's default network and example: a small sigmoid net that fits y badly,
#: so its neurons have errors worth nudging.
SIZES, SEED, X, Y = (2, 3, 3, 2), 1, (0.6, -0.4), (1.0, 0.0)
#: Learning rates for the saturation lab's few descent steps, one per σ: each is
#: small enough that the cost never rises for any neuron of the default network
#: at any bias in [−15, 15] (tests/test_widget_demon.py checks this).  A linear
#: network needs the smallest: its cost is a steep parabola in w^l_j·.
LEARNING_RATES = {"sigmoid": 1.0, "tanh": 0.5, "relu": 0.5, "linear": 0.05}


def _setup(sizes, seed, x, y, activation="sigmoid", net=None):
    """The lab's network on its one example: ``net.example(x, y)``, checked."""
    if net is None:
        net = Network(checks.sizes(sizes), activation=activation, seed=seed)
    elif not isinstance(net, Network):
        raise ValueError(f"net must be a backprop_core Network, got {type(net).__name__}")
    return check_example(net.example(x, y), "the demon lab")


def _slider(value, limit, step, description):
    limit = float(limit)
    if not (np.isfinite(limit) and limit > 0):
        raise ValueError(f"the {description} range must be a positive number, got {limit!r}")
    if not -limit <= float(value) <= limit:
        raise ValueError(f"{description}={value!r} is outside the slider range "
                         f"[{-limit:g}, {limit:g}]")
    return widgets.FloatSlider(value=float(value), min=-limit, max=limit, step=step,
                               description=description, continuous_update=True,
                               readout_format=".2f", style=STYLE)


class _NeuronLab(Live):
    """Shared by the labs: sliders for the layer l, the neuron j (and the input k)
    from ``neuron_controls``, whose ranges follow l; read the current choice
    with :meth:`choice`."""

    def choice(self):
        """The current (l, j) or (l, j, k)."""
        return tuple(self.controls[n].value for n in ("l", "j", "k") if n in self.controls)


class _NudgeLab(_NeuronLab):
    """ΔC against a nudge, with the tangent line of the first-order prediction."""

    nudge = "dz"
    # a nudge step only moves the point, the prediction and the gap between them
    moving = ("marker", "prediction_marker", "gap")
    fast = ("dz",)

    def __init__(self, ex, controls, xlabel, limit):
        self.ex, self.net = ex, ex.net
        fig = self._figure(xlabel, limit)
        self._state_for, self._state = None, None
        super().__init__(controls, fig)
        self.update()

    def state(self):
        """What does not depend on the nudge, cached until l, j (or k) change."""
        if self._state_for != self.choice():
            self._state = self.fixed_state(*self.choice())
            self._state_for = self.choice()
        return self._state

    def fixed_state(self, *choice):
        raise NotImplementedError

    def _figure(self, xlabel, limit):
        fig, ax = new_figure(5.0, 3.0)
        self.grid = np.linspace(-limit, limit, 201)
        (self.curve,) = ax.plot([], [], lw=2, label="actual ΔC")
        (self.tangent,) = ax.plot([], [], lw=1.5, ls="--", color="tab:orange",
                                  label="prediction (tangent)")
        (self.gap,) = ax.plot([], [], lw=1, color="tab:red")
        (self.marker,) = ax.plot([], [], "o", color="black", ms=7)
        (self.prediction_marker,) = ax.plot([], [], "o", mfc="none", color="tab:orange", ms=7)
        ax.axhline(0, color="0.8", lw=0.8)
        ax.axvline(0, color="0.8", lw=0.8)
        ax.set_xlim(-limit, limit)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("ΔC")
        ax.legend(loc="best", fontsize=8)
        fig.tight_layout()
        self.ax = ax
        self._curve_for = None
        return fig

    def curve_values(self):
        """(actual ΔC over the grid, slope of the tangent) for the current choice."""
        raise NotImplementedError

    def draw(self, values):
        if self._curve_for != self.choice():      # recomputed only when l, j (or k) change
            actual, slope = self.curve_values()
            predicted = slope * self.grid
            self.curve.set_data(self.grid, actual)
            self.tangent.set_data(self.grid, predicted)
            lo = min(actual.min(), predicted.min(), 0.0)
            hi = max(actual.max(), predicted.max(), 0.0)
            pad = 0.08 * (hi - lo) or 1e-3
            self.ax.set_ylim(lo - pad, hi + pad)
            self._curve_for = self.choice()
        d = values[self.nudge]
        self.marker.set_data([d], [values["actual"]])
        self.prediction_marker.set_data([d], [values["predicted"]])
        self.gap.set_data([d, d], [values["predicted"], values["actual"]])


class NudgeZ(_NudgeLab):
    rows = (("layer l", "l"), ("neuron j", "j"), ("z^l_j", "z"),
            ("δ^l_j = ∂C/∂z^l_j", "delta"), ("Δz", "dz"),
            ("actual ΔC (network re-run)", "actual"), ("prediction δ^l_j·Δz", "predicted"),
            ("actual − prediction", "difference"), ("the demon", "demon"))
    title = "nudge z^l_j"

    def __init__(self, ex, l, j, dz, dz_max):
        controls = neuron_controls(ex.net, l, j, style=STYLE)
        controls["dz"] = _slider(dz, dz_max, 0.05, "Δz")
        controls["demon"] = widgets.Button(description="good demon",
                                           tooltip="nudge z against the sign of δ")
        controls["demon"].on_click(self.good_demon)
        super().__init__(ex, controls, r"$\Delta z$ (added to $z^l_j$)", dz_max)

    def fixed_state(self, l, j):
        """z^l_j and δ^l_j."""
        return float(self.ex.z[l][j, 0]), demon.delta(self.ex, l, j)

    def good_demon(self, _button=None):
        """Set Δz against the sign of δ^l_j (keeping its size, or 1 if it is 0)."""
        l, j = self.choice()
        size = abs(self.controls["dz"].value) or 1.0
        self.controls["dz"].value = demon.good_demon_dz(self.ex, l, j, size)

    def compute(self):
        l, j = self.choice()
        z, d = self.state()
        dz = float(self.controls["dz"].value)
        actual = float(demon.delta_C_curve(self.ex, l, j, np.array([dz]))[0])
        predicted = d * dz
        if not demon.can_help(d):
            verdict = f"can't be helped: |δ| < {demon.TINY_DELTA:g}"
        elif dz == 0:
            verdict = "no nudge yet"
        else:
            verdict = (f"{'good' if d * dz < 0 else 'bad'} demon: "
                       f"cost goes {'down' if actual < 0 else 'up'}")
        return {"l": l, "j": j, "z": z, "delta": d, "dz": dz, "actual": actual,
                "predicted": predicted, "difference": actual - predicted, "demon": verdict}

    def curve_values(self):
        l, j = self.choice()
        return demon.delta_C_curve(self.ex, l, j, self.grid), self.state()[1]


def nudge_z_lab(sizes=SIZES, seed=SEED, x=X, y=Y, l=3, j=0, dz=0.0, dz_max=5.0, net=None):
    """The demon at neuron j of layer l adds Δz to z^l_j; the sigmoid network
    ``sizes`` (weights from ``seed``), or ``net`` if given, is re-run on the
    example (x, y)."""
    return NudgeZ(_setup(sizes, seed, x, y, net=net), l, j, dz, dz_max)


class NudgeW(_NudgeLab):
    rows = (("layer l", "l"), ("neuron j", "j"), ("input k", "k"),
            ("a_in = a^{l−1}_k", "a_in"), ("δ_out = δ^l_j", "delta"),
            ("a_in × δ_out", "dC_dw"), ("∂C/∂w^l_jk by backprop", "dC_dw_backprop"),
            ("Δw", "dw"), ("actual ΔC (network re-run)", "actual"),
            ("prediction (a_in δ_out)·Δw", "predicted"), ("actual − prediction", "difference"))
    title = "nudge w^l_jk"
    nudge = "dw"
    fast = ("dw",)

    def __init__(self, ex, l, j, k, dw, dw_max):
        controls = neuron_controls(ex.net, l, j, k, style=STYLE)
        controls["dw"] = _slider(dw, dw_max, 0.05, "Δw")
        super().__init__(ex, controls, r"$\Delta w$ (added to $w^l_{jk}$)", dw_max)

    def fixed_state(self, l, j, k):
        """a^{l−1}_k, δ^l_j and backprop's ∂C/∂w^l_jk (``ex.nabla_w[l][j, k]``)."""
        found = demon.nudge_w(self.ex, l, j, k, 0.0)
        return found["a_in"], found["delta"], float(self.ex.nabla_w[l][j, k])

    def compute(self):
        l, j, k = self.choice()
        a_in, d, backprop = self.state()
        dw = float(self.controls["dw"].value)
        actual = float(demon.weight_delta_C_curve(self.ex, l, j, k, np.array([dw]))[0])
        predicted = a_in * d * dw
        return {"l": l, "j": j, "k": k, "a_in": a_in, "delta": d, "dC_dw": a_in * d,
                "dC_dw_backprop": backprop, "dw": dw, "actual": actual,
                "predicted": predicted, "difference": actual - predicted}

    def curve_values(self):
        l, j, k = self.choice()
        a_in, d, _ = self.state()
        return demon.weight_delta_C_curve(self.ex, l, j, k, self.grid), a_in * d


def nudge_w_lab(sizes=SIZES, seed=SEED, x=X, y=Y, l=3, j=0, k=1, dw=0.0, dw_max=5.0,
                net=None):
    """Nudge the weight w^l_jk by Δw and compare ΔC with (a^{l−1}_k δ^l_j) Δw
    (network as in :func:`nudge_z_lab`)."""
    return NudgeW(_setup(sizes, seed, x, y, net=net), l, j, k, dw, dw_max)


class Saturation(_NeuronLab):
    rows = (("σ", "activation"), ("bias b^l_j", "b"), ("z^l_j", "z"),
            ("σ′(z^l_j)", "sigma_prime"), ("∂C/∂a^l_j", "dC_da"), ("δ^l_j", "delta"),
            ("‖∂C/∂w^l_j·‖ (weights into j)", "grad_w"), ("saturated?", "saturated"),
            ("weights moved in the steps, this b", "moved"),
            ("weights moved in the steps, reference b", "moved_reference"),
            ("gradient descent", "descent"))
    title = "saturation"
    # a b step moves the line at b and this b's descent path (a full draw
    # follows if the right panel's y range has to change)
    moving, fast = ("b_line", "path"), ("b",)

    def __init__(self, ex, seed, l, j, b, b_max, b_reference, eta, steps, activations):
        """``ex``: the network with σ = activations[0] on the example (x, y)."""
        self.sizes, self.seed, self.x, self.y = ex.net.sizes, seed, ex.x, ex.y
        self.b_reference, self.steps = float(b_reference), steps
        self.learning_rates = {name: LEARNING_RATES[name] if eta is None else eta
                               for name in activations}
        # one network, and one example of it, per σ (the same weights for each)
        self.examples = {name: ex if name == activations[0] else
                         Network(self.sizes, activation=name, seed=seed).example(ex.x, ex.y)
                         for name in activations}
        self.ex = ex
        self.net = self.ex.net
        controls = neuron_controls(self.net, l, j, style=STYLE)
        if b is None:
            b = float(np.clip(self.net.b[l][j, 0], -b_max, b_max))
        controls["b"] = _slider(b, b_max, 0.1, "bias b^l_j")
        controls["activation"] = widgets.Dropdown(options=list(activations),
                                                  value=activations[0], description="σ")
        self.grid = np.linspace(-b_max, b_max, 241)
        fig, (left, right) = new_figure(5.6, 3.0, ncols=2)
        self.curves = {name: left.plot([], [], lw=1.8, ls=ls, label=label)[0]
                       for name, ls, label in (("sigma_prime", "-", r"$\sigma'(z^l_j)$"),
                                               ("delta", "--", r"$|\delta^l_j|$"),
                                               ("grad_w", ":", r"$\Vert\partial C/\partial w^l_{j\cdot}\Vert$"))}
        self.b_line = left.axvline(b, color="black", lw=1)
        left.set_yscale("log")
        left.set_ylim(1e-8, 1.0)
        # few ticks, no minor ones: text is most of what a redraw costs
        left.yaxis.set_major_locator(LogLocator(numticks=5))
        left.yaxis.set_minor_locator(NullLocator())
        left.set_xlim(-b_max, b_max)
        left.set_xlabel(r"bias $b^l_j$")
        left.legend(loc="lower center", fontsize=7, frameon=False)
        t = np.arange(steps + 1)
        (self.path,) = right.plot(t, np.zeros_like(t, dtype=float), "o-", ms=3, label="this b")
        (self.path_reference,) = right.plot(t, np.zeros_like(t, dtype=float), "s--", ms=3,
                                            color="0.5", label=f"b = {self.b_reference:g}")
        right.set_xlim(0, steps)
        right.xaxis.set_major_locator(MaxNLocator(5, integer=True))
        right.yaxis.set_major_locator(MaxNLocator(4))
        right.set_xlabel("gradient step")
        right.set_ylabel("weights moved")
        right.legend(loc="upper left", fontsize=7, frameon=False)
        fig.tight_layout()
        self.left, self.right = left, right
        self._curves_for, self._reference = None, None
        self.diverged = {}
        super().__init__(controls, fig)
        self.update()

    def choice(self):
        return super().choice() + (self.controls["activation"].value,)

    def follow(self, change):
        self.ex = self.examples[self.controls["activation"].value]
        self.net = self.ex.net
        super().follow(change)

    def descent(self, b):
        """How far the weights into neuron j move in ``steps`` steps from bias b
        (on a copy of the network with b^l_j = b, and its example): an array of
        steps + 1 distances.  If the steps diverge at step t, the distances up
        to step t − 1 and NaN after; ``self.diverged[b]`` is then (t, a smaller η
        that does not diverge, or None), from ``demon.DescentDiverged``.  Else
        ``self.diverged[b]`` is None."""
        l, j, _ = self.choice()
        start = demon.with_bias(self.net, l, j, b).example(self.x, self.y)
        eta = self.learning_rates[self.controls["activation"].value]
        self.diverged[b] = None
        try:
            return demon.descent_steps(start, l, j, eta, self.steps)["change"]
        except demon.DescentDiverged as stopped:      # the core says where and what works
            self.diverged[b] = (stopped.step, stopped.good)
            path = np.full(self.steps + 1, np.nan)
            path[:stopped.step] = stopped.done["change"]
            return path

    def descent_text(self, b, reference):
        """The readout's word on the descent: η stable, or where it diverged and what works."""
        eta = self.learning_rates[self.controls["activation"].value]
        for at, where in ((b, "this b"), (reference, f"b = {reference:g}")):
            if self.diverged.get(at) is not None:
                t, good = self.diverged[at]
                advice = (f"try η ≤ {good:.3g}" if good is not None else
                          f"even η = {min(smaller_rates(eta)):.3g} diverges")
                return f"η = {eta:.3g} diverged at step {t} ({where}): {advice}"
        return f"η = {eta:.3g}: stable"

    def compute(self):
        l, j, name = self.choice()
        b = float(self.controls["b"].value)
        state = demon.saturation_curves(self.ex, l, j, b)
        if self._reference is None or self._reference[0] != self.choice():
            self._reference = (self.choice(), self.descent(self.b_reference))
        self.path_values = self.descent(b)
        return {"activation": name, "b": b, "z": state["z"],
                "sigma_prime": state["sigma_prime"], "dC_da": state["dC_da"],
                "delta": state["delta"], "grad_w": state["grad_w"],
                "saturated": "yes" if saturated(self.net.sigma(l), state["z"]) else "no",
                "moved": _moved(self.path_values, self.diverged.get(b)),
                "moved_reference": _moved(self._reference[1],
                                          self.diverged.get(self.b_reference)),
                "descent": self.descent_text(b, self.b_reference)}

    def draw(self, values):
        if self._curves_for != self.choice():   # only when l, j or σ change
            l, j, _ = self.choice()
            found = demon.saturation_curves(self.ex, l, j, self.grid)
            shown = []
            for name, line in self.curves.items():
                v = np.abs(found[name])
                v = np.where(v > 0, v, np.nan)      # log scale: zeros are not drawn
                line.set_data(self.grid, v)
                shown.append(v)
            shown = np.concatenate(shown)
            if np.any(np.isfinite(shown)):
                lo, hi = np.nanmin(shown), np.nanmax(shown)
                self.left.set_ylim(max(lo, 1e-12) / 3, hi * 3)
            self.path_reference.set_ydata(self._reference[1])
            self._curves_for = self.choice()
        self.b_line.set_xdata([values["b"], values["b"]])
        self.path.set_ydata(self.path_values)
        shown = np.concatenate([self.path_values, self._reference[1]])
        shown = shown[np.isfinite(shown)]
        top = float(np.max(shown)) if shown.size else 0.0
        ylim = (0.0, 1.1 * top if top > 0 else 1.0)
        if self.right.get_ylim() != ylim:     # a new range needs a full draw
            self.right.set_ylim(*ylim)


def _moved(path, diverged):
    """The readout's distance moved: the last number, or where the steps diverged."""
    return float(path[-1]) if diverged is None else f"diverged at step {diverged[0]}"


def saturation_lab(sizes=SIZES, seed=SEED, x=X, y=Y, l=3, j=0, b=None, b_max=15.0,
                   b_reference=0.0, eta=None, steps=10, activations=HIDDEN_ACTIVATIONS):
    """A slider on the bias b^l_j drives neuron j of layer l into saturation; a
    drop-down picks σ (the same weights for every σ).  ``steps`` gradient steps of
    the neuron's own weights and bias on the one example are taken from the
    current b and from ``b_reference``, with learning rate ``eta`` (None: the
    value for σ in LEARNING_RATES).  ``b=None`` starts at the network's own bias."""
    for name in activations:
        get_activation(name)
        if name not in LEARNING_RATES:
            raise ValueError(f"activation {name!r} has no learning rate; expected one of "
                             f"{list(LEARNING_RATES)}")
    if not activations:
        raise ValueError(f"activations must name at least one of {list(HIDDEN_ACTIVATIONS)}")
    ex = _setup(sizes, seed, x, y, activations[0])
    checks.neuron(ex.net.sizes, l, j)
    steps = checks.count(steps, "steps")
    eta = None if eta is None else checks.positive(eta, "the learning rate eta")
    b_max = checks.positive(b_max, "b_max")
    b_reference = checks.in_range(b_reference, "b_reference", -b_max, b_max)
    return Saturation(ex, seed, l, j, b, b_max, b_reference, eta, steps, tuple(activations))
