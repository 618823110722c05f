"""The backprop stepper: watch the algorithm run on a drawn network, one equation at a time.

Layers are columns, neurons circles, weights lines (``drawing.draw_network``),
each line as wide as its |w^l_jk|.
Step by step the figure fills in z and a on each neuron (the forward pass),
then the cost, then δ flowing backwards layer by layer (BP1, BP2), and each
∂C/∂b (BP3) and ∂C/∂w (BP4) as it is found; a known ∂C/∂w^l_jk also sets the
width of its edge.  What the current step reads is marked in blue, what it
writes in red, and its equation, numbers substituted, is shown under the
drawing.  Every number comes from the engine (``net.example(x, y)``) through
``backprop_core.steps``.

It steps the reader's own network, ``backprop_stepper(net, x, y)`` (a copy:
the reader's ``net`` is not touched), or one of ``sizes`` with weights from a
seed.  Controls: the step slider ``controls["step"]`` (with an
``ipywidgets.Play`` linked to it, and step back / step forward / reset
buttons), the granularity (a neuron at a time, or a layer at a time), the
seed (for a network made here), and the input x and target y, whose sliders
reach from the example's values to well beyond them.  Changing x, y or the seed
recomputes the steps; the position stays where it was.  Used by chapters 7 and 11.
"""
import copy
import math

import ipywidgets as widgets
import numpy as np
from matplotlib.collections import LineCollection

from .. import checks
from ..drawing import draw_network, style_edges
from ..network import Network
from ..steps import algorithm_steps, layer_ends, values_after
from .base import STYLE, new_figure
from .stepping import Stepping

READ, WRITE, EDGE = "tab:blue", "tab:red", "0.72"
MAX_NEURONS, MAX_LAYERS = 6, 5
NEURON_SIZE = 420                          # points², as matplotlib's scatter takes it
X_MAX = 2.0                                # the x sliders reach at least [-X_MAX, X_MAX]
_PHASE = {"z": "forward pass", "a": "forward pass", "cost": "the cost",
          "delta": "backward pass: the error δ", "nabla_b": "BP3: ∂C/∂b = δ",
          "nabla_w": r"BP4: $\partial C/\partial w = a_{\rm in}\,\delta_{\rm out}$"}


