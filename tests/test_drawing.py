"""draw_network / highlight_weight: positions follow the book's numbering."""
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.drawing import draw_network, highlight_weight, neuron_position
from backprop_core.layers import Layers
from backprop_core.widgets.base import new_figure


def test_positions_edges_and_neurons():
    sizes = [3, 5, 2]
    fig, ax = new_figure()
    art = draw_network(ax, sizes)
    assert len(art.positions) == sum(sizes)
    assert len(art.edges) == 3 * 5 + 5 * 2
    for l, n in enumerate(sizes, start=1):
        ys = [art.positions[(l, j)][1] for j in range(n)]
        assert all(art.positions[(l, j)][0] == l for j in range(n))
        assert ys == sorted(ys, reverse=True)               # neuron 0 on top
        assert np.isclose(np.mean(ys), 0.0)                 # every column centred
        np.testing.assert_allclose(art.neurons[l].get_offsets(),
                                   [art.positions[(l, j)] for j in range(n)])
    for (l, j, k), line in art.edges.items():
        xs, ys = line.get_data()
        assert (xs[0], ys[0]) == art.positions[(l - 1, k)]
        assert (xs[1], ys[1]) == art.positions[(l, j)]


@pytest.mark.parametrize("l,j,k", [(2, 0, 0), (2, 4, 2), (3, 1, 4), (3, 0, 0)])
def test_highlight_joins_k_of_previous_layer_to_j(l, j, k):
    sizes = [3, 5, 2]
    fig, ax = new_figure()
    art = draw_network(ax, sizes)
    highlight_weight(art, l, j, k)
    xs, ys = art.highlight.get_data()
    assert (xs[0], ys[0]) == neuron_position(sizes, l - 1, k)
    assert (xs[1], ys[1]) == neuron_position(sizes, l, j)
    np.testing.assert_allclose(art.ends.get_offsets(),
                               [neuron_position(sizes, l - 1, k), neuron_position(sizes, l, j)])


def test_weights_set_width_and_sign_colour():
    w2 = np.array([[1.0, -3.0]])
    fig, ax = new_figure()
    art = draw_network(ax, [2, 1], weights=[w2])
    assert art.edges[(2, 0, 0)].get_color() == "tab:blue"
    assert art.edges[(2, 0, 1)].get_color() == "tab:orange"
    assert art.edges[(2, 0, 1)].get_linewidth() > art.edges[(2, 0, 0)].get_linewidth()


def test_weights_as_net_w_or_a_list_in_layer_order():
    net = Network([3, 4, 2], seed=7)
    styles = []
    for weights in (net.w, list(net.w), tuple(net.weights)):
        fig, ax = new_figure()
        art = draw_network(ax, net.sizes, weights=weights)
        styles.append({key: (line.get_color(), line.get_linewidth())
                       for key, line in art.edges.items()})
    assert styles[0] == styles[1] == styles[2]
    for (l, j, k), (color, _) in styles[0].items():         # edge (l, j, k) shows w^l_jk
        assert color == ("tab:blue" if net.w[l][j, k] >= 0 else "tab:orange")
    biggest = max(np.max(np.abs(w)) for w in net.w)
    l, j, k = max(styles[0], key=lambda key: abs(net.w[key[0]][key[1], key[2]]))
    assert abs(net.w[l][j, k]) == biggest and styles[0][(l, j, k)][1] == pytest.approx(3.0)


def test_bad_input_is_a_clear_value_error():
    fig, ax = new_figure()
    with pytest.raises(ValueError, match="expected"):
        draw_network(ax, [2, 3], weights=[np.ones((2, 3))])
    with pytest.raises(ValueError, match=r"expected \[\(3, 2\), \(1, 3\)\]"):
        draw_network(ax, [2, 3, 1], weights=[np.ones((3, 2))])          # w^3 missing
    with pytest.raises(ValueError, match="l = 2..L"):
        draw_network(ax, [2, 3], weights=Layers([np.ones((3, 2))], 1, "w^l"))
    with pytest.raises(ValueError, match="layer order"):
        draw_network(ax, [2, 3], weights=np.ones((3, 2)))
    art = draw_network(ax, [2, 3])
    with pytest.raises(ValueError, match=r"expected 2\.\.2"):
        highlight_weight(art, 1, 0, 0)
    with pytest.raises(ValueError, match=r"j.*expected 0\.\.2"):
        highlight_weight(art, 2, 3, 0)
    with pytest.raises(ValueError, match=r"k.*expected 0\.\.1"):
        highlight_weight(art, 2, 0, 2)
    with pytest.raises(ValueError, match="layer l"):
        neuron_position([2, 3], 3, 0)
    with pytest.raises(ValueError, match="sizes"):
        draw_network(ax, [2])
