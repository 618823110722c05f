"""Every exercise checker of chapters 00–11, against a bank of odd answers and
against answers drawn by hypothesis: each must return a bool (None for ``...``),
print exactly one line (PASS / FAIL / "Your turn"), raise nothing, warn nothing,
and never PASS an odd answer.

The checkers are discovered, not listed: every public ``check_*`` function of
every ``backprop_core.exercises.chNN_*`` module (NN = 00..11).  One that needs
arguments besides the answer gets them from ``EXTRA`` (as the chapters call it);
a new checker whose arguments are not all defaulted fails here until it is added.
"""
import importlib
import itertools
import inspect
import pkgutil
import re
from pathlib import Path
import warnings
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import backprop_core.exercises as exercises
from backprop_core import Network
from backprop_core.activations import Softmax
from backprop_core.widgets import demon as labs

# ----- the checkers ---------------------------------------------------------------
MODULES = sorted(m.name for m in pkgutil.iter_modules(exercises.__path__)
                 if re.fullmatch(r"ch\d\d_\w+", m.name))

#: Checkers whose answer is not their first argument, called as a chapter calls them.
ANSWER_SECOND = {"ch13_debugging_backprop.check_diagnosis": ("A",)}
#: Checkers that print one line per part and then their verdict.
PER_PART = {"ch13_debugging_backprop.check_diagnoses"}


def _checkers():
    found = {}
    for name in MODULES:
        module = importlib.import_module(f"backprop_core.exercises.{name}")
        for fn_name, fn in vars(module).items():
            if (fn_name.startswith("check_") and inspect.isfunction(fn)
                    and fn.__module__ == module.__name__):
                key = f"{name}.{fn_name}"
                first = ANSWER_SECOND.get(key)
                found[key] = fn if first is None else (
                    lambda answer, *a, fn=fn, first=first, **k: fn(*first, answer, *a, **k))
    return found


CHECKERS = _checkers()


def _example(sizes=(2, 3, 2), x=(0.5, 0.1), y=(1.0, 0.0), **kind):
    net = Network(list(sizes), seed=0, **kind)
    return net.example(np.array(x, dtype=float).reshape(-1, 1),
                       np.array(y, dtype=float).reshape(-1, 1))


def _tiny_three():
    return _example((1, 1, 1), (0.8,), (0.2,))


LAB = Network(list(labs.SIZES), seed=labs.SEED).example(labs.X, labs.Y)
RNG = np.random.default_rng(4)
A_OUT = Softmax.fn(np.array([[0.5], [-1.0], [2.0], [0.0]]))
Y_OUT = np.array([[0.0], [0.0], [1.0], [0.0]])

#: The arguments after the answer, as the chapters pass them (chapters/*.md).
EXTRA = {
    "ch01_notation.check_weighted_input": (([[0.5, -1.0], [2.0, 0.25]], [[1.0], [2.0]],
                                            [[0.5], [-1.0]]), {"j": 0}),
    "ch03_four_equations.check_delta_L": ((_example((2, 2)),), {}),
    "ch03_four_equations.check_dC_dw": ((_example((2, 2)),), {"l": 2}),
    # ΔC < 0 at (l=3, j=0, Δz=1.0) on the lab's network, so a stray True or 1 is wrong
    "ch06_demon.check_sign": ((LAB,), {"l": 3, "j": 0, "dz": 1.0}),
    "ch06_demon.check_miss_point": ((LAB,), {"l": 3, "j": 0}),
    "ch06_demon.check_dC_dw": ((LAB,), {"l": 3, "j": 2, "k": 0}),
    "ch06_demon.check_never_saturates": ((labs.SIZES, labs.SEED, labs.X, labs.Y),
                                         {"l": 3, "j": 0}),
    "ch07_algorithm.check_updates_per_epoch": ((1003, 10), {}),
    "ch07_algorithm.check_linear_delta": ((_example((3, 4, 2), (0.5, -1.0, 2.0),
                                                    activation="linear",
                                                    output_activation="linear"),), {}),
    "ch07_algorithm.check_batch_weight_gradient": ((RNG.standard_normal((10, 5)),
                                                    RNG.random((30, 5))), {}),
    "ch08_why_fast.check_order": ((), {"method": "central"}),
    "ch09_big_picture.check_last_layer_gradient": ((_example((2, 3, 3, 2)),),
                                                   {"j": 1, "k": 0}),
    "ch10_softmax.check_output_delta": ((A_OUT, Y_OUT), {}),
    "ch10_softmax.check_log_likelihood": ((A_OUT, 2), {}),
    "ch10_softmax.check_hidden_delta": ((_example(output_activation="softmax",
                                                  cost="log_likelihood"),), {}),
    "ch11_educational.check_weight_change_w3": ((_tiny_three(), 0.5), {}),
    "ch11_educational.check_weight_change_w2": ((_tiny_three(), 0.5), {}),
    "ch11_educational.check_delta_a_matrix": ((np.array([0.3, -0.2]),
                                               np.array([0.1, 0.5, 0.9])), {}),
}


