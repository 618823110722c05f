"""Fuzz every public function of the core's checked modules, and Network's methods.

Each argument of each function is drawn either from a known-good value or from a
bank of odd values a reader might type (None, NaN, ±inf, 10**400, True, 'abc',
b'x', 1j, a ragged list, numpy scalars, wrong shapes, negative sizes, empty
lists, ...).  Every call must either return finite results or raise a TypeError
or ValueError (a LayerError counts) whose message is not empty: never another
exception type, never a warning (warnings are errors here), never a NaN or inf
handed back in silence.
"""
import dataclasses
import math
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from backprop_core import (Layers, Network, activations, checks, error, four_equations,
                           gradcheck, hadamard, paths, polyfit, proofs, speed, weighted_input)
from backprop_core.example import Example, check_example

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))

# ----- the bank of odd values ------------------------------------------------------
SCALARS = [None, float("nan"), float("inf"), -float("inf"), 10 ** 400, -10 ** 400, True, False,
           "abc", "0.5", "", b"x", 1j, 1 + 0j, np.float32(1), np.int64(2), np.float64(-0.0),
           np.bool_(True), -1, 0, 1, 2, 3, 2.5, -1e-300, 1e-300, 1e300, -1e300, 1e308,
           np.complex128(1), Ellipsis, object(), len]
ARRAYS = [[[1, 2], [3]], [], [[]], [1, 2, 3], [[1.0], [2.0]], [True, 1.0], [[b"x"]], [None],
          [10 ** 400, 1], ["0.5", 1], [1j, 2], np.ones((2, 2)), np.ones((3, 1)), np.ones(3),
          np.zeros((0, 1)), np.full((3, 1), 1e300), np.full((3, 1), -1e308), np.ones((3, 1), bool),
          np.array([["a"], ["b"], ["c"]]), np.ones((3, 1), complex), np.ones((1, 3)),
          np.array([[np.nan], [0.0], [1.0]]), np.ones((3, 1, 1)), np.float32([[1], [2], [3]]),
          (1, 2), {1: 2}, {1, 2}, range(3)]
ODD = st.one_of(
    st.sampled_from(SCALARS + ARRAYS),
    st.floats(), st.integers(-10 ** 6, 10 ** 6), st.integers(-10 ** 500, 10 ** 500),
    st.lists(st.floats(), max_size=5),
    hnp.arrays(np.float64, hnp.array_shapes(min_dims=0, max_dims=3, max_side=4),
               elements=st.floats(width=64)))


def arguments(*good):
    """Each argument: its good value or, often, an odd one."""
    return st.tuples(*[st.one_of(st.just(g), ODD) for g in good])


def finite_everywhere(value, depth=0):
    """True if every number inside ``value`` (arrays, lists, dicts, dataclasses) is finite."""
    if depth > 6 or value is None or isinstance(value, (str, bytes, bool, Network, Example)):
        return True
    if isinstance(value, int):
        return True
    if isinstance(value, (float, np.number)):
        return bool(np.isfinite(value))
    if isinstance(value, np.ndarray):
        return value.dtype.kind not in "fc" or bool(np.all(np.isfinite(value)))
    if isinstance(value, dict):
        return all(finite_everywhere(v, depth + 1) for v in value.values())
    if isinstance(value, (list, tuple, Layers)):
        return all(finite_everywhere(v, depth + 1) for v in value)
    if dataclasses.is_dataclass(value):
        return all(finite_everywhere(getattr(value, f.name), depth + 1)
                   for f in dataclasses.fields(value))
    return True