class BackpropStepper(Stepping):
    """The algorithm's steps on a drawn network; ``steps`` lists them in order."""

    rows = (("step", "position"), ("of", "total"), ("just computed", "what"), ("value", "value"))
    title = "the algorithm, step by step"
    fast = ("step", "granularity")
    moving = ("value_artists", "markers")         # lists of artists: see moving_artists()

    def __init__(self, net, seed, x, y, step, granularity, interval):
        """``net`` is a Network (stepped as it is, a copy) or, with ``seed``, the dict
        of ``Network``'s arguments to make one from (sizes and kind)."""
        if isinstance(net, Network):
            self.net, self.made = copy.deepcopy(net), None
        else:
            self.made = net                                    # remade when the seed moves
            self.net = Network(**net, seed=_seed(seed))        # checks the kind too
        self.sizes = _drawable(self.net.sizes)
        x = checks.one_column(x, self.sizes[0], "input x")
        y = checks.one_column(y, self.sizes[-1], "target y")
        one_hot = self.net.cost_function.name == "log_likelihood"
        if one_hot and not (np.isin(y, (0.0, 1.0)).all() and y.sum() == 1):
            raise ValueError("with the log-likelihood cost, target y must be one-hot (one 1, "
                             f"the rest 0), got {y.ravel().tolist()}")
        controls = {}
        if self.made is not None:
            controls["seed"] = widgets.IntSlider(value=_seed(seed), min=0, max=99,
                                                 description="network seed", style=STYLE)
        reach = _reach(x, X_MAX)                 # the sliders' ranges follow the example
        for k in range(self.sizes[0]):
            controls[f"x{k}"] = widgets.FloatSlider(
                value=float(x[k, 0]), min=-reach, max=reach, step=reach / 20,
                description=f"x_{k}", style=STYLE, continuous_update=True)
        if one_hot:
            controls["y"] = widgets.Dropdown(options=list(range(self.sizes[-1])),
                                             value=int(np.argmax(y[:, 0])),
                                             description="y: the right class", style=STYLE)
        else:
            top = _reach(y, 1.0)
            bottom = 0.0 if np.all(y >= 0) else -top
            for j in range(self.sizes[-1]):
                controls[f"y{j}"] = widgets.FloatSlider(
                    value=float(y[j, 0]), min=bottom, max=top, step=(top - bottom) / 20,
                    description=f"y_{j}", style=STYLE)
        controls["granularity"] = widgets.ToggleButtons(
            options=[("a neuron at a time", "neuron"), ("a layer at a time", "layer")],
            value=_granularity(granularity), description="step by", style=STYLE)
        controls["step"] = self._stepping_controls(interval, "420px", "3em")

        L = len(self.sizes)
        fig, ax = new_figure(1.45 * L + 1.2, 0.85 * max(self.sizes) + 1.35)
        self.ax = ax
        self.art = draw_network(ax, self.sizes, neuron_size=NEURON_SIZE, layer_labels=True)
        style_edges(self.art, self.net.w, color=EDGE)      # width: |w^l_jk|
        fig.subplots_adjust(left=0.01, right=0.99, top=0.92, bottom=0.0)
        self._build_moving(ax)
        self._position, self._mode = 0, _granularity(granularity)
        self._build_steps(x, y)
        controls["step"].max = self.play.max = len(self._stops()) - 1
        controls["step"].value = _clamp(step, len(self._stops()) - 1)
        super().__init__(controls, fig, extra=self._stepping_parts())
        self.update()

    # ----- the steps ----------------------------------------------------------
    def _build_steps(self, x, y):
        self.x, self.y = x, y
        self.example = self.net.example(x, y)
        self.steps = algorithm_steps(self.example)
        self.ends = layer_ends(self.steps)
        self.biggest = max(float(np.max(np.abs(g))) for g in self.example.nabla_w) or 1.0

    @property
    def position(self):
        """How many of the fine steps are done (0: nothing yet)."""
        return self._position

    def _stops(self):
        """The positions the slider can reach: every step, or the end of each layer's group."""
        if self._mode == "layer":
            return [0] + [e + 1 for e in self.ends]
        return list(range(len(self.steps) + 1))

    def follow(self, change):
        owner = change["owner"]
        slider = self.controls["step"]
        if owner is self.controls["granularity"]:
            # keep the position: the first stop at or after the fine position
            self._mode = owner.value
            stops = self._stops()
            slider.max = self.play.max = len(stops) - 1
            slider.value = next(i for i, s in enumerate(stops) if s >= self._position)
        elif owner is not slider:
            if owner is self.controls.get("seed"):
                self.net = Network(**self.made, seed=owner.value)
                style_edges(self.art, self.net.w, color=EDGE)
            self._build_steps(self._x_from_controls(), self._y_from_controls())

    def _x_from_controls(self):
        return np.array([[self.controls[f"x{k}"].value] for k in range(self.sizes[0])])

    def _y_from_controls(self):
        if "y" in self.controls:
            return np.eye(self.sizes[-1])[:, [self.controls["y"].value]]
        return np.array([[self.controls[f"y{j}"].value] for j in range(self.sizes[-1])])

    # ----- what the figure shows -------------------------------------------------
    def compute(self):
        stops = self._stops()
        value = self.controls["step"].value
        self._position = stops[min(max(value, 0), len(stops) - 1)]
        step = self.steps[self._position - 1] if self._position else None
        return {"position": self._position, "total": len(self.steps),
                "what": _what(step) if step else "nothing yet: press play or step forward",
                "value": step.value if step else "none yet",
                "step": step}

    def _build_moving(self, ax):
        """The artists a step changes, all animated (drawn by blitting).

        ``values`` show what is known so far and only ever fill in as the steps
        go forward (z and a under each neuron, δ above it, ∂C/∂w on each edge,
        the edge's width for its size, the cost); ``markers`` show the current
        step (what it reads and writes, which step it is).  A step forward draws
        only the values it adds, over a copy of the picture with the values
        before it (see :meth:`_draw_moving`)."""
        sizes, pos = self.sizes, self.art.positions
        box = dict(boxstyle="round,pad=0.1", fc="white", ec="none", alpha=0.85)

        def text(x, y, **kw):
            return ax.text(x, y, "", **{"fontsize": 7, "zorder": 6, **kw})

        self.grad_lines, self.edge_text, self._ends = {}, {}, {}
        radius = np.sqrt(NEURON_SIZE) / 2 * ax.figure.dpi / 72 + 1.0     # pixels
        for (l, j, k) in self.art.edges:
            (x0, y0), (x1, y1) = pos[(l - 1, k)], pos[(l, j)]
            # a gradient's line stops at the two circles (it is drawn over them)
            self._ends[(l, j, k)] = _trimmed(ax, (x0, y0), (x1, y1), radius)
            (self.grad_lines[(l, j, k)],) = ax.plot([], [], color="tab:purple", alpha=0.55,
                                                     zorder=2, solid_capstyle="butt")
            t = 0.72
            self.edge_text[(l, j, k)] = text(x0 + t * (x1 - x0), y0 + t * (y1 - y0), ha="center",
                                             va="center", fontsize=6, color="0.15", bbox=box)
        self.z_text = {key: text(x, y - 0.2, ha="center", va="top", bbox=box)
                       for key, (x, y) in pos.items()}
        self.a_text = {key: text(x, y - 0.38, ha="center", va="top", bbox=box)
                       for key, (x, y) in pos.items() if key[0] > 1}
        self.delta_text = {key: text(x, y + 0.2, ha="center", va="bottom", color="tab:purple",
                                     bbox=box)
                           for key, (x, y) in pos.items() if key[0] > 1}
        L = len(sizes)
        top = (max(sizes) - 1) / 2.0
        self.cost_text = ax.text(L, top + 1.05, "", ha="center", va="bottom",
                                 fontsize=9, zorder=6, color="black")
        self.target_text = {j: text(L + 0.14, pos[(L, j)][1], ha="left", va="center",
                                    color="0.3") for j in range(sizes[-1])}
        self.value_artists = [*self.grad_lines.values(), *self.edge_text.values(),
                       *self.z_text.values(), *self.a_text.values(),
                       *self.delta_text.values(), *self.target_text.values(), self.cost_text]
        # the markers are drawn over the values (as a blit draws them), the edges see-through
        self.read_edges = LineCollection([], colors=READ, linewidths=2.5, zorder=7, alpha=0.7)
        self.write_edges = LineCollection([], colors=WRITE, linewidths=3.5, zorder=7.1, alpha=0.7)
        ax.add_collection(self.read_edges)
        ax.add_collection(self.write_edges)
        kw = dict(s=520, facecolors="none", linewidths=2.5, zorder=7.2)
        self.read_rings = ax.scatter(np.empty(0), np.empty(0), edgecolors=READ, **kw)
        self.write_rings = ax.scatter(np.empty(0), np.empty(0), edgecolors=WRITE, **kw)
        self.phase_text = ax.text(0.5, top + 1.55, "", ha="left", va="top", fontsize=9,
                                  zorder=7.3)
        self.markers = [self.read_edges, self.write_edges, self.read_rings, self.write_rings,
                        self.phase_text]
        self._layer = None

    def moving_artists(self):
        return [*self.value_artists, *self.markers]

    # ----- drawing only what a step adds --------------------------------------------
    def _on_draw(self, event):
        self._layer = None                 # a full draw: the copy of the values is stale
        super()._on_draw(event)

    def _draw_moving(self):
        """Draw the animated artists over the restored background.

        When every value that changed since the last picture was empty there
        (a step forward), restore that picture of the values and draw only the
        new ones; otherwise (a step back, a jump, new numbers) draw them all."""
        figure, canvas = self.figure, self.figure.canvas
        state = {artist: _look(artist) for artist in self.value_artists}
        layer = self._layer
        if layer is not None and layer[0] == self._background_key and all(
                _empty(old) or old == state[artist] for artist, old in layer[1].items()):
            canvas.restore_region(layer[2])
            todo = [artist for artist in self.value_artists if state[artist] != layer[1][artist]]
        else:
            todo = [artist for artist in self.value_artists if not _empty(state[artist])]
        for artist in todo:
            figure.draw_artist(artist)
        self._layer = (self._background_key, state, canvas.copy_from_bbox(figure.bbox))
        for artist in self.markers:
            figure.draw_artist(artist)

    def draw(self, values):
        step = values["step"]
        known = values_after(self.steps, self._position - 1)
        pos = self.art.positions
        for (l, j), t in self.z_text.items():
            if l == 1:
                t.set_text(f"x={self.x[j, 0]:.3g}")
            else:
                t.set_text(_shown(known, "z", l, j))
                self.a_text[(l, j)].set_text(_shown(known, "a", l, j))
                self.delta_text[(l, j)].set_text(_shown(known, "delta", l, j))
        for (l, j, k), t in self.edge_text.items():
            g = known.get(("nabla_w", l, j, k))
            t.set_text("" if g is None else f"{g:.2g}")
            line = self.grad_lines[(l, j, k)]
            if g is None:
                line.set_data([], [])
            else:
                line.set_data(*self._ends[(l, j, k)])
                line.set_linewidth(1.0 + 6.0 * abs(g) / self.biggest)
        for j, t in self.target_text.items():
            t.set_text(f"y={self.y[j, 0]:.3g}")
        cost = known.get(("cost", None, None, None))
        self.cost_text.set_text("" if cost is None else f"C = {cost:.4g}")
        reads = step.reads if step else ()
        writes = (step.writes,) if step and step.kind != "nabla_w" else ()   # ∂C/∂w: its edge
        self.read_rings.set_offsets(_rings(reads, pos))
        self.write_rings.set_offsets(_rings(writes, pos))
        self.read_edges.set_segments(_edges(step, pos, read=True))
        self.write_edges.set_segments(_edges(step, pos, read=False))
        stops = len(self._stops()) - 1
        if step is None:
            self.phase_text.set_text(f"ready: {len(self.steps)} steps" if self._mode == "neuron"
                                     else f"ready: {stops} steps of a layer each")
            self.equation_text = ("Press <b>play</b> or <b>step forward</b>: the forward pass "
                                   "comes first.")
        else:
            where = (f"step {self._position} of {len(self.steps)}" if self._mode == "neuron" else
                     f"layer step {self.controls['step'].value} of {stops} "
                     f"(step {self._position} of {len(self.steps)})")
            self.phase_text.set_text(f"{where}: {_PHASE[step.kind]}")
            self.equation_text = (f"<span class='bp-step' data-kind='{step.kind}'>"
                                   f"$${step.equation}$$</span>")



