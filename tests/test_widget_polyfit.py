"""Drive the sin(x) fit explorer headless: every control, including its extremes;
the readout equals the core's own run, formatted by the same fmt()."""
import numpy as np
import pytest

from backprop_core import polyfit
from backprop_core.widgets import fmt
from backprop_core.widgets.polyfit import polyfit_explorer

x, y = polyfit.sin_data()


def core_run(live):
    c = live.controls
    return polyfit.gradient_descent(x, y, polyfit.initial_coefficients(c["seed"].value),
                                    c["learning_rate"].value, c["steps"].value)


def assert_readout_is_core(live):
    run = core_run(live)
    t = min(live.controls["shown"].value, run.steps_done)
    theta = run.coefficients[t]
    grad = polyfit.gradients(theta, x, y)
    expected = {"t": t, "loss": polyfit.loss(theta, x, y),
                "ceiling": polyfit.learning_rate_ceiling(x),
                "eta": live.controls["learning_rate"].value}
    for p, name in enumerate(polyfit.NAMES):
        expected[name], expected[f"dL_d{name}"] = theta[p], grad[p]
        expected[f"ls_{name}"] = np.polyfit(x, y, 3)[::-1][p]
    for name, value in expected.items():
        assert live.values[name] == pytest.approx(value, rel=1e-6, abs=1e-9), name
        if name.startswith("ls_") or name.startswith("dL_d"):
            continue        # ~0 entries: fmt of 1e-17 vs 3e-17 differs; checked by value above
        assert f'data-name="{name}">{fmt(value)}<' in live.readout.value, name
    np.testing.assert_allclose(live.fit_line.get_ydata(), polyfit.predict(theta, x))
    dot_x, dot_y = live.loss_dot.get_data()
    assert dot_x[0] == t and dot_y[0] == pytest.approx(run.losses[t])
    return run


def test_default_is_the_essay_setup():
    live = polyfit_explorer()
    c = live.controls
    assert (c["learning_rate"].value, c["steps"].value) == (1e-6, 2000)
    run = assert_readout_is_core(live)
    assert live.values["t"] == 2000 and not run.diverged
    assert live.values["status"] == "descending"
    assert f'data-name="dL_db">{fmt(polyfit.gradients(run.final, x, y)[1])}<' in live.readout.value


def test_learning_rate_slider():
    live = polyfit_explorer(steps=500)
    for eta in [1e-8, 3e-7, 1e-6, 3.5e-6, 1e-5, 1e-4]:
        live.controls["learning_rate"].value = eta
        check_learning_rate(live, eta)


def check_learning_rate(live, eta):
    run = assert_readout_is_core(live)
    assert run.diverged == (eta > polyfit.learning_rate_ceiling(x))
    if run.diverged:
        assert live.values["status"] == f"diverged at step {run.steps_done + 1}"
        assert "diverged" in live.note.get_text()
        assert np.all(np.isfinite(live.loss_line.get_ydata()))
    else:
        assert live.note.get_text() == ""


def test_steps_slider():
    live = polyfit_explorer()
    for steps in [0, 100, 2000, 5000]:
        live.controls["steps"].value = steps
        assert live.controls["shown"].max == max(steps, 1) and live.values["t"] == steps
        assert_readout_is_core(live)
        assert len(live.loss_line.get_xdata()) == steps + 1


def test_seed_slider():
    live = polyfit_explorer(steps=300)
    shown = set()
    for seed in [0, 7, 20]:
        live.controls["seed"].value = seed
        assert_readout_is_core(live)
        shown.add(live.values["loss"])
    assert len(shown) == 3


@pytest.mark.parametrize("control", ["play", "shown"])
def test_play_and_step_show_the_recorded_step(control):
    live = polyfit_explorer(steps=1000)
    other = "shown" if control == "play" else "play"
    for t in [0, 1, 250, 1000]:
        live.controls[control].value = t
        assert live.controls[other].value == t            # the two are linked
        assert live.values["t"] == t
        assert_readout_is_core(live)


def test_new_run_shows_its_last_step_and_play_spans_it():
    live = polyfit_explorer(steps=1000)
    live.controls["shown"].value = 10
    live.controls["learning_rate"].value = 1e-4      # diverges at once
    run = core_run(live)
    assert live.controls["play"].max == max(run.steps_done, 1)
    assert live.values["t"] == run.steps_done
    live.controls["learning_rate"].value = 1e-6
    assert live.values["t"] == 1000 and live.controls["play"].step == 10


@pytest.mark.parametrize("kwargs,match", [({"learning_rate": 1.0}, "learning_rate"),
                                          ({"steps": -1}, "steps"),
                                          ({"steps": 6000}, "max_steps"),
                                          ({"seed": 99}, "seed"),
                                          ({"n": 1}, "n must be")])
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        polyfit_explorer(**kwargs)


def test_max_steps_is_capped_instead_of_hanging():
    """polyfit_explorer(max_steps=10**9) used to run forever; now it is refused at once."""
    import time

    from backprop_core.widgets.polyfit import MAX_STEPS
    start = time.perf_counter()
    for big in (10 ** 9, MAX_STEPS + 1):
        with pytest.raises(ValueError, match=rf"max_steps must be an integer in 1\.\.{MAX_STEPS}"):
            polyfit_explorer(max_steps=big)
    assert time.perf_counter() - start < 1.0
    live = polyfit_explorer(steps=0, max_steps=MAX_STEPS)        # the cap itself is fine
    assert live.controls["steps"].max == MAX_STEPS


@pytest.mark.parametrize("kwargs,kind,match", [
    ({"learning_rate": "1e-6"}, TypeError, "learning_rate must be a real number, got '1e-6'"),
    ({"learning_rate": 1e-6j}, TypeError, "learning_rate must be a real number"),
    ({"learning_rate": np.nan}, ValueError, r"learning_rate must be a number in \[1e-08, 0\.0001\]"),
    ({"learning_rate": 10 ** 400}, ValueError, "learning_rate must be a real number a float can hold"),
    ({"learning_rate": True}, TypeError, "learning_rate must be a real number, got True"),
    ({"steps": 2.5}, TypeError, "steps must be an integer"),
    ({"steps": True}, TypeError, "steps must be an integer"),
    ({"steps": None}, TypeError, "steps must be an integer"),
    ({"seed": -1}, ValueError, r"seed must be an integer in 0\.\.20"),
    ({"seed": "0"}, TypeError, r"seed must be an integer in 0\.\.20"),
    ({"n": 10 ** 9}, ValueError, r"n must be an integer in 4\.\.100000"),
    ({"n": 100.0}, TypeError, "n must be an integer"),
    ({"max_steps": 0}, ValueError, "max_steps must be an integer in 1"),
    ({"max_steps": "5000"}, TypeError, "max_steps must be an integer"),
])
def test_every_argument_checked(kwargs, kind, match):
    with pytest.raises(kind, match=match):
        polyfit_explorer(**kwargs)


def test_numpy_arguments_accepted():
    live = polyfit_explorer(learning_rate=np.float32(1e-6), steps=np.int64(200), seed=np.int64(3),
                            n=np.int64(100), max_steps=np.int64(1000))
    assert live.values["t"] == 200 and live.controls["seed"].value == 3
