"""Drive the activation explorer headless: the readout equals the core's numbers."""
import numpy as np
import pytest

from backprop_core.activations import SATURATION, get_activation, saturated
from backprop_core.widgets import fmt
from backprop_core.widgets.activation import activation_explorer


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
@pytest.mark.parametrize("z", [-10.0, -4.3, 0.0, 0.7, 10.0])
def test_readout_matches_core(name, z):
    live = activation_explorer()
    live.controls["activation"].value = name
    live.controls["z"].value = z
    sigma = get_activation(name)
    assert live.values["a"] == pytest.approx(float(sigma.fn(np.array(z))))
    assert live.values["prime"] == pytest.approx(float(sigma.prime(np.array(z))))
    assert f'data-name="a">{fmt(sigma.fn(np.array(z)))}<' in live.readout.value
    assert f'data-name="prime">{fmt(sigma.prime(np.array(z)))}<' in live.readout.value
    x, y = live.dot.get_data()
    assert x[0] == z and y[0] == pytest.approx(float(sigma.fn(np.array(z))))


def test_sigmoid_saturates_at_the_ends_only():
    live = activation_explorer(activations=("sigmoid",))
    assert "activation" not in live.controls
    for z, expected in [(-10.0, "yes"), (0.0, "no"), (10.0, "yes"), (3.0, "no")]:
        live.controls["z"].value = z
        assert live.values["saturated"] == expected


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_saturated_is_the_package_rule(name):
    """The verdict is activations.saturated: σ′ under 1 % of its peak (for the
    sigmoid, |z| > 5.99), at every slider position."""
    live = activation_explorer()
    live.controls["activation"].value = name
    sigma = get_activation(name)
    for z in np.arange(-10.0, 10.01, 0.1):
        live.controls["z"].value = round(float(z), 1)
        expected = saturated(sigma, live.values["z"])
        assert live.values["saturated"] == ("yes" if expected else "no")
        assert expected == (float(sigma.prime(np.array(live.values["z"])))
                            < SATURATION * sigma.peak_prime)
    if name == "sigmoid":
        live.controls["z"].value = 5.9
        assert live.values["saturated"] == "no"
        live.controls["z"].value = 6.0
        assert live.values["saturated"] == "yes"


def test_no_local_saturation_threshold():
    import backprop_core.widgets.activation as module
    import backprop_core.widgets.demon as labs
    assert not hasattr(module, "SATURATION") and not hasattr(labs, "SATURATION")


def test_unknown_activation_rejected():
    with pytest.raises(ValueError, match="unknown activation"):
        activation_explorer(activations=("sigmoid", "swish"))


@pytest.mark.parametrize("kwargs,kind,match", [
    ({"activations": ()}, ValueError, "at least one activation"),
    ({"activations": ("sigmoid", "sigmoid")}, ValueError, "lists a name twice"),
    ({"activations": ("softmax",)}, ValueError, "softmax can only be the output activation"),
    ({"activations": ("sigmoid", 3)}, TypeError, r"activation must be a name, one of \['sigmoid'"),
    ({"activations": None}, TypeError, "activations must be a list of names"),
    ({"activations": 42}, TypeError, "activations must be a list of names"),
    ({"z": "0.5"}, TypeError, "z must be a real number, got '0.5'"),
    ({"z": np.nan}, ValueError, r"z must be a number in \[-10, 10\]"),
    ({"z": 11.0}, ValueError, r"z must be a number in \[-10, 10\]"),
    ({"z": 1j}, TypeError, "z must be a real number"),
    ({"z_max": 0}, ValueError, "z_max must be a positive number"),
    ({"z_max": -3.0}, ValueError, r"z_max must be a number in \[0, 100\]"),
    ({"z_max": 1e6}, ValueError, r"z_max must be a number in \[0, 100\]"),
    ({"z_max": np.inf}, ValueError, "z_max must be a number in"),
    ({"z_max": True}, TypeError, "z_max must be a real number"),
    ({"z_max": 10 ** 400}, ValueError, "z_max must be a real number a float can hold"),
])
def test_every_argument_checked(kwargs, kind, match):
    with pytest.raises(kind, match=match):
        activation_explorer(**kwargs)


def test_names_classes_and_numpy_numbers_accepted():
    from backprop_core.activations import Tanh
    live = activation_explorer(activations=[Tanh, "relu"], z=np.float32(1.5), z_max=np.int64(5))
    assert live.controls["activation"].options == ("tanh", "relu")
    assert live.values["z"] == 1.5 and live.controls["z"].max == 5
    assert "activation" not in activation_explorer(activations="linear").controls