def _trimmed(ax, start, end, pixels):
    """The segment start → end shortened by ``pixels`` at each end (on the screen)."""
    (x0, y0), (x1, y1) = ax.transData.transform([start, end])
    length = np.hypot(x1 - x0, y1 - y0)
    cut = min(pixels / length, 0.45)
    ends = [(x0 + cut * (x1 - x0), y0 + cut * (y1 - y0)),
            (x1 - cut * (x1 - x0), y1 - cut * (y1 - y0))]
    (a, b), (c, d) = ax.transData.inverted().transform(ends)
    return [a, c], [b, d]


def _shown(known, kind, l, j):
    value = known.get((kind, l, j, None))
    name = {"z": "z", "a": "a", "delta": "δ"}[kind]
    return "" if value is None else f"{name}={value:.3g}"


def _look(artist):
    """What an artist shows: its text, or its line's points and width."""
    if hasattr(artist, "get_text"):
        return artist.get_text()
    return (tuple(artist.get_xdata()), tuple(artist.get_ydata()), artist.get_linewidth())


def _empty(look):
    return look == "" or (isinstance(look, tuple) and len(look[0]) == 0)


def _what(step):
    names = {"z": "z", "a": "a", "delta": "δ", "nabla_b": "∂C/∂b", "nabla_w": "∂C/∂w"}
    if step.kind == "cost":
        return "the cost C_x"
    sub = f"{step.j}" if step.k is None else f"{step.j}{step.k}"
    return f"{names[step.kind]}^{step.l}_{sub}"


