"""Counting and timing helpers of chapter 08, and the ε explorer driven headless."""
import numpy as np
import pytest

from backprop_core import Network, numerical_gradient, relative_error
from backprop_core.speed import (best_time, best_times, count_cost_evaluations, error_slopes, error_vs_eps,
                                 fitted_slope, forward_passes_needed, network_with_weights,
                                 number_of_parameters, race)
from backprop_core.widgets import fmt
from backprop_core.widgets.speed import epsilon_explorer, example_problem


@pytest.mark.parametrize("sizes", [[3, 4, 2], [2, 5], [4, 3, 3, 1]])
@pytest.mark.parametrize("method", ["forward", "central"])
def test_counted_cost_evaluations_match_the_formula(sizes, method):
    net = Network(sizes, seed=0)
    X, Y = np.ones((sizes[0], 2)), np.zeros((sizes[-1], 2))
    count, (nb, nw) = count_cost_evaluations(net, X, Y, method)
    P = sum(w.size + b.size for w, b in zip(net.w, net.b))
    assert number_of_parameters(sizes) == P
    assert count == forward_passes_needed(sizes, method) == (P + 1 if method == "forward" else 2 * P)
    fb, fw = numerical_gradient(net, X, Y, method=method)
    assert nw.layers == fw.layers == range(2, len(sizes) + 1)       # Layers, by the book's l
    assert relative_error([*nb, *nw], [*fb, *fw]) == 0.0
    assert "cost" not in vars(net)                   # the counter is removed again
    assert net.cost(X, Y) == Network(sizes, seed=0).cost(X, Y)


def test_error_slopes_are_one_two_and_minus_one():
    net, X, Y = example_problem()
    eps = np.logspace(-13, -1, 25)
    fwd = error_slopes(eps, error_vs_eps(net, X, Y, eps, "forward"))
    cen = error_slopes(eps, error_vs_eps(net, X, Y, eps, "central"))
    assert fwd["truncation"] == pytest.approx(1.0, abs=0.1)
    assert cen["truncation"] == pytest.approx(2.0, abs=0.15)
    assert fwd["roundoff"] == pytest.approx(-1.0, abs=0.25)
    assert cen["roundoff"] == pytest.approx(-1.0, abs=0.25)
    assert cen["best_eps"] > fwd["best_eps"] and cen["best_error"] < fwd["best_error"]


def test_fitted_slope_of_a_power_law():
    x = np.logspace(-3, 2, 11)
    assert fitted_slope(x, 7 * x ** 2.5) == pytest.approx(2.5)
    assert fitted_slope(x, 0.1 / x) == pytest.approx(-1.0)


def test_error_vs_eps_is_the_relative_error_of_numerical_gradient():
    net, X, Y = example_problem()
    nb, nw = net.backprop_batch(X, Y)
    for eps, err in zip([1e-2, 1e-7], error_vs_eps(net, X, Y, [1e-2, 1e-7], "central")):
        fb, fw = numerical_gradient(net, X, Y, eps=eps)
        assert err == relative_error([*nb, *nw], [*fb, *fw])


def test_best_time_of_a_known_sleep():
    import time
    t = best_time(lambda: time.sleep(0.002), repeat=2, min_total=0.004, timer=time.perf_counter)
    assert 0.0019 < t < 0.5


def test_best_time_counts_cpu_time_by_default():
    import time
    # sleeping uses no CPU: the default (process CPU time) clock hardly sees it
    assert best_time(lambda: time.sleep(0.002), repeat=2, min_total=0.0) < 0.001
    busy = best_time(lambda: sum(range(20_000)), repeat=2)
    assert busy > 0


def test_network_with_weights():
    net = network_with_weights(1e4, layers=3)
    assert net.sizes == [71, 71, 71]
    assert network_with_weights(100, layers=5).sizes == [5] * 5


def test_race_measures_then_extrapolates():
    rows = race([2000, 100, 300], fd_limit=500, repeat=2)
    small, middle, big = rows                          # sorted by size
    assert small["fd_measured"] and middle["fd_measured"] and not big["fd_measured"]
    assert small["parameters"] == number_of_parameters(small["sizes"]) < middle["parameters"]
    assert middle["parameters"] <= 500 < big["parameters"]
    for r in (small, middle):
        assert r["fd_per_pass"] == r["t_fd"] / ((r["parameters"] + 1) * r["t_forward"])
    # extrapolated from the largest measured network's cost per pass
    assert big["fd_per_pass"] == middle["fd_per_pass"]
    assert big["t_fd"] == (big["parameters"] + 1) * big["t_forward"] * middle["fd_per_pass"]
    assert small["passes_fd"] == small["parameters"] + 1
    for r in rows:
        assert r["t_forward"] > 0 and r["t_backprop"] > 0
        assert r["backprop_over_forward"] == r["t_backprop"] / r["t_forward"]
        assert r["fd_over_backprop"] == r["t_fd"] / r["t_backprop"]
    # the measured FD time is many forward passes, not one
    assert small["t_fd"] > 10 * small["t_forward"]


