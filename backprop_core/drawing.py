"""Drawing a feedforward network with matplotlib, in the book's numbering.

Layer l (1..L) is drawn as a column at x = l; neuron j of layer l sits at
y = (n_l − 1)/2 − j, so neuron 0 is at the top and every column is centred.
The line for the weight w^l_jk joins neuron k of layer l−1 (the source) to
neuron j of layer l (the destination).

``draw_network(ax, sizes, weights=net.w)`` returns a :class:`NetworkArtists`
holding every artist it made, so a live figure can restyle them in place, and
``highlight_weight`` moves a highlight onto one weight without redrawing.
Used by chapter 1 (the weight finder, ``widgets/notation.py``).
"""
from dataclasses import dataclass, field

import numpy as np

from . import checks
from .layers import Layers


def neuron_position(sizes, l, j):
    """The (x, y) centre of neuron j of layer l (l = 1..L, j = 0..n_l − 1)."""
    n = _neurons(sizes)
    if isinstance(l, bool) or not isinstance(l, (int, np.integer)) or not 1 <= l <= n.last:
        raise ValueError(f"layer l must be an integer in 1..{n.last}, got {l!r}")
    j = checks.index(j, n[l], f"neuron index j of layer {l}")
    return float(l), (n[l] - 1) / 2.0 - j


def _neurons(sizes):
    """The layer sizes as a Layers: ``n[l]`` is n_l, the number of neurons of layer l."""
    return Layers(checks.sizes(sizes), 1, "n_l")


def _weights(weights, n):
    """``weights`` (a Layers such as ``net.w``, or a list w^2..w^L in layer order) as
    a Layers of float arrays, ``w[l]`` of shape (n_l, n_{l−1}); else a ValueError."""
    if isinstance(weights, Layers) and weights.first != 2:
        raise ValueError(f"weights must be w^l for l = 2..L, got a Layers starting at "
                         f"l = {weights.first}")
    if not isinstance(weights, (Layers, list, tuple)):
        raise ValueError("weights must be net.w (a Layers) or a list [w^2, ..., w^L] in layer "
                         f"order, got {type(weights).__name__}")
    w = Layers([np.asarray(v, dtype=float) for v in weights], 2, "w^l")
    want = [(n[l], n[l - 1]) for l in range(2, n.last + 1)]
    if [v.shape for v in w] != want:
        raise ValueError(f"weights have shapes {[v.shape for v in w]}; "
                         f"expected {want} (w^2..w^{n.last}) for sizes {list(n)}")
    return w


@dataclass
class NetworkArtists:
    """What :func:`draw_network` drew.

    ``positions[(l, j)]`` is the centre of neuron j of layer l;
    ``neurons[l]`` the scatter of layer l's neurons;
    ``edges[(l, j, k)]`` the line of weight w^l_jk;
    ``highlight`` the thick line laid over one weight, ``ends`` the two marked
    neurons at its ends (both empty until :func:`highlight_weight` is called);
    ``labels`` the texts (layer captions and neuron indices).
    """
    sizes: list
    positions: dict = field(default_factory=dict)
    neurons: dict = field(default_factory=dict)
    edges: dict = field(default_factory=dict)
    labels: list = field(default_factory=list)
    highlight: object = None
    ends: object = None


def draw_network(ax, sizes, weights=None, neuron_size=300, edge_color="0.6",
                 highlight_color="tab:red", layer_labels=True):
    """Draw the network ``sizes = [n1, ..., nL]`` on ``ax``; return a NetworkArtists.

    With ``weights`` (``net.w``, or a list [w^2, ..., w^L] in layer order, shapes
    (n_l, n_{l−1})) each line's width grows with |w^l_jk| and its colour shows
    the sign (blue +, orange −).
    """
    n = _neurons(sizes)
    sizes, L = list(n), n.last
    art = NetworkArtists(sizes=sizes)
    for l in range(1, L + 1):
        for j in range(n[l]):
            art.positions[(l, j)] = neuron_position(sizes, l, j)
    for l in range(2, L + 1):
        for j in range(n[l]):
            for k in range(n[l - 1]):
                (x0, y0), (x1, y1) = art.positions[(l - 1, k)], art.positions[(l, j)]
                (art.edges[(l, j, k)],) = ax.plot([x0, x1], [y0, y1], color=edge_color,
                                                  lw=1.0, alpha=0.7, zorder=1)
    if weights is not None:
        style_edges(art, weights)
    for l in range(1, L + 1):
        xy = np.array([art.positions[(l, j)] for j in range(n[l])])
        art.neurons[l] = ax.scatter(xy[:, 0], xy[:, 1], s=neuron_size, color="white",
                                    edgecolors="black", zorder=3)
        for j, (x, y) in enumerate(xy):      # the neuron's index j, inside its circle
            art.labels.append(ax.text(x, y, str(j), ha="center", va="center", fontsize=7,
                                      zorder=5))
        if layer_labels:
            top = (max(sizes) - 1) / 2.0 + 0.7
            art.labels.append(ax.text(l, top, f"layer {l}", ha="center", va="bottom",
                                      fontsize=9))
    (art.highlight,) = ax.plot([], [], color=highlight_color, lw=3.5, zorder=2)
    art.ends = ax.scatter(np.empty(0), np.empty(0), s=neuron_size, color=highlight_color,
                          edgecolors="black", zorder=4)
    half = (max(sizes) - 1) / 2.0
    ax.set_xlim(0.5, L + 0.5)
    ax.set_ylim(-half - 0.7, half + 1.3)
    ax.axis("off")
    return art


def style_edges(art, weights, color=None):
    """Restyle the drawn lines from ``weights`` (``net.w``, or [w^2, ..., w^L]):
    each line's width grows with |w^l_jk|, and its colour shows the sign (blue +,
    orange −), or is ``color`` for every line when one is given."""
    n = _neurons(art.sizes)
    w = _weights(weights, n)
    biggest = max(float(np.max(np.abs(m))) for m in w) or 1.0
    for (l, j, k), line in art.edges.items():
        value = w[l][j, k]
        line.set_linewidth(0.5 + 2.5 * abs(value) / biggest)
        line.set_color(color or ("tab:blue" if value >= 0 else "tab:orange"))


def highlight_weight(art, l, j, k):
    """Lay the highlight over the line of w^l_jk and mark its two neurons."""
    l, j, k = checks.weight(art.sizes, l, j, k)
    (x0, y0), (x1, y1) = art.positions[(l - 1, k)], art.positions[(l, j)]
    art.highlight.set_data([x0, x1], [y0, y1])
    art.ends.set_offsets([[x0, y0], [x1, y1]])
    return art.highlight
