"""Fitting sin(x) with a cubic by hand-written gradients (the essay's example).

The model is y_pred = a + b x + c x² + d x³, i.e. y_pred = Σ_p θ_p x^p with the
coefficients θ = (a, b, c, d), and the loss is the *sum* (not the mean)

    L = Σ_n (y_pred,n − y_n)².

Its gradient, written out by hand, is

    ∂L/∂θ_p = 2 Σ_n (y_pred,n − y_n) · x_n^p,

"error signal × strength of the input the coefficient multiplies" — the shape of
BP4, ∂C/∂w = a_in δ_out, with δ_out = 2 (y_pred − y) and a_in = x^p.

L is quadratic in θ with Hessian H = 2 XᵀX, where the columns of X are the
features 1, x, x², x³.  Gradient descent θ → θ − η ∇L converges only if
η < 2/λ_max(H); along an eigenvector with eigenvalue λ the error shrinks by the
factor (1 − ηλ) per step, so the condition number λ_max/λ_min says how slow the
slowest direction is when η sits below the ceiling.  The fixed point is the
least-squares cubic.

Every function checks its input (``checks``): x, y and θ must be real, finite and
within MAX_ABS_X / MAX_ABS_VALUE, so every sum stays finite.  The functions of the
fit's geometry (the least-squares cubic, H, its eigenvalues, the ceiling, the
condition number, gradient descent) need at least 4 *distinct* x values and refuse
fewer with a ValueError: then XᵀX is singular, many cubics fit equally well, and
λ_max/λ_min has no finite value (rounding used to make it −9.4e15).  With 4 or more
distinct points the eigenvalues come from the singular values of X, so they are
never negative; the condition number is ≥ 1, and inf only if λ_min rounds to 0.

Used by chapter 5 (its live figure is ``widgets/polyfit.py``, its exercise
checks ``exercises/ch05_sin_polynomial.py``).
"""
from dataclasses import dataclass

import numpy as np

from . import checks
from .gradcheck import central_differences
from .divergence import quiet

#: The essay's set-up.
N_POINTS = 2000
LEARNING_RATE = 1e-6
STEPS = 2000
DEGREE = 3
NAMES = ("a", "b", "c", "d")
#: A run counts as diverging once its loss exceeds this many times the starting loss.
#: Below the ceiling 2/λ_max the loss never rises at all, so any such growth means η is too big.
DIVERGENCE_FACTOR = 10.0
#: Bounds on what the functions accept, so that every sum they form (up to Σ x⁶ in the
#: Hessian, Σ (y_pred − y)² in the loss) stays finite: |x| ≤ MAX_ABS_X, |y| and every
#: |coefficient| ≤ MAX_ABS_VALUE, at most MAX_POINTS points from sin_data and at most
#: MAX_STEPS steps of gradient descent.
MAX_ABS_X = 1e6
MAX_ABS_VALUE = 1e100
MAX_POINTS = 1_000_000
MAX_STEPS = 1_000_000


def sin_data(n=N_POINTS):
    """``n`` evenly spaced points x on [−π, π] and y = sin(x) (4 ≤ n ≤ MAX_POINTS)."""
    n = checks.integer(n, "n", DEGREE + 1, MAX_POINTS)
    x = np.linspace(-np.pi, np.pi, n)
    return x, np.sin(x)


def _bounded(values, what, bound, meaning):
    arr = checks.real_array(values, what)
    if arr.size and np.max(np.abs(arr)) > bound:
        raise ValueError(f"{what} must have every |value| ≤ {bound:g} ({meaning}), "
                         f"got {np.max(np.abs(arr)):.3g}")
    return arr


def _points(x, y=None):
    x = _bounded(x, "x", MAX_ABS_X, "so that the sums of x⁶ stay finite")
    if x.ndim != 1 or x.size == 0:
        raise ValueError(f"x has shape {x.shape}; expected a 1-D array of n points (n,)")
    if y is None:
        return x
    y = _bounded(y, "y", MAX_ABS_VALUE, "so that the loss stays finite")
    if y.shape != x.shape:
        raise ValueError(f"y has shape {y.shape}; expected {x.shape}, one target per point x")
    return x, y


def _distinct(x):
    """x, after checking it has at least 4 distinct points: only then is the cubic through
    them unique and the Hessian 2XᵀX invertible (positive definite)."""
    x = _points(x)
    k = np.unique(x).size
    if k < DEGREE + 1:
        raise ValueError(f"the points must include at least {DEGREE + 1} distinct x values "
                         f"(a cubic has {DEGREE + 1} coefficients), got {k}: with fewer, "
                         "many cubics fit equally well and the Hessian 2XᵀX is singular")
    return x


def _coefficients(theta):
    theta = _bounded(theta, "the coefficients (a, b, c, d)", MAX_ABS_VALUE,
                     "so that the loss stays finite")
    if theta.shape != (DEGREE + 1,):
        raise ValueError(f"the coefficients have shape {theta.shape}; expected ({DEGREE + 1},) "
                         "for (a, b, c, d)")
    return theta


def features(x):
    """The matrix X whose columns are the inputs each coefficient multiplies: 1, x, x², x³."""
    return np.vander(_points(x), DEGREE + 1, increasing=True)


def initial_coefficients(seed=None):
    """(a, b, c, d) drawn from the standard normal distribution, as in the essay."""
    return np.random.default_rng(checks.seed(seed)).standard_normal(DEGREE + 1)


def predict(theta, x):
    """y_pred = a + b x + c x² + d x³."""
    return features(x) @ _coefficients(theta)


def loss(theta, x, y):
    """L = Σ_n (y_pred,n − y_n)²."""
    x, y = _points(x, y)
    r = predict(theta, x) - y
    return float(r @ r)


