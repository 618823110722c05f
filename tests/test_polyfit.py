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


# ----- too few, repeated, odd or extreme points ------------------------------------------
GEOMETRY = [polyfit.hessian, polyfit.hessian_eigenvalues, polyfit.learning_rate_ceiling,
            polyfit.condition_number, lambda p: polyfit.least_squares(p, np.zeros(len(p))),
            lambda p: polyfit.remaining_error_factors(p, 1e-6, 10),
            lambda p: polyfit.gradient_descent(p, np.zeros(len(p)), np.zeros(4), 1e-6, 10)]


@pytest.mark.parametrize("fn", GEOMETRY)
@pytest.mark.parametrize("points,distinct", [([1.0] * 4, 1), ([1.0, 2.0], 2), ([0.0, 1.0, 0.0, 1.0, 2.0], 3),
                                             ([7.0], 1)])
def test_fewer_than_four_distinct_points_are_refused(fn, points, distinct):
    """A singular design: condition_number([1.0] * 4) used to be −9.4e15."""
    with pytest.raises(ValueError, match=f"at least 4 distinct x values .*got {distinct}"):
        fn(points)


def test_four_distinct_points_suffice_and_stay_sane():
    p = [-1.0, 0.0, 0.5, 2.0]
    assert polyfit.condition_number(p) >= 1.0
    assert np.all(polyfit.hessian_eigenvalues(p) > 0)
    np.testing.assert_allclose(polyfit.predict(polyfit.least_squares(p, np.sin(p)), p), np.sin(p),
                               atol=1e-12)
    # points nearly on top of each other: a huge but honest condition number, never negative
    close = [1.0, 1.0 + 1e-9, 1.0 + 2e-9, 1.0 + 3e-9]
    assert polyfit.condition_number(close) > 1e20
    assert np.all(polyfit.hessian_eigenvalues(close) >= 0)


@pytest.mark.parametrize("fn", [polyfit.features, polyfit.hessian, polyfit.condition_number,
                                lambda p: polyfit.loss(np.zeros(4), p, p)])
@pytest.mark.parametrize("points,kind,match", [
    ([1, 2, 3, np.nan], ValueError, "x contains NaN or infinity"),
    ([1, 2, 3, np.inf], ValueError, "x contains NaN or infinity"),
    ([1, 2, 3, 10 ** 400], ValueError, r"x\[3\] must be a real number a float can hold"),
    ([1, 2, 3, 1e200], ValueError, r"x must have every \|value\| ≤ 1e\+06"),
    ([1, 2, 3, 4j], TypeError, "x must be numeric"),
    (["1", "2", "3", "4"], TypeError, "x must be numeric"),
    ([True, 2, 3, 4], TypeError, "x must be numeric"),
    ([[1, 2], [3]], ValueError, "ragged"),
    ([], ValueError, "expected a 1-D array"),
    (None, TypeError, "x must be numeric"),
])
def test_odd_points(fn, points, kind, match):
    with pytest.raises(kind, match=match):
        fn(points)


@pytest.mark.parametrize("call,kind,match", [
    (lambda: polyfit.initial_coefficients("abc"), TypeError, "seed must be None or a non-negative integer, got 'abc'"),
    (lambda: polyfit.initial_coefficients(-1), ValueError, "seed must be None or a non-negative"),
    (lambda: polyfit.gradient_descent(x, y, np.zeros(4), "1e-6"), TypeError, "learning rate must be a real number"),
    (lambda: polyfit.gradient_descent(x, y, np.zeros(4), 1e-6j), TypeError, "learning rate must be a real number"),
    (lambda: polyfit.gradient_descent(x, y, np.zeros(4), 1e-6, 10 ** 9), ValueError, r"steps must be an integer in 0\.\.1000000"),
    (lambda: polyfit.gradient_descent(x, y, np.zeros(4), 1e-6, True), TypeError, "steps must be an integer"),
    (lambda: polyfit.loss([1e200, 0, 0, 0], x, y), ValueError, r"coefficients .* ≤ 1e\+100"),
    (lambda: polyfit.loss(np.zeros(4), x, np.full_like(y, 1e200)), ValueError, r"y must have every"),
    (lambda: polyfit.remaining_error_factors(x, "fast"), TypeError, "learning rate"),
    (lambda: polyfit.sin_data(10 ** 9), ValueError, r"n must be an integer in 4\.\.1000000"),
    (lambda: polyfit.sin_data(4.0), TypeError, "n must be an integer"),
])
def test_odd_arguments(call, kind, match):
    with pytest.raises(kind, match=match):
        call()


def test_numpy_scalars_accepted():
    run = polyfit.gradient_descent(x, y, np.zeros(4), np.float32(1e-6), np.int64(5))
    assert run.steps_done == 5
    assert polyfit.sin_data(np.int64(10))[0].shape == (10,)
