"""Drive the δ-by-cost widget headless: its readout equals independent computations."""
import numpy as np
import pytest

from backprop_core.activations import Sigmoid, Softmax
from backprop_core.costs import CrossEntropyCost, LogLikelihoodCost, QuadraticCost
from backprop_core.widgets import fmt
from backprop_core.widgets.softmax import delta_by_cost, output_deltas


def by_hand(z, y, n=10):
    """δ^L_0 from the formulas, with plain numpy (the other n − 1 outputs at z = 0)."""
    s = 1.0 / (1.0 + np.exp(-z))
    soft = np.exp(z) / (np.exp(z) + (n - 1))
    return {"a_sigmoid": s, "sigma_prime": s * (1 - s), "delta_quadratic": (s - y) * s * (1 - s),
            "delta_cross_entropy": s - y, "a_softmax": soft, "delta_log_likelihood": soft - y}


def by_core(z, y, n=10):
    """δ^L_0 from the core's cost objects on a full output column."""
    Z = np.zeros((n, 1))
    Z[0, 0] = z
    Y = np.zeros((n, 1))
    Y[0 if y == 1 else 1, 0] = 1.0
    out = {}
    for key, act, cost in (("quadratic", Sigmoid, QuadraticCost),
                           ("cross_entropy", Sigmoid, CrossEntropyCost),
                           ("log_likelihood", Softmax, LogLikelihoodCost)):
        out[f"delta_{key}"] = float(cost.delta(Z, act.fn(Z), Y, act)[0, 0])
    return out


@pytest.mark.parametrize("target", [1, 0])
@pytest.mark.parametrize("z", [-10.0, -6.0, -0.3, 0.0, 2.5, 10.0])
def test_readout_matches_formulas_and_core(z, target):
    live = delta_by_cost()
    live.controls["target"].value = target
    live.controls["z"].value = z
    expected = by_hand(z, target)
    for name, value in expected.items():
        assert live.values[name] == pytest.approx(value, rel=1e-9, abs=1e-15), name
    for name, value in by_core(z, target).items():
        assert f'data-name="{name}">{fmt(value)}<' in live.readout.value
    assert f'data-name="z">{fmt(z)}<' in live.readout.value
    for key in ("quadratic", "cross_entropy", "log_likelihood"):
        x, y = live.dots[key].get_data()
        assert x[0] == z and y[0] == pytest.approx(expected[f"delta_{key}"], abs=1e-15)


def test_quadratic_delta_is_cross_entropy_times_sigma_prime_and_vanishes_when_saturated():
    live = delta_by_cost(z=-10.0, target=1)
    v = live.values
    assert v["delta_quadratic"] == pytest.approx(v["delta_cross_entropy"] * v["sigma_prime"])
    assert abs(v["delta_quadratic"]) < 1e-4 and abs(v["delta_cross_entropy"]) > 0.99
    assert abs(v["delta_log_likelihood"]) > 0.99


def test_curves_follow_the_target():
    live = delta_by_cost(target=1)
    grid = live.grid
    for target in (0, 1):
        live.controls["target"].value = target
        for key in ("quadratic", "cross_entropy", "log_likelihood"):
            expected = np.array([by_hand(z, target)[f"delta_{key}"] for z in grid])
            assert np.allclose(live.curves[key].get_ydata(), expected, atol=1e-12)


def test_extremes_are_finite_without_warnings():
    deltas = output_deltas(np.array([-1000.0, 1000.0]), 1)
    for a, delta in deltas.values():
        assert np.all(np.isfinite(a)) and np.all(np.isfinite(delta))


@pytest.mark.parametrize("kwargs, match", [({"target": 2}, "target must be 1 or 0"),
                                           ({"n_outputs": 1}, "n_outputs"),
                                           ({"z_max": -1}, "z_max"),
                                           ({"z": 50.0}, "z must be")])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        delta_by_cost(**kwargs)


def test_numpy_scalars_are_accepted():
    live = delta_by_cost(z=np.float32(0.5), n_outputs=np.int64(4), z_max=np.float32(8.0))
    assert live.controls["z"].value == pytest.approx(0.5)