def call_is_clean(fn, args, kwargs=None, allow_inf=False):
    """Run fn(*args): finite results or a TypeError/ValueError with a message, no warning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            out = fn(*args, **(kwargs or {}))
        except (TypeError, ValueError) as err:
            assert str(err).strip(), f"{fn.__name__}{args!r} raised {type(err).__name__} without a message"
            return None
        except Exception as err:                      # noqa: BLE001 - that is the test
            pytest.fail(f"{fn.__module__}.{fn.__name__} raised {type(err).__name__}: {err}\n"
                        f"  args = {args!r}")
    if not allow_inf:
        assert finite_everywhere(out), f"{fn.__name__}{args!r} returned non-finite {out!r}"
    return out


# ----- good values -----------------------------------------------------------------
def new_net(activation="sigmoid"):
    return Network([3, 4, 2], activation=activation, seed=0)


X1, Y1 = np.array([[0.5], [-0.2], [0.1]]), np.array([[1.0], [0.0]])
X3, Y3 = np.ones((3, 3)) * 0.3, np.ones((2, 3)) * 0.5


def good_ex():
    return new_net().example(X1, Y1)


# ----- Network ---------------------------------------------------------------------
@SETTINGS
@given(arguments([3, 4, 2], "sigmoid", None, "quadratic", 0))
def test_network_constructor(args):
    call_is_clean(Network, args)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@pytest.mark.parametrize("method", ["feedforward", "example", "backprop", "cost", "deltas",
                                    "backprop_batch", "forward_pass", "accuracy"])
@SETTINGS
@given(data=st.data())
def test_network_methods(activation, method, data):
    net = new_net(activation)
    fn = getattr(net, method)
    if method in ("feedforward", "forward_pass"):
        args = data.draw(arguments(X1))
    elif method == "accuracy":
        args = data.draw(arguments(X3, [0, 1, 1]))
    else:
        args = data.draw(arguments(X1, Y1))
    out = call_is_clean(fn, args)
    if method == "example" and out is not None:
        assert finite_everywhere([out.cost, *out.delta, *out.nabla_w, *out.nabla_b])


@SETTINGS
@given(arguments(1, 1, 0.5, 0))
def test_network_sgd_arguments(args):
    net = new_net()
    epochs, batch, eta, seed = args
    call_is_clean(net.SGD, ((X3, Y3), epochs, batch, eta), {"seed": seed, "progress": False})


@SETTINGS
@given(arguments(X3, Y3, 0.5))
def test_network_update_mini_batch(args):
    call_is_clean(new_net().update_mini_batch, args)


@SETTINGS
@given(ODD)
def test_network_sigma(l):
    call_is_clean(new_net().sigma, (l,))


# ----- checks ------------------------------------------------------------------------
CHECKS = [
    (checks.as_columns, (X1, 3, "x")), (checks.pair, (X1, Y1, 3, 2)), (checks.layer, (2, 3)),
    (checks.layer_number, (1, 3)), (checks.index, (0, 3, "j")), (checks.sizes, ([3, 2],)),
    (checks.one_column, (X1, 3, "v")), (checks.one_example, (X1, Y1, 3, 2, "it")),
    (checks.neuron, ([3, 4, 2], 2, 0)), (checks.weight, ([3, 4, 2], 2, 0, 1)),
    (checks.real, (1.5, "v")), (checks.finite, (1.5, "v")), (checks.positive, (1.5, "v")),
    (checks.in_range, (0.5, "v", 0, 1)), (checks.integer, (3, "n", 0, 10)),
    (checks.count, (3, "n")), (checks.seed, (0,)), (checks.real_array, (X1, "x")),
    (checks.one_number, (1.5, "v")), (check_example, (None, "it")),
]


@pytest.mark.parametrize("fn,good", CHECKS, ids=[f.__name__ for f, _ in CHECKS])
@SETTINGS
@given(data=st.data())
def test_checks(fn, good, data):
    if fn is check_example:
        good = (good_ex(), "it")
    call_is_clean(fn, data.draw(arguments(*good)), allow_inf=fn is checks.real)  # real: NaN too


@pytest.mark.parametrize("value", [np.float32(0.001), np.float64(0.5), np.int64(3), np.int8(1),
                                   np.array(0.25), 7, 0.5])
def test_numpy_and_python_numbers_are_accepted(value):
    assert checks.positive(value, "eta") == float(value)
    assert checks.finite(value, "x") == float(value)


@pytest.mark.parametrize("seed", [None, 0, 7, np.int64(3), 2 ** 70])
def test_seeds_that_are_accepted(seed):
    assert checks.seed(seed) == (None if seed is None else int(seed))


# ----- activations -------------------------------------------------------------------
ACTIVATION_FUNCTIONS = [
    (activations.saturated, ("sigmoid", 0.5)), (activations.get_activation, ("tanh", False)),
    (activations.as_activation, ("relu", "sigma")), (activations.sigmoid, (X1,)),
    (activations.sigmoid_prime, (X1,)),
]


@pytest.mark.parametrize("fn,good", ACTIVATION_FUNCTIONS,
                         ids=[f.__name__ for f, _ in ACTIVATION_FUNCTIONS])
@SETTINGS
@given(data=st.data())
def test_activation_functions(fn, good, data):
    call_is_clean(fn, data.draw(arguments(*good)))


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "softmax"])
@SETTINGS
@given(z=st.lists(st.floats(-1e308, 1e308, allow_nan=False), min_size=1, max_size=5))
def test_bounded_activations_finite_at_extremes(name, z):
    """σ, σ′ and ∂C/∂z stay finite, warning-free, for any finite z (relu/linear are unbounded)."""
    sigma = activations.ACTIVATIONS[name]
    column = np.array(z).reshape(-1, 1)
    call_is_clean(sigma.fn, (column,))
    call_is_clean(sigma.backward, (column, np.ones_like(column)))
    if name != "softmax":
        call_is_clean(sigma.prime, (column,))


# ----- gradcheck ---------------------------------------------------------------------
@SETTINGS
@given(arguments(lambda v: np.sum(np.asarray(v) ** 2), np.array([1.0, 2.0]), 1e-6))
def test_central_differences(args):
    call_is_clean(gradcheck.central_differences, args)


@pytest.mark.parametrize("f", [lambda v: "abc", lambda v: np.nan, lambda v: [[1, 2], [3]],
                               lambda v: 1j, lambda v: None, lambda v: 10 ** 400,
                               lambda v: np.ones(int(abs(float(np.sum(v)))) % 3 + 1)])
def test_central_differences_of_odd_functions(f):
    call_is_clean(gradcheck.central_differences, (f, np.array([1.0, 2.0])))


@SETTINGS
@given(arguments(X1, Y1, 1e-6, "central"))
def test_numerical_gradient(args):
    call_is_clean(gradcheck.numerical_gradient, (new_net(), *args))


@SETTINGS
@given(arguments(X1, Y1, 1e-6))
def test_gradient_check(args):
    call_is_clean(gradcheck.gradient_check, (new_net(), *args))


@SETTINGS
@given(arguments(np.ones((3, 1)), np.ones((3, 1))))
def test_relative_error(args):
    call_is_clean(gradcheck.relative_error, args)


def test_relative_error_refuses_different_shapes_and_layers():
    with pytest.raises(ValueError, match=r"\(3,\).*\(3, 1\)"):
        gradcheck.relative_error(np.ones(3), np.ones((3, 1)))
    a, b = new_net().b, Layers([np.ones((4, 1))], 2, "b^l")
    with pytest.raises(ValueError, match="layers 2..3 but b has layers 2..2"):
        gradcheck.relative_error(a, b)
    with pytest.raises(ValueError, match=r"\(2, 1\).*\(3, 1\) at item 1"):
        gradcheck.relative_error([np.ones((4, 1)), np.ones((2, 1))],
                                 [np.ones((4, 1)), np.ones((3, 1))])
    assert gradcheck.relative_error(np.full(3, 1e300), np.full(3, 1e300)) == 0.0
    assert gradcheck.relative_error(np.full(2, 1e300), np.full(2, -1e300)) == pytest.approx(1.0)


# ----- polyfit -------------------------------------------------------------------------
PX, PY = polyfit.sin_data(50)
THETA = np.array([0.1, 1.0, 0.0, -0.15])
POLYFIT = [
    (polyfit.sin_data, (50,)), (polyfit.features, (PX,)), (polyfit.initial_coefficients, (0,)),
    (polyfit.predict, (THETA, PX)), (polyfit.loss, (THETA, PX, PY)),
    (polyfit.gradients, (THETA, PX, PY)), (polyfit.numerical_gradients, (THETA, PX, PY, 1e-5)),
    (polyfit.least_squares, (PX, PY)), (polyfit.hessian, (PX,)),
    (polyfit.hessian_eigenvalues, (PX,)), (polyfit.learning_rate_ceiling, (PX,)),
    (polyfit.condition_number, (PX,)), (polyfit.gradient_descent, (PX, PY, THETA, 1e-3, 50)),
    (polyfit.remaining_error_factors, (PX, 1e-3, 50)),
]


@pytest.mark.parametrize("fn,good", POLYFIT, ids=[f.__name__ for f, _ in POLYFIT])
@SETTINGS
@given(data=st.data())
def test_polyfit(fn, good, data):
    # remaining_error_factors may be inf: above the ceiling they grow without bound
    call_is_clean(fn, data.draw(arguments(*good)),
                  allow_inf=fn is polyfit.remaining_error_factors)


@pytest.mark.parametrize("fn", [polyfit.hessian, polyfit.hessian_eigenvalues,
                                polyfit.learning_rate_ceiling, polyfit.condition_number])
@pytest.mark.parametrize("x", [[1.0] * 4, [1.0, 2.0], [0.0, 1.0, 1.0, 0.0, 2.0], [5.0]])
def test_polyfit_needs_four_distinct_points(fn, x):
    with pytest.raises(ValueError, match="at least 4 distinct x values"):
        fn(x)


@SETTINGS
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=8))
def test_condition_number_is_at_least_one(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            kappa = polyfit.condition_number(x)
        except ValueError as err:
            assert "distinct" in str(err)
            return
    assert kappa >= 1.0 - 1e-9


# ----- the other modules --------------------------------------------------------------
def ex_factory():
    return good_ex()


OTHERS = [
    (proofs.output_jacobian, ("EX", 1e-6)), (proofs.bp1_terms, ("EX", 0, 1e-6)),
    (proofs.dz_next_dz, ("EX", 2, 1e-6)), (proofs.dz_next_dz_formula, ("EX", 2)),
    (proofs.bp2_terms, ("EX", 2, 0, 1e-6)), (proofs.delta_numeric, ("EX", 2, 1e-6)),
    (proofs.calculus_first, ("EX",)), (proofs.independence_facts, ("EX", 2, 0, 1, 1e-6)),
    (paths.number_of_weights, ([3, 4, 2],)), (paths.count_paths, ([3, 4, 2], 2, False, "a")),
    (paths.jacobian, (activations.Sigmoid, X1)), (paths.rate_factors, ("EX", 2, 0, 1, "z")),
    (paths.enumerate_paths, ("EX", 2, 0, 1, "a", 100)), (paths.path_sum, ("EX", 2, 0, 1, "a", 100)),
    (paths.largest, ("PATHS", 2)), (paths.edge_flows, ("PATHS",)),
    (hadamard.hadamard, (X1, X1)), (hadamard.Sigma_prime, (X1, "sigmoid")),
    (hadamard.deltas_diagonal_form, ("EX",)), (hadamard.delta_unrolled, ("EX", 2)),
    (four_equations.bp1, ("EX",)), (four_equations.bp2, (np.ones((2, 4)), np.ones((2, 1)),
                                                        np.ones((4, 1)), "sigmoid")),
    (four_equations.bp3, (X1,)), (four_equations.bp4, (np.ones((2, 1)), np.ones((4, 1)))),
    (four_equations.deltas, ("EX",)), (four_equations.gradient, ("EX",)),
    (four_equations.entry_error, (X1, X1, 1e-8)), (four_equations.comparison, ("EX", 1e-6)),
    (four_equations.max_errors, ([{"equation": "BP1", "error": 0.1}],)),
    (weighted_input.z_neuron_by_neuron, (np.ones((2, 3)), X1, np.ones((2, 1)))),
    (weighted_input.z_matrix, (np.ones((2, 3)), X1, np.ones((2, 1)))),
    (error.dC_dz_numerical, ("EX", 2, 0, 1e-6)), (error.delta_numerical, ("EX", 2, 1e-6)),
    (error.cost_with_z_nudged, ("EX", 2, 0, 0.1)),
    (speed.number_of_parameters, ([3, 4, 2],)), (speed.forward_passes_needed, ([3, 4, 2], "central")),
    (speed.count_cost_evaluations, ("NET", X1, Y1, "forward", 1e-6)),
    (speed.error_vs_eps, ("NET", X1, Y1, [1e-3, 1e-5], "forward")),
    (speed.fitted_slope, ([1.0, 10.0, 100.0], [2.0, 20.0, 200.0])),
    (speed.error_slopes, (np.logspace(-10, -1, 10), np.logspace(-10, -1, 10) ** 2 + 1e-12, 10.0)),
    (speed.best_time, (lambda: None, 1, 0.0)), (speed.best_times, ([lambda: None], 1, 0.0)),
    (speed.network_with_weights, (20, 3, 0)), (speed.race, ([10], 100, 3, 0, 1)),
]


def _resolve(good):
    net = new_net()
    ex = net.example(X1, Y1)
    table = {"EX": ex, "NET": net, "PATHS": paths.enumerate_paths(ex, 2, 0, 1)}
    return tuple(table[g] if isinstance(g, str) and g in table else g for g in good)


@pytest.mark.parametrize("fn,good", OTHERS, ids=[f"{f.__module__.split('.')[-1]}.{f.__name__}"
                                                 for f, _ in OTHERS])
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_other_public_functions(fn, good, data):
    args = data.draw(arguments(*_resolve(good)))
    call_is_clean(fn, args)


# ----- the two widgets' builders ------------------------------------------------------
@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(arguments(polyfit.LEARNING_RATE, 200, 0, 100, 1000))
def test_polyfit_explorer_arguments(args):
    from backprop_core.widgets.polyfit import polyfit_explorer
    import matplotlib.pyplot as plt
    try:
        call_is_clean(polyfit_explorer, args)
    finally:
        plt.close("all")


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(arguments(("sigmoid", "tanh"), 0.5, 10.0))
def test_activation_explorer_arguments(args):
    from backprop_core.widgets.activation import activation_explorer
    import matplotlib.pyplot as plt
    try:
        call_is_clean(activation_explorer, args)
    finally:
        plt.close("all")


def test_no_math_domain_surprises():
    """The bank itself holds what it claims (a guard against a silently tamed bank)."""
    assert any(isinstance(v, int) and not isinstance(v, bool) and abs(v) > 1e308 for v in SCALARS)
    assert any(isinstance(v, float) and math.isnan(v) for v in SCALARS)
