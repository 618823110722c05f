"""Drive the activation explorer headless: the readout equals the core's numbers."""
import numpy as np
import pytest

from backprop_core.activations import get_activation
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


def test_unknown_activation_rejected():
    with pytest.raises(ValueError, match="unknown activation"):
        activation_explorer(activations=("sigmoid", "swish"))
