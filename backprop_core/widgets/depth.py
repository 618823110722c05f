"""‖δ^l‖ and ‖∂C/∂w^l‖ against the layer l of a deep network, on a log scale.  Used by chapter 14.

Sliders set the depth L (3..30 layers, counting the input) and the scale s of
the initial weights; a drop-down picks σ (sigmoid, tanh, ReLU) and toggle
buttons the initialisation (N(0, 1), Xavier/Glorot, He).  Beside the measured
norms (from ``ex.delta`` and ``ex.nabla_w`` of one ``net.example(x, y)``) the
figure draws ‖δ^l‖ as the per-layer estimates ρ^l predict it and the upper
bound the per-layer bounds β^l give (``backprop_core.depth``).  Every norm is a
logarithm first, so no slider position overflows; the y-axis follows the data.
The fix toggle "clip ‖g‖ at 1" adds ‖∂C/∂w^l‖ after gradient clipping by norm
(``backprop_core.clipping``): every layer's gradient scaled by the one factor
min(1, 1/‖g‖), ‖g‖ the length of all ∂C/∂w^l and ∂C/∂b^l together; "residual"
builds the same network with skip connections, z^l = z^{l−1} + w^l a^{l−1} + b^l in its
hidden layers, and the estimate and bound follow (``depth.log_estimates``, ``log_bounds``);
"layer norm" adds ‖δ^l‖ and ‖∂C/∂w^l‖ of the same network with each hidden layer's z^l
normalised before σ (``backprop_core.layernorm``), the other curves staying the plain network's.
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.ticker import MaxNLocator

from .. import checks, clipping, layernorm
from .. import depth as core
from .base import STYLE, Live, new_figure

#: The range of the weight-scale slider: the largest exploding network it
#: reaches (ReLU, N(0, 1), s = 3, 30 layers) has ‖∂C/∂w‖ near 10^63, far from overflow.
SCALE_RANGE = (0.2, 3.0, 0.05)


class DepthExplorer(Live):
    rows = (("measured r", "factor"),
            ("estimate ρ", "estimate"),
            ("bound β", "bound"),
            ("largest σ′(z)", "peak_prime"),
            ("‖δ²‖ / ‖δᴸ‖", "ratio"),
            ("‖∂C/∂w²‖", "grad_first"),
            ("‖∂C/∂wᴸ‖", "grad_last"),
            ("‖g‖, all of ∂C/∂w and ∂C/∂b", "g_norm"),
            ("clipping scales g by", "clip_factor"),
            ("‖δ²‖ / ‖δᴸ‖ with layer norm", "norm_ratio"))
    title = "factors per layer (geometric means)"
    static_sweep = "scale"        # the static book: vanishing to exploding

    def __init__(self, width, depth, scale, activation, init, seed):
        lo, hi, step = SCALE_RANGE
        controls = {
            "depth": widgets.IntSlider(value=depth, min=3, max=core.MAX_DEPTH,
                                       description="layers L", style=STYLE),
            "scale": widgets.FloatSlider(value=scale, min=lo, max=hi, step=step,
                                         description="weight scale s", style=STYLE),
            "activation": widgets.Dropdown(options=list(core.ACTIVATIONS), value=activation,
                                           description="σ", style=STYLE),
            "init": widgets.ToggleButtons(options=[("N(0, 1)", "normal"), ("Xavier", "xavier"),
                                                   ("He", "he")],
                                          value=init, description="init", style=STYLE),
            "fix": widgets.ToggleButtons(options=[("none", "none"), ("clip ‖g‖ at 1", "clip"),
                                                  ("residual", "residual"),
                                                  ("layer norm", "layernorm")],
                                         value="none", description="fix", style=STYLE),
        }
        self.width, self.seed = width, seed
        fig, ax = new_figure(5.6, 3.6)
        (self.delta_line,) = ax.plot([], [], "o-", ms=4, lw=1.5, label="‖δˡ‖ measured")
        (self.grad_line,) = ax.plot([], [], "s", ms=3.5, mfc="none", color="tab:green",
                                    label="‖∂C/∂wˡ‖ measured")
        (self.estimate_line,) = ax.plot([], [], "--", lw=1.2, color="tab:orange",
                                        label="‖δᴸ‖ · Π ρ (estimate)")
        (self.bound_line,) = ax.plot([], [], ":", lw=1.5, color="tab:red",
                                     label="‖δᴸ‖ · Π β (upper bound)")
        (self.clipped_line,) = ax.plot([], [], "s", ms=3.5, color="tab:green",
                                       label="‖∂C/∂wˡ‖ clipped")
        (self.norm_line,) = ax.plot([], [], "^-", ms=3.5, lw=1.2, color="tab:purple",
                                    label="‖δˡ‖ with layer norm")
        (self.norm_grad_line,) = ax.plot([], [], "^", ms=3.5, mfc="none", color="tab:purple",
                                         label="‖∂C/∂wˡ‖ with layer norm")
        ax.set_yscale("log")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))     # layers are whole numbers
        ax.set_xlabel("layer l")
        ax.set_ylabel("norm")
        self.lines = (self.delta_line, self.grad_line, self.estimate_line, self.bound_line,
                      self.clipped_line, self.norm_line, self.norm_grad_line)
        self.ax = ax
        ax.set_title("σ, init, s", fontsize=9)      # reserves the title's room
        fig.tight_layout()
        super().__init__(controls, fig)
        self.update()

    def network(self, residual=None):
        """The network the controls describe (weights from the fixed seed); residual if the
        fix says so, unless ``residual`` is given."""
        c = self.controls
        if residual is None:
            residual = c["fix"].value == "residual"
        return core.deep_network(c["depth"].value, self.width, c["activation"].value,
                                 c["init"].value, c["scale"].value, seed=self.seed,
                                 residual=residual)

    def compute(self):
        net = self.network()
        ex = core.deep_example(net, seed=self.seed)
        L = ex.L
        log_delta = list(core.log_error_norms(ex))
        log_grad = list(core.log_gradient_norms(ex))
        factors, estimates, bounds = (core.log_factors(ex), core.log_estimates(ex),
                                      core.log_bounds(ex))
        peak = max(float(np.max(ex.net.sigma(l).prime(ex.z[l]))) for l in range(2, L))
        log_g = np.log10(clipping.gradient_norm(ex.nabla_b, ex.nabla_w))
        log_clip = min(0.0, -log_g) if self.controls["fix"].value == "clip" else 0.0
        # the readout always has the layer norm's ratio, of the plain network
        plain = self.network(residual=False) if self.controls["fix"].value == "residual" else net
        normed = layernorm.norm_example(plain, seed=self.seed)
        log_norm = list(layernorm.log_error_norms(normed))
        drawn = self.controls["fix"].value == "layernorm"
        return {
            "log_normed": log_norm if drawn else [],
            "log_normed_grad": list(layernorm.log_gradient_norms(normed)) if drawn else [],
            "norm_ratio": float(10.0 ** (log_norm[0] - log_norm[-1])),
            "log_clipped": ([float(v + log_clip) for v in log_grad]
                            if self.controls["fix"].value == "clip" else []),
            "g_norm": float(10.0 ** log_g), "clip_factor": float(10.0 ** log_clip),
            "layers": list(range(2, L + 1)),
            "log_delta": log_delta, "log_grad": log_grad,
            "log_estimated": list(core.predicted_log_norms(ex, estimates)),
            "log_bounded": list(core.predicted_log_norms(ex, bounds)),
            "factor": core.mean_factor(factors),
            "estimate": core.mean_factor(estimates),
            "bound": core.mean_factor(bounds),
            "peak_prime": peak,
            "ratio": float(10.0 ** (log_delta[0] - log_delta[-1])),
            "grad_first": float(10.0 ** log_grad[0]),
            "grad_last": float(10.0 ** log_grad[-1]),
        }

    def draw(self, values):
        l = np.array(values["layers"], dtype=float)
        curves = {"delta_line": values["log_delta"], "grad_line": values["log_grad"],
                  "estimate_line": values["log_estimated"], "bound_line": values["log_bounded"]}
        shown = []
        for name, logs in curves.items():
            logs = np.array(logs, dtype=float)
            getattr(self, name).set_data(l, 10.0 ** logs)
            shown.append(logs[np.isfinite(logs)])
        clipped = np.array(values["log_clipped"], dtype=float)
        self.clipped_line.set_data(l[:len(clipped)], 10.0 ** clipped)
        shown.append(clipped[np.isfinite(clipped)])
        for line, key in ((self.norm_line, "log_normed"), (self.norm_grad_line, "log_normed_grad")):
            logs = np.array(values[key], dtype=float)
            line.set_data(l[:len(logs)], 10.0 ** logs)
            shown.append(logs[np.isfinite(logs)])
        shown = np.concatenate(shown)
        lo, hi = float(shown.min()), float(shown.max())
        pad = max(0.3, 0.06 * (hi - lo))
        self.ax.set_ylim(10.0 ** (lo - pad), 10.0 ** (hi + pad))
        self.ax.set_xlim(1.5, l[-1] + 0.5)
        # The legend names only the curves the figure shows (a fix adds its own).
        self.ax.legend(handles=[line for line in self.lines if len(line.get_xdata())],
                       fontsize=7, loc="best")
        self.ax.set_title(f"{self.controls['activation'].value}, "
                          f"{core.INITS[self.controls['init'].value].split(':')[0]}, "
                          f"s = {self.controls['scale'].value:.2f}"
                          + {"residual": ", residual", "layernorm": ", layer norm"}.get(
                              self.controls["fix"].value, ""),
                          fontsize=9)


def depth_explorer(width=30, depth=20, scale=1.0, activation="sigmoid", init="normal", seed=0):
    """The live figure of chapter 14: ‖δ^l‖, ‖∂C/∂w^l‖, the estimate and the bound against l."""
    lo, hi, _ = SCALE_RANGE
    width = checks.count(width, "width")
    if width > 200:
        raise ValueError(f"width must be at most 200 neurons for a live figure, got {width}")
    depth = checks.count(depth, "depth")
    if not 3 <= depth <= core.MAX_DEPTH:
        raise ValueError(f"depth must be in 3..{core.MAX_DEPTH} layers, got {depth}")
    scale = checks.positive(scale, "scale")
    if not lo <= scale <= hi:
        raise ValueError(f"scale must be in {lo}..{hi}, got {scale}")
    if activation not in core.ACTIVATIONS:
        raise ValueError(f"activation must be one of {list(core.ACTIVATIONS)}, got {activation!r}")
    core.weight_std(init, 1, 1)           # checks the name
    return DepthExplorer(width, depth, scale, activation, init, seed)