def gradients(theta, x, y):
    """(∂L/∂a, ∂L/∂b, ∂L/∂c, ∂L/∂d), each 2 Σ_n (y_pred,n − y_n) x_n^p."""
    x, y = _points(x, y)
    X = features(x)
    error_signal = 2.0 * (X @ _coefficients(theta) - y)         # δ_out, one per point
    return np.array([np.sum(error_signal * X[:, p]) for p in range(DEGREE + 1)])


def numerical_gradients(theta, x, y, eps=1e-5):
    """The same four partial derivatives by central differences of :func:`loss`
    (the package's one central difference, :func:`~backprop_core.gradcheck.central_differences`)."""
    theta = _coefficients(theta)
    x, y = _points(x, y)
    eps = checks.positive(eps, "eps")
    return central_differences(lambda t: loss(t, x, y), theta, eps)


def least_squares(x, y):
    """The cubic with the smallest L: the fixed point gradient descent approaches."""
    x, y = _points(x, y)
    return np.linalg.lstsq(features(_distinct(x)), y, rcond=None)[0]


def hessian(x):
    """H = ∂²L/∂θ∂θᵀ = 2 XᵀX (the same for every θ: L is quadratic).

    The points must include at least 4 distinct x values (ValueError otherwise), as for
    every function below: with fewer, H is singular and the fit is not unique.
    """
    X = features(_distinct(x))
    return 2.0 * X.T @ X


def hessian_eigenvalues(x):
    """The eigenvalues λ of H, smallest first (all > 0 for 4 or more distinct points).

    They are 2 s² for the singular values s of X, which is the accurate way to get
    them: never negative, even when H is badly conditioned.
    """
    s = np.linalg.svd(features(_distinct(x)), compute_uv=False)
    return np.sort(2.0 * s ** 2)


def learning_rate_ceiling(x):
    """2/λ_max: gradient descent on L diverges for any larger learning rate."""
    return 2.0 / hessian_eigenvalues(x)[-1]


def condition_number(x):
    """λ_max/λ_min of the Hessian (≥ 1; inf if the points are so close together that
    λ_min rounds to 0).  Fewer than 4 distinct points: ValueError, H is singular."""
    lam = hessian_eigenvalues(x)
    return float(lam[-1] / lam[0]) if lam[0] > 0 else float("inf")


@dataclass
class Descent:
    """The record of a gradient-descent run.

    ``coefficients[t]`` and ``losses[t]`` are θ and L after t steps
    (t = 0..steps_done); ``diverged`` says the run was stopped because its
    loss blew up, and ``message`` says what happened in words.
    """
    coefficients: np.ndarray
    losses: np.ndarray
    learning_rate: float
    steps: int
    steps_done: int
    diverged: bool
    message: str

    @property
    def final(self):
        return self.coefficients[-1]


def gradient_descent(x, y, theta0, learning_rate=LEARNING_RATE, steps=STEPS):
    """Run θ → θ − η ∇L for ``steps`` steps from ``theta0`` and record every step.

    The run stops early, before any overflow, as soon as the loss is no longer
    finite or exceeds ``DIVERGENCE_FACTOR`` times its starting value: that only
    happens when η is above the ceiling 2/λ_max.
    """
    x, y = _points(x, y)
    x = _distinct(x)
    theta = _coefficients(theta0).copy()
    eta = checks.positive(learning_rate, "learning rate")
    steps = checks.integer(steps, "steps", 0, MAX_STEPS)
    # The hand-written sums regrouped: 2 Σ_n (y_pred,n − y_n) x_n^p = 2 (XᵀX θ − Xᵀy)_p and
    # Σ_n (y_pred,n − y_n)² = θᵀXᵀXθ − 2 θᵀXᵀy + yᵀy, so a step costs 4 × 4 numbers, not n.
    X = features(x)
    G, Xy, yy = X.T @ X, X.T @ y, float(y @ y)
    history, losses = [theta.copy()], [_loss(X, theta, y)]
    limit = DIVERGENCE_FACTOR * max(losses[0], np.finfo(float).tiny)
    diverged = False
    with quiet():
        for t in range(1, int(steps) + 1):
            theta = theta - eta * 2.0 * (G @ theta - Xy)
            current = float(theta @ (G @ theta) - 2.0 * (theta @ Xy) + yy)
            if not (np.isfinite(current) and current <= limit):
                diverged = True
                break
            history.append(theta)
            losses.append(current)
    done = len(losses) - 1
    if diverged:
        message = (f"diverged: stopped at step {done + 1} of {steps} because the loss grew "
                   f"from {losses[0]:.4g} to more than {DIVERGENCE_FACTOR:g} times that; "
                   f"the learning rate {eta:.3g} is above the ceiling 2/λ_max = "
                   f"{learning_rate_ceiling(x):.3g}")
    else:
        message = f"ran {done} steps; loss {losses[0]:.4g} → {losses[-1]:.4g}"
    return Descent(np.array(history), np.array(losses), eta, int(steps), done, diverged, message)


def _loss(X, theta, y):
    r = X @ theta - y
    return float(r @ r)


def remaining_error_factors(x, learning_rate=LEARNING_RATE, steps=STEPS):
    """|1 − ηλ|^steps for each eigenvalue λ of H (smallest λ first): the fraction of
    the starting distance from the least-squares fit left along each eigenvector."""
    eta = checks.positive(learning_rate, "learning rate")
    steps = checks.integer(steps, "steps", 0, MAX_STEPS)
    with quiet():            # above the ceiling the factors grow without bound
        return np.abs(1.0 - eta * hessian_eigenvalues(x)) ** steps