def test_race_without_measurement_extrapolates_one_pass_each():
    (row,) = race([100], fd_limit=0, repeat=1)
    assert not row["fd_measured"] and row["fd_per_pass"] == 1.0
    assert row["t_fd"] == (row["parameters"] + 1) * row["t_forward"]


@pytest.mark.parametrize("call, match", [
    (lambda: forward_passes_needed([2, 3], "backward"), "method must be 'forward' or 'central'"),
    (lambda: number_of_parameters([2]), "sizes must be"),
    (lambda: fitted_slope([1, 2], [1, -2]), "positive finite"),
    (lambda: fitted_slope([1], [1]), "at least two"),
    (lambda: error_slopes(np.logspace(-3, -1, 3), [1e-3, 1e-4, 1e-5]), "factor 100"),
    (lambda: network_with_weights(100, layers=1), "layers must be an integer ≥ 2"),
    (lambda: network_with_weights(0), "must be ≥ 1"),
    (lambda: race([100], fd_limit=-1), "fd_limit must be a number ≥ 0"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# ----- the ε explorer ------------------------------------------------------
GRID = np.logspace(-13, -1, 7)


@pytest.fixture(scope="module")
def problem():
    net, X, Y = example_problem()
    errors = {m: error_vs_eps(net, X, Y, GRID, m) for m in ("forward", "central")}
    return net, X, Y, errors


@pytest.mark.parametrize("method", ["forward", "central"])
@pytest.mark.parametrize("log_eps", [-13.0, -7.5, -3.25, -1.0])
def test_explorer_readout_matches_numerical_gradient(problem, method, log_eps):
    net, X, Y, errors = problem
    live = epsilon_explorer(net, X, Y, l=3, j=1, k=2, eps_grid=GRID, errors=errors)
    live.controls["method"].value = method
    live.controls["log_eps"].value = log_eps
    eps = 10.0 ** log_eps
    fb, fw = numerical_gradient(net, X, Y, eps=eps, method=method)
    nb, nw = net.backprop_batch(X, Y)
    expected = {"eps": eps, "fd": fw[3][1, 2], "backprop": nw[3][1, 2],
                "abs_error": abs(fw[3][1, 2] - nw[3][1, 2]),
                "relative_error": relative_error([*nb, *nw], [*fb, *fw]),
                "passes": forward_passes_needed(net.sizes, method)}
    for name, value in expected.items():
        assert live.values[name] == pytest.approx(value, rel=1e-12)
        assert f'data-name="{name}">{fmt(value)}<' in live.readout.value
    assert f'data-name="method">{method}<' in live.readout.value
    x, y = live.dot.get_data()
    assert x[0] == pytest.approx(eps) and y[0] == pytest.approx(expected["relative_error"])
    assert live.dot.get_color() == live.curves[method].get_color()


def test_explorer_computes_its_own_curves():
    live = epsilon_explorer(eps_grid=GRID)
    net, X, Y = example_problem()
    x, y = live.curves["central"].get_data()
    assert np.allclose(x, GRID)
    assert np.allclose(y, error_vs_eps(net, X, Y, GRID, "central"))


@pytest.mark.parametrize("kwargs, match", [
    ({"method": "backward"}, "method must be"),
    ({"l": 4}, r"layer l=4 is out of range"),
    ({"k": 3}, r"neuron k of layer 1=3 is out of range"),
    ({"j": 4}, r"neuron j of layer 2=4 is out of range"),
    ({"log_eps": -14.0}, r"log_eps must be a number in \[-13, -1\]"),
    ({"eps_grid": [1e-3, 1e-5]}, "eps_grid must be an increasing"),
    ({"errors": {"forward": np.ones(7)}}, "errors must be a dict"),
])
def test_explorer_bad_arguments(kwargs, match):
    kwargs.setdefault("eps_grid", GRID)
    if "errors" not in kwargs and "eps_grid" in kwargs and len(kwargs["eps_grid"]) == 7:
        kwargs["errors"] = {"forward": np.ones(7), "central": np.ones(7)}
    with pytest.raises(ValueError, match=match):
        epsilon_explorer(**kwargs)


def test_best_times_side_by_side():
    import time
    fast, slow = best_times([lambda: time.sleep(0.001), lambda: time.sleep(0.03)],
                            repeat=2, min_total=0.003, timer=time.perf_counter)
    assert 0.0009 < fast < slow and 0.0299 < slow < 0.5


@pytest.mark.parametrize("sizes, forward, bp2, passes", [
    ([784, 30, 10], 23_820, 300, 47_940 / 23_820),
    ([7, 7, 7], 98, 49, 2.5),
    ([100] * 8, 70_000, 60_000, 20 / 7),
    ([2, 3], 6, 0, 2.0),
])
def test_multiplications_count_each_product(sizes, forward, bp2, passes):
    from backprop_core.speed import multiplications
    count = multiplications(sizes)
    assert count == {"forward": forward, "bp2": bp2, "bp4": forward,
                     "passes": pytest.approx(passes)}
    assert 2 <= count["passes"] < 3                     # between Nielsen's 2 and the book's 3
    # one multiplication per weight in the forward pass, as many for BP4
    assert count["forward"] == sum(w.size for w in Network(sizes, seed=0).w)