def _arguments(name):
    if name in EXTRA:
        return EXTRA[name]
    if name in ANSWER_SECOND:
        return (), {}
    params = list(inspect.signature(CHECKERS[name]).parameters.values())[1:]
    missing = [p.name for p in params if p.default is inspect.Parameter.empty]
    assert not missing, (f"{name} needs {missing}: add the arguments a chapter passes "
                         "to EXTRA in tests/test_exercises_fuzz.py")
    return (), {}


def _raises(*args):
    raise RuntimeError("the reader's function broke")


def _generator(*args):
    yield 1.0


class _Broken:
    """An object that breaks whatever is done with it: numpy conversion, len, repr."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array")

    def __len__(self):
        raise RuntimeError("no len")

    def __iter__(self):
        raise RuntimeError("no iter")

    def __repr__(self):
        raise RuntimeError("no repr")


#: Odd answers, each made fresh for every call (a generator is used up once read).
ODD = {
    "None": lambda: None, "Ellipsis": lambda: ..., "nan": lambda: float("nan"),
    "inf": lambda: float("inf"), "-inf": lambda: -float("inf"),
    "10**400": lambda: 10**400, "-10**400": lambda: -10**400,
    "True": lambda: True, "False": lambda: False, "np.True_": lambda: np.True_,
    "0": lambda: 0, "abc": lambda: "abc", "empty str": lambda: "", "'0.5'": lambda: "0.5",
    "b'1'": lambda: b"1", "[b'1']": lambda: [b"1"], "[b'\\xff']": lambda: [b"\xff"],
    "1j": lambda: 1j, "[1j]": lambda: [1j], "np.complex128": lambda: np.complex128(1 + 1j),
    "ragged": lambda: [[1, 2], [3]], "[]": lambda: [], "{}": lambda: {}, "set()": lambda: set(),
    "object()": lambda: object(), "np.float32(1)": lambda: np.float32(1),
    "[nan]": lambda: np.array([np.nan]), "[[inf]]": lambda: [[np.inf]],
    "[True, False]": lambda: [True, False], "['1', '2']": lambda: ["1", "2"],
    "[10**400]": lambda: [10**400], "3-d": lambda: np.zeros((2, 3, 4)),
    "empty array": lambda: np.zeros((0, 3)), "ones(7)": lambda: np.ones(7),
    "complex array": lambda: np.array([1 + 2j, 3]), "generator": lambda: (v for v in [1.0, 2.0]),
    "fn raises": lambda: _raises, "fn None": lambda: (lambda *a: None),
    "fn nan": lambda: (lambda *a: float("nan")), "fn str": lambda: (lambda *a: "abc"),
    "fn no params": lambda: (lambda: 1.0), "fn too many": lambda: (lambda a, b, c, d, e, f: 1),
    "fn 10**400": lambda: (lambda *a: 10**400), "fn [1j]": lambda: (lambda *a: [1j]),
    "fn ragged": lambda: (lambda *a: [[1, 2], [3]]), "fn bytes": lambda: (lambda *a: [b"\xff"]),
    "fn generator": lambda: _generator, "fn pair of odd": lambda: (lambda *a: ("abc", [1j])),
    "fn list of ragged": lambda: (lambda *a: [[[1, 2], [3]]] * 3),
    "infinite iterator": lambda: itertools.count(), "broken object": lambda: _Broken(),
    "longdouble 1e4000": lambda: np.longdouble("1e4000"), "Fraction": lambda: Fraction(7, 3),
    "Decimal": lambda: Decimal("0.5"), "newline str": lambda: "+\nPASS", "np.str_": lambda: np.str_("x"),
    "long list": lambda: list(range(10_000)), "nested deep": lambda: [[[[[[1.0]]]]]],
    "fn infinite iterator": lambda: (lambda *a: itertools.count()),
    "fn broken object": lambda: (lambda *a: _Broken()), "fn pair broken": lambda: (lambda *a: (_Broken(), _Broken())),
    "fn dict": lambda: (lambda *a: {}), "fn complex array": lambda: (lambda *a: np.ones(4) * 1j),
}


def verdict(name, answer, capsys):
    """Run one checker on one answer; assert the shape of its verdict; return it."""
    args, kwargs = _arguments(name)
    capsys.readouterr()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CHECKERS[name](answer, *args, **kwargs)
    printed = capsys.readouterr()
    assert not caught, f"{name} warned: {[str(w.message) for w in caught]}"
    assert printed.err == ""
    lines = printed.out.splitlines()
    if name in PER_PART and len(lines) > 1:
        assert all(line.strip() for line in lines), printed.out
        lines = lines[-1:]
    assert len(lines) == 1, f"{name} printed {printed.out!r}"
    if result is None:
        assert lines[0].startswith("Your turn"), lines
    else:
        assert type(result) is bool, f"{name} returned {result!r}"
        assert lines[0].startswith("PASS: " if result else "FAIL: "), lines
        assert len(lines[0]) > len("FAIL: ")
    return result


# ----- the bank ------------------------------------------------------------------------
def test_every_chapter_has_checkers():
    chapters = {name.split(".")[0] for name in CHECKERS}
    pages = {p.stem for p in (Path(__file__).resolve().parent.parent / "chapters").glob("[0-9][0-9]_*.md")}
    assert {m[2:4] for m in MODULES} == {p[:2] for p in pages}
    assert chapters == set(MODULES)


def odd_answer_failures(name, capsys):
    """Every odd answer of the bank given to one checker: the cases it got wrong,
    each as "odd answer: what went wrong" (all of them, not just the first)."""
    failures = []
    for odd in sorted(ODD):
        try:
            result = verdict(name, ODD[odd](), capsys)
            assert result is not True, "an odd answer passed"
            if odd == "Ellipsis":
                assert result is None, "judged ... instead of saying it is the reader's turn"
        except Exception as err:  # noqa: BLE001 - every failing case is reported, below
            failures.append(f"{odd}: {type(err).__name__}: {str(err).splitlines()[0][:300]}")
    return failures


@pytest.mark.parametrize("name", sorted(CHECKERS))
def test_odd_answers_get_a_fail_or_your_turn(name, capsys):
    """One test per checker, looping over the bank (folded from one test per
    checker and answer); a failure names every odd answer that went wrong."""
    failures = odd_answer_failures(name, capsys)
    assert not failures, (f"{name} mishandled {len(failures)} of {len(ODD)} odd answers:\n  "
                          + "\n  ".join(failures))


# ----- drawn by hypothesis ---------------------------------------------------------------
_leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(),
                    st.complex_numbers(), st.text(max_size=5), st.binary(max_size=3),
                    st.just(...), st.integers(min_value=10**308, max_value=10**500))
ANSWERS = st.one_of(
    st.sampled_from(sorted(ODD)).map(lambda key: ODD[key]()),
    _leaves,
    st.recursive(_leaves, lambda inner: st.lists(inner, max_size=4)
                 | st.tuples(inner, inner), max_leaves=12),
    hnp.arrays(st.sampled_from([np.float64, np.float32, np.int64, np.bool_, np.complex128]),
               hnp.array_shapes(min_dims=0, max_dims=3, max_side=4)),
    st.builds(lambda v: (lambda *a: v), _leaves),
    st.builds(lambda shape: (lambda *a: np.full(shape, 0.5)),
              hnp.array_shapes(min_dims=0, max_dims=2, max_side=4)),
)


@pytest.mark.parametrize("name", sorted(CHECKERS))
@settings(max_examples=40, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answer=ANSWERS)
def test_any_answer_gets_a_verdict(name, answer, capsys):
    verdict(name, answer, capsys)
