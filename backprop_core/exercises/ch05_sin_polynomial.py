"""Checks for chapter 5: the four hand-written gradients, and the learning-rate ceiling.

Used by chapter 5 (exercises 5.1 and 5.2).
"""
import numpy as np

from .. import polyfit
from . import array, call, function, judge, report


def check_gradients(my_gradients, seed=3):
    """``my_gradients(theta, x, y)`` should return (∂L/∂a, ∂L/∂b, ∂L/∂c, ∂L/∂d)
    for L = Σ (y_pred − y)², compared with central differences of the loss."""
    if not function(my_gradients, "my_gradients"):
        return None if my_gradients is Ellipsis else False
    x, y = polyfit.sin_data(200)
    theta = polyfit.initial_coefficients(seed)
    got, raised = call(my_gradients, theta, x, y)
    if raised:
        return report(False, "", raised)
    want = polyfit.numerical_gradients(theta, x, y)
    r = polyfit.features(x) @ theta - y

    def otherwise(got):
        if got.shape != (4,):
            return (f"your gradients have shape {got.shape}; expected (4,), one number per "
                    "coefficient a, b, c, d")
        if not np.all(np.isfinite(got)):
            return ("your gradients contain NaN or infinity; each is 2 Σ (y_pred − y) · x^p, "
                    "a finite number")
        worst = int(np.argmax(np.abs(got - want)))
        return (f"∂L/∂{polyfit.NAMES[worst]} is {got[worst]:.6g}; finite differences give "
                f"{want[worst]:.6g}. Each gradient is 2 Σ (y_pred − y) · x^p")

    if got is not Ellipsis and array(got) is None:
        return report(False, "", "return four numbers, e.g. np.array([dL_da, dL_db, "
                                 "dL_dc, dL_dd]), each real and finite")
    return judge(got, want, "all four gradients match finite differences of L", [
        (want / 2, "off by a factor of 2: the derivative of (y_pred − y)² is "
                   "2 (y_pred − y), not (y_pred − y)"),
        (-want, "the sign is flipped: use y_pred − y, not y − y_pred"),
        (want / len(x), "you took a mean; the essay's loss is the sum Σ, not the mean"),
        (2 * np.concatenate([[r.sum()], [r @ x ** (p + 1) for p in range(1, 4)]]),
         "powers off by one: ∂y_pred/∂b is x, ∂y_pred/∂c is x², ∂y_pred/∂d is x³ "
         "(and ∂y_pred/∂a is 1)")], otherwise, rtol=1e-6, atol=1e-6)


def check_ceiling(answer):
    """The learning rate above which gradient descent on the essay's problem diverges:
    2/λ_max of the Hessian 2XᵀX (within 1%)."""
    x, _ = polyfit.sin_data()
    lam = polyfit.hessian_eigenvalues(x)
    want = 2 / lam[-1]
    return judge(answer, want, f"2/λ_max = {want:.4g}; the essay's 1e-6 sits below it by a "
                               f"factor {want / 1e-6:.3g}", [
        (1 / lam[-1], "that is 1/λ_max; the ceiling is 2/λ_max"),
        (2 / lam[0], "that uses λ_min; the largest eigenvalue sets the ceiling"),
        (4 / lam[-1], "the Hessian of Σ (y_pred − y)² is 2XᵀX, not XᵀX: "
                      "check which matrix you took the eigenvalues of")],
        lambda v: f"{v:.4g} is not it: find the largest eigenvalue λ_max of "
                  "polyfit.hessian(x) and compute 2/λ_max",
        "one number, a learning rate", rtol=0.01, atol=0)
