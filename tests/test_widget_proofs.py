"""The chain-rule terms figure of chapter 4, driven by its controls."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.widgets.proofs import chain_rule_terms


def test_the_terms_add_up_to_delta_for_every_neuron_and_input():
    live = chain_rule_terms()
    net = Network([3, 4, 3, 2], seed=2)
    for x0 in (-2.0, 0.0, 1.5):
        live.controls["x0"].value = x0
        for l in (2, 3, 4):
            live.controls["l"].value = l
            for j in range(net.n[l]):
                live.controls["j"].value = j
                v = live.values
                ex = net.example(np.array([[x0], [-0.3], [0.8]]), np.array([[1.0], [0.0]]))
                assert v["delta"] == ex.delta[l][j, 0]
                assert v["sum"] == pytest.approx(v["delta"], rel=1e-6, abs=1e-10)
                assert v["count"] == (net.n[l + 1] if l < net.L else net.n[net.L])
                shown = [b.get_height() for b in live.bars if b.get_visible()]
                assert np.allclose(shown, v["terms"]) and len(shown) == v["count"]
                assert live.total.get_height() == v["sum"]
                assert v["equation"].startswith("BP1" if l == net.L else "BP2")


def test_the_figure_breaks_if_a_term_is_wrong(monkeypatch):
    from backprop_core import proofs
    live = chain_rule_terms()
    monkeypatch.setattr(proofs, "bp2_terms", lambda ex, l, j: np.zeros(3))
    live.controls["x1"].value = 0.5
    assert live.values["sum"] != pytest.approx(live.values["delta"], rel=1e-6)


@pytest.mark.parametrize("kwargs,match", [(dict(x=(3.0, 0.0, 0.0)), r"\[-2, 2\]"),
                                          (dict(x=(1.0,)), "input x"),
                                          (dict(l=1), "expected 2..4"),
                                          (dict(j=9), "out of range"),
                                          (dict(x_max=0), "x_max")])
def test_bad_arguments_get_a_clear_message(kwargs, match):
    with pytest.raises(ValueError, match=match):
        chain_rule_terms(**kwargs)
