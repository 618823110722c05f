"""Drawing a feedforward network with matplotlib, in the book's numbering.

Layer l (1..L) is drawn as a column at x = l; neuron j of layer l sits at
y = (n_l − 1)/2 − j, so neuron 0 is at the top and every column is centred.
The line for the weight w^l_jk joins neuron k of layer l−1 (the source) to
neuron j of layer l (the destination).

``draw_network(ax, sizes, ...)`` returns a :class:`NetworkArtists` holding every
artist it made, so a live figure can restyle them in place, and
``highlight_weight`` moves a highlight onto one weight without redrawing.
"""
from dataclasses import dataclass, field

import numpy as np

from . import checks


def neuron_position(sizes, l, j):
    """The (x, y) centre of neuron j of layer l (l = 1..L, j = 0..n_l − 1)."""
    sizes = checks.sizes(sizes)
    if isinstance(l, bool) or not isinstance(l, (int, np.integer)) or not 1 <= l <= len(sizes):
        raise ValueError(f"layer l must be an integer in 1..{len(sizes)}, got {l!r}")
    n = sizes[l - 1]
    j = checks.index(j, n, f"neuron index j of layer {l}")
    return float(l), (n - 1) / 2.0 - j


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

    With ``weights`` (the list w^2..w^L, shapes (n_l, n_{l−1})) each line's width
    grows with |w^l_jk| and its colour shows the sign (blue +, orange −).
    """
    sizes = checks.sizes(sizes)
    L = len(sizes)
    if weights is not None:
        weights = [np.asarray(w, dtype=float) for w in weights]
        want = [(n, k) for k, n in zip(sizes[:-1], sizes[1:])]
        if [w.shape for w in weights] != want:
            raise ValueError(f"weights have shapes {[w.shape for w in weights]}; "
                             f"expected {want} for sizes {sizes}")
        biggest = max(float(np.max(np.abs(w))) for w in weights) or 1.0
    art = NetworkArtists(sizes=sizes)
    for l in range(1, L + 1):
        for j in range(sizes[l - 1]):
            art.positions[(l, j)] = neuron_position(sizes, l, j)
    for l in range(2, L + 1):
        for j in range(sizes[l - 1]):
            for k in range(sizes[l - 2]):
                (x0, y0), (x1, y1) = art.positions[(l - 1, k)], art.positions[(l, j)]
                width, color = 1.0, edge_color
                if weights is not None:
                    w = weights[l - 2][j, k]
                    width = 0.5 + 2.5 * abs(w) / biggest
                    color = "tab:blue" if w >= 0 else "tab:orange"
                (art.edges[(l, j, k)],) = ax.plot([x0, x1], [y0, y1], color=color,
                                                  lw=width, alpha=0.7, zorder=1)
    for l in range(1, L + 1):
        xy = np.array([art.positions[(l, j)] for j in range(sizes[l - 1])])
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


def highlight_weight(art, l, j, k):
    """Lay the highlight over the line of w^l_jk and mark its two neurons."""
    L = len(art.sizes)
    l = checks.layer(l, L)
    j = checks.index(j, art.sizes[l - 1], f"j (neuron of layer {l})")
    k = checks.index(k, art.sizes[l - 2], f"k (neuron of layer {l - 1})")
    (x0, y0), (x1, y1) = art.positions[(l - 1, k)], art.positions[(l, j)]
    art.highlight.set_data([x0, x1], [y0, y1])
    art.ends.set_offsets([[x0, y0], [x1, y1]])
    return art.highlight
