"""The claims chapter 5 (fitting sin(x) by hand-written gradients) states in words,
with the bounds that keep them true.  Same inputs as the page: polyfit.sin_data(),
the start polyfit.initial_coefficients(seed=0), the essay's learning rate and steps."""
import numpy as np

from backprop_core import polyfit

X_DATA, Y_DATA = polyfit.sin_data()
THETA0 = polyfit.initial_coefficients(seed=0)
RUN = polyfit.gradient_descent(X_DATA, Y_DATA, THETA0, polyfit.LEARNING_RATE, polyfit.STEPS)
THETA_LS = polyfit.least_squares(X_DATA, Y_DATA)


def test_hand_gradients_match_finite_differences():
    # "Four gradients, by hand"
    for seed in (0, 1, 2):
        theta = polyfit.initial_coefficients(seed)
        by_hand = polyfit.gradients(theta, X_DATA, Y_DATA)
        numeric = polyfit.numerical_gradients(theta, X_DATA, Y_DATA)
        assert np.all(np.abs(by_hand - numeric) / np.abs(numeric) < 1e-6)


def test_the_gradients_are_bp4_summed_over_the_points():
    # "The same shape as BP4"
    X = polyfit.features(X_DATA)
    delta_out = 2 * (polyfit.predict(THETA0, X_DATA) - Y_DATA)
    assert np.allclose(X.T @ delta_out, polyfit.gradients(THETA0, X_DATA, Y_DATA))
    rms_input = np.sqrt(np.mean(X ** 2, axis=0))
    g0 = np.abs(polyfit.gradients(THETA0, X_DATA, Y_DATA))
    assert min(g0[2:]) > max(g0[:2]) and min(rms_input[2:]) > max(rms_input[:2])


def test_c_and_d_have_the_largest_gradients_only_part_of_the_time():
    largest = [min(g[2:]) > max(g[:2]) for g in
               (np.abs(polyfit.gradients(polyfit.initial_coefficients(seed=s), X_DATA, Y_DATA))
                for s in range(400))]
    assert 0.1 < np.mean(largest) < 0.9


def test_both_runs_end_near_but_not_on_the_least_squares_cubic():
    # "A run with the essay's settings, and the best cubic"
    assert not RUN.diverged
    assert np.allclose(THETA_LS, np.polyfit(X_DATA, Y_DATA, 3)[::-1])
    essay_reported = np.array([0.0237, 0.8476, -0.004, -0.0920])
    for theta in (RUN.final, essay_reported):
        gap = np.max(np.abs(theta - THETA_LS))
        assert 1e-3 < gap < 0.05
        assert polyfit.loss(theta, X_DATA, Y_DATA) > polyfit.loss(THETA_LS, X_DATA, Y_DATA)
    assert np.max(np.abs(polyfit.gradients(THETA_LS, X_DATA, Y_DATA))) < 1e-8


def test_conditioning_explains_the_distance_exactly():
    # "Why 2000 steps are not enough: conditioning"
    ceiling = polyfit.learning_rate_ceiling(X_DATA)
    factors = polyfit.remaining_error_factors(X_DATA, polyfit.LEARNING_RATE, polyfit.STEPS)
    assert polyfit.LEARNING_RATE < ceiling
    assert np.all((factors[:2] > 0.005) & (factors[:2] < 0.1)) and np.all(factors[2:] < 1e-6)
    lam, V = np.linalg.eigh(polyfit.hessian(X_DATA))
    predicted = (1 - polyfit.LEARNING_RATE * lam) ** polyfit.STEPS * (V.T @ (THETA0 - THETA_LS))
    assert np.allclose(V.T @ (RUN.final - THETA_LS), predicted, rtol=1e-6, atol=1e-12)
    for eta in (polyfit.LEARNING_RATE, 0.9 * ceiling):
        longer = polyfit.gradient_descent(X_DATA, Y_DATA, THETA0, eta, 20_000)
        assert np.max(np.abs(longer.final - THETA_LS)) < 1e-6


def test_above_the_ceiling_the_descent_stops_before_overflow_and_below_it_never_rises():
    ceiling = polyfit.learning_rate_ceiling(X_DATA)
    too_fast = polyfit.gradient_descent(X_DATA, Y_DATA, THETA0, 2 * ceiling, polyfit.STEPS)
    assert too_fast.diverged and np.all(np.isfinite(too_fast.losses))
    assert not np.any(np.diff(RUN.losses) > 1e-12 * RUN.losses[1:])