def _rings(keys, pos):
    points = [pos[(l, j)] for (kind, l, j, _) in keys if kind != "cost" and (l, j) in pos]
    return np.array(points, dtype=float).reshape(-1, 2)


def _edges(step, pos, read):
    """Edges the step reads (the weights into the neuron, for a z step) or writes (∂C/∂w)."""
    if step is None:
        return []
    if read and step.kind == "z":
        return [[pos[(l, k)], pos[(step.l, step.j)]] for (_, l, k, _) in step.reads]
    if read and step.kind == "delta":
        # BP2 reads the weights w^{l+1}_ij out of the neuron: ((w^{l+1})^T δ^{l+1})_j
        return [[pos[(step.l, step.j)], pos[(l, i)]]
                for (kind, l, i, _) in step.reads if kind == "delta"]
    if not read and step.kind == "nabla_w":
        return [[pos[(step.l - 1, step.k)], pos[(step.l, step.j)]]]
    return []


def _drawable(sizes):
    sizes = checks.sizes(sizes)
    if len(sizes) > MAX_LAYERS or max(sizes) > MAX_NEURONS:
        raise ValueError(f"the stepper draws every neuron and every weight: sizes may have up to "
                         f"{MAX_LAYERS} layers of up to {MAX_NEURONS} neurons, got {sizes}")
    return sizes


