"""Gradient descent fitting a cubic to sin(x), live.  Used by chapter 5.

Controls: the learning rate η (log slider), the number of steps, the seed of the
starting coefficients, and a Play button with a slider for the step shown.  The
left plot is the cubic at that step against sin(x) (and the least-squares
cubic, dashed); the right plot is the loss curve with the shown step marked.
The readout lists the coefficients, their gradients and the run's status.
"""
import ipywidgets as widgets
import numpy as np

from .. import checks, polyfit
from .base import Live, new_figure

#: How many frames the Play button takes to run through a whole descent.
FRAMES = 100


class PolyFitExplorer(Live):
    rows = (("step t", "t"), ("loss L", "loss"),
            *((f"{p}", p) for p in polyfit.NAMES),
            *((f"∂L/∂{p}", f"dL_d{p}") for p in polyfit.NAMES),
            *((f"lstsq {p}", f"ls_{p}") for p in polyfit.NAMES),
            ("η", "eta"), ("2/λ_max", "ceiling"), ("status", "status"))
    title = "y = a + b x + c x² + d x³"
    static_sweep = "shown"        # the static book: the run's steps (no re-run per state)

    def __init__(self, learning_rate, steps, seed, n, max_steps):
        self.x, self.y = polyfit.sin_data(n)
        self.ls = polyfit.least_squares(self.x, self.y)
        self.ceiling = polyfit.learning_rate_ceiling(self.x)
        controls = {
            "learning_rate": widgets.FloatLogSlider(value=learning_rate, base=10, min=-8, max=-4,
                                                    step=0.05, description="η",
                                                    readout_format=".2e", continuous_update=False),
            "steps": widgets.IntSlider(value=steps, min=0, max=max_steps, step=100,
                                       description="steps", continuous_update=False),
            "seed": widgets.IntSlider(value=seed, min=0, max=20, description="seed",
                                      continuous_update=False),
            "play": widgets.Play(value=steps, min=0, max=steps, step=max(1, steps // FRAMES),
                                 interval=60, description="play"),
            "shown": widgets.IntSlider(value=steps, min=0, max=steps, description="show step"),
        }
        widgets.link((controls["play"], "value"), (controls["shown"], "value"))
        fig, (ax_fit, ax_loss) = new_figure(6.6, 3.0, ncols=2)
        ax_fit.plot(self.x, self.y, color="0.6", lw=3, label="sin(x)")
        ax_fit.plot(self.x, polyfit.predict(self.ls, self.x), "--", color="tab:green",
                    lw=1.2, label="least squares")
        (self.fit_line,) = ax_fit.plot(self.x, np.zeros_like(self.x), color="tab:blue", lw=1.5,
                                       label="gradient descent")
        self.note = ax_loss.text(0.5, 0.5, "", transform=ax_loss.transAxes, color="tab:red",
                                 fontsize=9, ha="center", va="center")
        ax_fit.set_xlim(-np.pi, np.pi)
        ax_fit.set_ylim(-2.0, 2.0)
        ax_fit.set_xlabel("x")
        ax_fit.set_title("the cubic at the shown step", fontsize=9)
        ax_fit.legend(loc="upper left", fontsize=6)
        (self.loss_line,) = ax_loss.semilogy([], [], color="tab:blue")
        (self.loss_dot,) = ax_loss.semilogy([], [], "o", color="black", ms=5)
        ax_loss.set_xlabel("step")
        ax_loss.set_title("loss L", fontsize=9)
        fig.tight_layout()
        self.ax_loss = ax_loss
        self._run_key, self.run = None, None
        super().__init__(controls, fig)
        self.update()

    def descent(self):
        """The (cached) run for the current learning rate, steps and seed."""
        c = self.controls
        key = (c["learning_rate"].value, c["steps"].value, c["seed"].value)
        if key != self._run_key:
            self.run = polyfit.gradient_descent(self.x, self.y, polyfit.initial_coefficients(key[2]),
                                                key[0], key[1])
            self._run_key = key
            with self.quietly():        # a new run: show its last step
                # Never let a value sit above its max, even for a moment: the page's slider
                # would clamp it on its own and could end up showing a stale step.
                last, top = self.run.steps_done, max(self.run.steps_done, 1)
                if top >= c["shown"].max:
                    c["play"].max = c["shown"].max = top
                    c["play"].value = last          # linked: moves "shown" too
                else:
                    c["play"].value = last
                    c["play"].max = c["shown"].max = top
                c["play"].step = max(1, last // FRAMES)
        return self.run

    def compute(self):
        run = self.descent()
        t = min(self.controls["shown"].value, run.steps_done)
        theta = run.coefficients[t]
        grad = polyfit.gradients(theta, self.x, self.y)
        values = {"t": t, "loss": float(run.losses[t]), "eta": run.learning_rate,
                  "ceiling": float(self.ceiling), "diverged": run.diverged,
                  "status": (f"diverged at step {run.steps_done + 1}" if run.diverged
                             else "descending")}
        for p, name in enumerate(polyfit.NAMES):
            values[name] = float(theta[p])
            values[f"dL_d{name}"] = float(grad[p])
            values[f"ls_{name}"] = float(self.ls[p])
        return values

    def draw(self, values):
        run, t = self.run, values["t"]
        self.fit_line.set_ydata(polyfit.predict(run.coefficients[t], self.x))
        self.note.set_text(f"diverged at step {run.steps_done + 1}:\nη is above the ceiling\n"
                           "2/λ_max; the run was stopped" if run.diverged else "")
        steps = np.arange(run.steps_done + 1)
        self.loss_line.set_data(steps, run.losses)
        self.loss_dot.set_data([t], [run.losses[t]])
        self.ax_loss.set_xlim(0, max(run.steps_done, 1))
        lo, hi = float(run.losses.min()), float(run.losses.max())
        self.ax_loss.set_ylim(lo / 1.5, hi * 1.5)


#: The largest ``max_steps`` (the steps slider's top): a run of this many steps takes
#: about a second, so every slider position stays responsive.
MAX_STEPS = 20_000
#: The most points ``n``: every step of the slider re-runs the descent on them.
MAX_POINTS = 100_000
#: The seed slider's range, 0..MAX_SEED.
MAX_SEED = 20


def polyfit_explorer(learning_rate=polyfit.LEARNING_RATE, steps=polyfit.STEPS, seed=0,
                     n=polyfit.N_POINTS, max_steps=5000):
    """Live gradient descent of a cubic onto sin(x), with the essay's set-up as the default.

    ``learning_rate`` η in [1e-8, 1e-4] (the slider's range), ``steps`` in 0..max_steps,
    ``seed`` in 0..20, ``n`` points in 4..MAX_POINTS and ``max_steps`` in 1..MAX_STEPS
    (20 000); anything else is refused with a ValueError or TypeError naming the argument.
    """
    eta = checks.in_range(learning_rate, "learning_rate", 1e-8, 1e-4)
    max_steps = checks.integer(max_steps, "max_steps", 1, MAX_STEPS)
    steps = checks.integer(steps, "steps", 0, None)
    if steps > max_steps:
        raise ValueError(f"steps={steps} is above max_steps={max_steps}; expected 0..{max_steps}")
    seed = checks.integer(seed, "seed", 0, MAX_SEED)
    n = checks.integer(n, "n", polyfit.DEGREE + 1, MAX_POINTS)
    return PolyFitExplorer(eta, steps, seed, n, max_steps)
