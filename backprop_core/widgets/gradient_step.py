"""What the gradient is for: steps downhill on a cost surface over two weights.
Used by chapter 0 ("Why we want ∂C/∂w").

The network is the smallest the engine builds with two weights: ``Network([2, 1])``
with a linear output neuron, a = w^2_00 x_0 + w^2_01 x_1 + b^2_0, its bias fixed at
0, and the quadratic cost averaged over a few examples (x, y) whose targets come
from the weights (1, −1).  Only the two weights w^2_00 and w^2_01 are free, so the
cost C is a surface over a plane and can be drawn as contours.  A gradient step
moves the point (w^2_00, w^2_01) against the gradient,

    w ← w − η ∇C,      ∇C = (∂C/∂w^2_00, ∂C/∂w^2_01),

and the figure draws the path of ``steps`` such steps from a fixed start.  Every
cost (the contours included) is ``net.example(X, Y).cost`` and every gradient is
``net.example(X, Y).nabla_w[2]``: the engine's numbers; the figure only adds the
subtraction w − η ∇C.  With a linear neuron the surface is a bowl (a quadratic in
the weights): a small η crawls down it, a moderate one gets to the bottom in a
few steps, and beyond 2/λ_max (λ_max the bowl's steepest curvature, about 1.04
for these examples, so η ≳ 1.92) every step overshoots further than the last and
the path diverges.  (Training in the book runs through ``divergence.descend``,
which stops such a step; here the steps are taken plainly, so that the figure can
show what a too-large η does.)
"""
import ipywidgets as widgets
import numpy as np

from .. import checks
from ..network import Network
from .base import STYLE, Live, new_figure

#: the inputs x (one column per example) and the weights that make the targets y
EXAMPLES = np.array([[1.4, -1.0, 0.6, -0.8],
                     [0.8, -0.2, -0.6, 0.2]])
BEST = (1.0, -1.0)
#: the part of the (w^2_00, w^2_01) plane drawn
W1_RANGE, W2_RANGE = (-2.0, 3.0), (-2.5, 2.5)
#: the η slider: from crawling to diverging (2/λ_max ≈ 1.92 for these examples)
ETA_MIN, ETA_MAX, ETA_STEP = 0.02, 2.5, 0.02
MAX_STEPS = 40


class GradientSteps(Live):
    rows = (("steps taken", "n"), ("w^2_00", "w1"), ("w^2_01", "w2"), ("cost C", "C"),
            ("∂C/∂w^2_00", "g1"), ("∂C/∂w^2_01", "g2"),
            ("next step η ∂C/∂w^2_00", "s1"), ("next step η ∂C/∂w^2_01", "s2"),
            ("C at the start", "C0"))
    title = "w ← w − η ∇C"
    moving = ("path", "dot")
    fast = ("eta", "steps")

    def __init__(self, eta, steps, start):
        self.X = EXAMPLES
        self.net = Network([2, 1], activation="linear", seed=0)
        self.net.b[2] = np.zeros((1, 1))
        self.Y = np.array([BEST]) @ self.X
        self.start = np.array(start, dtype=float)
        controls = {
            "eta": widgets.FloatSlider(value=eta, min=ETA_MIN, max=ETA_MAX, step=ETA_STEP,
                                       description="learning rate η", style=STYLE),
            "steps": widgets.IntSlider(value=steps, min=0, max=MAX_STEPS,
                                       description="steps", style=STYLE),
        }
        fig, ax = new_figure(4.6, 3.6)
        w1 = np.linspace(*W1_RANGE, 61)
        w2 = np.linspace(*W2_RANGE, 61)
        surface = np.array([[self.cost_at((a, b)) for a in w1] for b in w2])
        levels = np.geomspace(max(surface.min(), 1e-3), surface.max(), 14)
        ax.contour(w1, w2, surface, levels=levels, cmap="viridis", linewidths=0.9)
        ax.plot(*BEST, "*", color="tab:green", ms=12, label="lowest C")
        ax.plot(*self.start, "s", color="black", ms=6, label="start")
        (self.path,) = ax.plot([], [], "o-", color="tab:red", ms=3, lw=1.2, label="the steps")
        (self.dot,) = ax.plot([], [], "o", color="tab:red", ms=8, mec="black")
        ax.set_xlim(*W1_RANGE)
        ax.set_ylim(*W2_RANGE)
        ax.set_xlabel(r"$w^2_{00}$")
        ax.set_ylabel(r"$w^2_{01}$")
        ax.legend(loc="upper right", fontsize=7, frameon=True)
        fig.tight_layout()
        self.ax = ax
        super().__init__(controls, fig)
        self.update()

    # -- the engine's numbers at a point (w^2_00, w^2_01) ------------------------
    def example_at(self, w):
        """The engine's ``Example`` with w^2 = [[w^2_00, w^2_01]] on the examples."""
        self.net.w[2] = np.array([[float(w[0]), float(w[1])]])
        return self.net.example(self.X, self.Y)

    def cost_at(self, w):
        """C at the point w = (w^2_00, w^2_01): ``ex.cost``."""
        return self.example_at(w).cost

    def gradient_at(self, w):
        """∇C = (∂C/∂w^2_00, ∂C/∂w^2_01) at w: ``ex.nabla_w[2]``."""
        return self.example_at(w).nabla_w[2][0].copy()

    def walk(self, eta, steps):
        """The points w_0 = start, w_{t+1} = w_t − η ∇C(w_t), t < steps."""
        points = [self.start.copy()]
        for _ in range(steps):
            points.append(points[-1] - eta * self.gradient_at(points[-1]))
        return np.array(points)

    def compute(self):
        eta, steps = float(self.controls["eta"].value), int(self.controls["steps"].value)
        points = self.walk(eta, steps)
        w = points[-1]
        g = self.gradient_at(w)
        return {"n": steps, "w1": float(w[0]), "w2": float(w[1]), "C": self.cost_at(w),
                "g1": float(g[0]), "g2": float(g[1]),
                "s1": float(eta * g[0]), "s2": float(eta * g[1]),
                "C0": self.cost_at(self.start), "points": points, "eta": eta}

    def draw(self, values):
        points = values["points"]
        self.path.set_data(points[:, 0], points[:, 1])
        self.dot.set_data([points[-1, 0]], [points[-1, 1]])


def gradient_steps(eta=0.1, steps=10, start=(-1.0, 1.5)):
    """Gradient steps on the cost surface of two weights, under an η and a steps slider.

    ``eta`` is the learning rate η in [0.02, 2.5], ``steps`` an integer in 0..40 and
    ``start`` the starting point (w^2_00, w^2_01) inside the drawn part of the plane
    (w^2_00 in [−2, 3], w^2_01 in [−2.5, 2.5]); anything else is refused with a
    ValueError or TypeError naming the argument.
    """
    eta = checks.in_range(eta, "eta", ETA_MIN, ETA_MAX)
    steps = checks.integer(steps, "steps", 0, MAX_STEPS)
    if isinstance(start, (str, bytes)) or not hasattr(start, "__len__") or len(start) != 2:
        raise checks.KindError(f"start must be a pair (w^2_00, w^2_01) of numbers, "
                               f"got {checks.show(start)}")
    start = (checks.in_range(start[0], "start's w^2_00", *W1_RANGE),
             checks.in_range(start[1], "start's w^2_01", *W2_RANGE))
    return GradientSteps(eta, steps, start)