def _reach(v, least):
    """A round bound r ≥ least with every |v| within r: the sliders' reach (2 for x in
    [−2, 2]; 6 for x = 5.5; 300 for x = 250)."""
    biggest = float(np.max(np.abs(v)))
    if biggest <= least:
        return least
    unit = 10.0 ** math.floor(math.log10(biggest))
    return math.ceil(biggest / unit) * unit


def _seed(seed):
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or not 0 <= seed <= 99:
        raise ValueError(f"seed must be an integer in 0..99, got {seed!r}")
    return int(seed)


def _granularity(value):
    if value not in ("neuron", "layer"):
        raise ValueError(f"granularity must be 'neuron' or 'layer', got {value!r}")
    return value


def _clamp(step, top):
    if isinstance(step, bool) or not isinstance(step, (int, np.integer)) or not 0 <= step <= top:
        raise ValueError(f"step must be an integer in 0..{top}, got {step!r}")
    return int(step)


def backprop_stepper(net=None, x=(0.8, -0.4), y=(1.0, 0.0), *, sizes=(2, 3, 2), seed=1,
                     activation="sigmoid", output_activation=None, cost="quadratic", step=0,
                     granularity="neuron", interval=100):
    """The stepper for the reader's network ``net`` on the example (x, y):
    ``backprop_stepper(net, x, y)`` (any network of up to 5 layers of up to 6
    neurons, any x).  Without ``net`` (or with a list of sizes in its place) it
    makes a network of ``sizes`` with standard normal weights from ``seed``
    (0..99, a slider) and the given activations and cost.  ``interval`` is Play's
    time per step in ms."""
    if net is None or (isinstance(net, (list, tuple)) and not isinstance(net, Network)):
        net = dict(sizes=sizes if net is None else net, activation=activation,
                   output_activation=output_activation, cost=cost)
    elif not isinstance(net, Network):
        raise TypeError(f"net must be a backprop_core Network (or a list of layer sizes), "
                        f"got {checks.show(net)}")
    return BackpropStepper(net, seed, x, y, step, granularity, interval)
