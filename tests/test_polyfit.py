"""polyfit.py: hand-written gradients vs finite differences, the least-squares fixed point,
the learning-rate ceiling, divergence detection and bad input."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backprop_core import polyfit

x, y = polyfit.sin_data()


def test_essay_data():
    assert x.shape == (2000,) and x[0] == -np.pi and x[-1] == np.pi
    np.testing.assert_array_equal(y, np.sin(x))


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-3, 3), min_size=4, max_size=4))
def test_gradients_match_finite_differences(theta):
    theta = np.array(theta)
    hand = polyfit.gradients(theta, x, y)
    numeric = polyfit.numerical_gradients(theta, x, y)
    # central differences of a quadratic are exact up to rounding, which scales with L
    scale = polyfit.loss(theta, x, y) + 1.0
    np.testing.assert_allclose(hand, numeric, rtol=1e-6, atol=1e-13 * scale / 1e-5)


def test_numerical_gradients_are_central_differences_of_the_loss():
    theta, eps = polyfit.initial_coefficients(2), 1e-4
    by_hand = []
    for p in range(4):
        step = np.zeros(4)
        step[p] = eps
        by_hand.append((polyfit.loss(theta + step, x, y) - polyfit.loss(theta - step, x, y))
                       / (2 * eps))
    got = polyfit.numerical_gradients(theta, x, y, eps=eps)
    assert got.shape == (4,)
    np.testing.assert_allclose(got, by_hand, rtol=1e-12, atol=1e-9)


def test_gradient_is_error_signal_times_input():
    theta = polyfit.initial_coefficients(1)
    delta_out = 2 * (polyfit.predict(theta, x) - y)
    for p, a_in in enumerate((np.ones_like(x), x, x ** 2, x ** 3)):
        assert polyfit.gradients(theta, x, y)[p] == pytest.approx(np.sum(delta_out * a_in))


def test_least_squares_is_the_fixed_point():
    theta = polyfit.least_squares(x, y)
    np.testing.assert_allclose(theta, np.polyfit(x, y, 3)[::-1], atol=1e-10)
    assert np.max(np.abs(polyfit.gradients(theta, x, y))) < 1e-8
    # gradient descent approaches it, and long runs get there
    start = polyfit.initial_coefficients(0)
    short = polyfit.gradient_descent(x, y, start, 1e-6, 2000)
    long = polyfit.gradient_descent(x, y, start, 3e-6, 20000)
    d0 = np.linalg.norm(start - theta)
    assert np.linalg.norm(short.final - theta) < 0.05 * d0
    np.testing.assert_allclose(long.final, theta, atol=1e-6)
    assert not short.diverged and not long.diverged


def test_loss_never_rises_below_the_ceiling():
    ceiling = polyfit.learning_rate_ceiling(x)
    run = polyfit.gradient_descent(x, y, polyfit.initial_coefficients(4), 0.98 * ceiling, 3000)
    assert not run.diverged and np.all(np.diff(run.losses) <= 1e-9 * run.losses[:-1])


@pytest.mark.parametrize("factor", [1.02, 3.0, 1e3, 1e6])
def test_divergence_detected_before_overflow(factor):
    ceiling = polyfit.learning_rate_ceiling(x)
    run = polyfit.gradient_descent(x, y, polyfit.initial_coefficients(4), factor * ceiling, 5000)
    assert run.diverged and run.steps_done < 5000
    assert np.all(np.isfinite(run.losses)) and np.all(np.isfinite(run.coefficients))
    assert run.losses.max() <= polyfit.DIVERGENCE_FACTOR * run.losses[0]
    assert "diverged" in run.message and "ceiling" in run.message
    assert len(run.losses) == run.steps_done + 1 == len(run.coefficients)


def test_recorded_steps_are_gradient_steps():
    run = polyfit.gradient_descent(x, y, polyfit.initial_coefficients(2), 1e-6, 5)
    for t in range(5):
        step = run.coefficients[t] - 1e-6 * polyfit.gradients(run.coefficients[t], x, y)
        np.testing.assert_allclose(run.coefficients[t + 1], step, rtol=1e-12)
        assert run.losses[t] == pytest.approx(polyfit.loss(run.coefficients[t], x, y))


def test_conditioning_numbers():
    lam = np.linalg.eigvalsh(2 * np.vander(x, 4, increasing=True).T @ np.vander(x, 4, increasing=True))
    np.testing.assert_allclose(polyfit.hessian_eigenvalues(x), lam, rtol=1e-10)
    assert polyfit.learning_rate_ceiling(x) == pytest.approx(2 / lam[-1])
    assert polyfit.condition_number(x) == pytest.approx(lam[-1] / lam[0])
    np.testing.assert_allclose(polyfit.remaining_error_factors(x, 1e-6, 10),
                               np.abs(1 - 1e-6 * lam) ** 10)


def test_hessian_by_finite_differences_of_the_gradient():
    theta, eps = polyfit.initial_coefficients(0), 1e-3
    H = np.array([(polyfit.gradients(theta + eps * e, x, y) - polyfit.gradients(theta - eps * e, x, y))
                  / (2 * eps) for e in np.eye(4)])
    np.testing.assert_allclose(H, polyfit.hessian(x), rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("call,match", [
    (lambda: polyfit.gradients([1, 2, 3], x, y), r"shape \(3,\); expected \(4,\)"),
    (lambda: polyfit.loss([0, 0, 0, np.nan], x, y), "NaN"),
    (lambda: polyfit.gradients(np.zeros(4), x, y[:10]), r"y has shape \(10,\); expected \(2000,\)"),
    (lambda: polyfit.predict(np.zeros(4), x.reshape(2, 1000)), "1-D array"),
    (lambda: polyfit.gradient_descent(x, y, np.zeros(4), -1e-6), "learning rate must be a positive"),
    (lambda: polyfit.gradient_descent(x, y, np.zeros(4), "fast"), "learning rate"),
    (lambda: polyfit.gradient_descent(x, y, np.zeros(4), 1e-6, 2.5), "steps must be"),
    (lambda: polyfit.sin_data(2), "n must be an integer"),
    (lambda: polyfit.numerical_gradients(np.zeros(4), x, y, eps=-1), "eps"),
    (lambda: polyfit.least_squares(["a"], [1]), "x must be"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
