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
