"""Finite differences under a slider on ε.

The figure shows, on log–log axes, the relative error of the finite-difference
gradient against backprop as a function of ε, for the forward and the central
difference; a dot marks the current ε and method.  The readout shows, for one
weight w^l_jk, the finite-difference estimate of ∂C/∂w^l_jk beside backprop's
value, the whole-gradient relative error, and how many cost evaluations the
estimate took.  Used by chapter 8.
"""
import ipywidgets as widgets
import numpy as np

from .. import checks
from ..gradcheck import numerical_gradient, relative_error
from ..network import Network
from ..speed import METHODS, error_vs_eps, forward_passes_needed
from .base import Live, new_figure


def example_problem(sizes=(3, 4, 2), m=5, seed=1):
    """The small network and mini-batch (X, Y) of chapter 08's ε experiments."""
    net = Network(list(sizes), seed=seed)
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (net.sizes[0], m))
    Y = rng.uniform(0, 1, (net.sizes[-1], m))
    return net, X, Y


class EpsilonExplorer(Live):
    rows = (("ε", "eps"), ("method", "method"), ("FD ∂C/∂w", "fd"),
            ("backprop ∂C/∂w", "backprop"), ("|FD − backprop|", "abs_error"),
            ("relative error (all P)", "relative_error"), ("cost evaluations", "passes"))
    title = "Finite differences vs backprop"

    def __init__(self, net, X, Y, l, j, k, log_eps, method, eps_grid, errors):
        self.net, self.X, self.Y = net, X, Y
        self.l, self.j, self.k = l, j, k
        self.nabla_b, self.nabla_w = net.backprop_batch(X, Y)
        controls = {
            "log_eps": widgets.FloatSlider(value=log_eps, min=np.log10(eps_grid[0]),
                                           max=np.log10(eps_grid[-1]), step=0.25,
                                           description="log₁₀ ε", readout_format=".2f"),
            "method": widgets.ToggleButtons(options=list(METHODS), value=method,
                                            description="difference"),
        }
        fig, ax = new_figure(5.0, 3.2)
        self.eps_grid = eps_grid
        self.curves = {}
        for name, style in zip(METHODS, ("-", "--")):
            (self.curves[name],) = ax.loglog(eps_grid, errors[name], style, lw=1.8, label=name)
        (self.dot,) = ax.loglog([], [], "o", color="black", ms=7)
        ax.set_xlabel("ε")
        ax.set_ylabel("relative error vs backprop")
        ax.legend(fontsize=8, loc="upper center")
        fig.tight_layout()
        self.ax = ax
        super().__init__(controls, fig)
        self.update()

    def compute(self):
        eps = float(10.0 ** self.controls["log_eps"].value)
        method = self.controls["method"].value
        fd_b, fd_w = numerical_gradient(self.net, self.X, self.Y, eps=eps, method=method)
        l, j, k = self.l, self.j, self.k
        fd, bp = float(fd_w[l][j, k]), float(self.nabla_w[l][j, k])
        return {"eps": eps, "method": method, "fd": fd, "backprop": bp,
                "abs_error": abs(fd - bp),
                "relative_error": relative_error([*self.nabla_b, *self.nabla_w],
                                                 [*fd_b, *fd_w]),
                "passes": forward_passes_needed(self.net.sizes, method)}

    def draw(self, values):
        self.dot.set_data([values["eps"]], [values["relative_error"]])
        self.dot.set_color(self.curves[values["method"]].get_color())


def epsilon_explorer(net=None, X=None, Y=None, l=2, j=0, k=0, log_eps=-6.0, method="forward",
                     eps_grid=None, errors=None):
    """A slider on log₁₀ ε and a forward/central switch; the error curve and one weight's numbers.

    The readout follows the weight w^l_jk (``net.w[l][j, k]``) on the batch (X, Y).
    Without ``net`` the small network of :func:`example_problem` is used.  The curves
    are ``errors[method]`` over ``eps_grid`` (increasing ε); when ``errors`` is not
    given they are computed with :func:`backprop_core.speed.error_vs_eps` (by default
    on 25 values of ε from 1e-13 to 1e-1).
    """
    if net is None:
        net, X, Y = example_problem()
    if X is None or Y is None:
        raise ValueError("give the batch (X, Y) the gradient is taken on")
    X, Y = checks.pair(X, Y, net.sizes[0], net.sizes[-1])
    l, j, k = checks.weight(net.sizes, l, j, k)
    if method not in METHODS:
        raise ValueError(f"method must be 'forward' or 'central', got {method!r}")
    eps_grid = np.logspace(-13, -1, 25) if eps_grid is None else np.asarray(eps_grid, dtype=float)
    if (eps_grid.ndim != 1 or eps_grid.size < 2 or not np.all(np.isfinite(eps_grid))
            or np.any(eps_grid <= 0) or np.any(np.diff(eps_grid) <= 0) or eps_grid[-1] > 1):
        raise ValueError("eps_grid must be an increasing list of at least two ε in (0, 1]")
    if errors is None:
        errors = {name: error_vs_eps(net, X, Y, eps_grid, name) for name in METHODS}
    if not (isinstance(errors, dict) and set(errors) == set(METHODS)
            and all(np.shape(errors[name]) == eps_grid.shape for name in METHODS)):
        raise ValueError(f"errors must be a dict {{'forward': ..., 'central': ...}} of arrays "
                         f"with shape {eps_grid.shape}, one error per ε")
    lo, hi = np.log10(eps_grid[0]), np.log10(eps_grid[-1])
    log_eps = checks.in_range(log_eps, "log_eps", lo, hi)
    return EpsilonExplorer(net, X, Y, l, j, k, log_eps, method, eps_grid, errors)
