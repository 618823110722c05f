"""The numbers chapter 0's text states, recomputed with the engine from the page's inputs.

The page prints these numbers and says how they relate; these tests keep the
prose (written for the default inputs) true."""
import numpy as np
import pytest

from backprop_core.activations import saturated
from backprop_core.widgets.gradient_step import GradientSteps, gradient_steps


def test_the_sigmoid_saturates_beyond_about_six():
    # "Is the page live?": σ′(z) < 1 % of σ′(0) where |z| > about 6
    z = np.linspace(0, 10, 100_001)
    edge = z[saturated("sigmoid", z)].min()
    assert round(edge) == 6
    assert not saturated("sigmoid", 5.9) and saturated("sigmoid", 6.0)


@pytest.fixture(scope="module")
def figure():
    # "Why we want ∂C/∂w": gradient_steps(eta=0.1, steps=10)
    return gradient_steps(eta=0.1, steps=10)


def test_ten_small_steps_crawl_from_about_1_82_to_0_70(figure):
    assert figure.values["C0"] == pytest.approx(1.82, abs=0.005)
    assert figure.values["C"] == pytest.approx(0.70, abs=0.005)


def test_eta_one_reaches_the_bottom_and_eta_2_2_climbs(figure):
    start = figure.cost_at(figure.start)
    assert figure.cost_at(figure.walk(1.0, 10)[-1]) < 0.01 * start
    assert figure.cost_at(figure.walk(2.2, 10)[-1]) > start


def test_steps_diverge_above_about_1_92(figure):
    # the bowl's steepest curvature λ_max: its Hessian is (1/m) Σ x xᵀ (a linear neuron)
    X = figure.X
    lam_max = np.linalg.eigvalsh(X @ X.T / X.shape[1]).max()
    assert 2 / lam_max == pytest.approx(1.92, abs=0.005)
    start = figure.cost_at(figure.start)
    assert figure.cost_at(figure.walk(1.90, 40)[-1]) < start
    assert figure.cost_at(figure.walk(1.94, 40)[-1]) > start
    assert isinstance(figure, GradientSteps)
