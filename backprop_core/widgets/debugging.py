"""The gradient check as a picture: where a backprop is wrong.  Used by chapter 13.

One heat map per weight matrix w^2..w^L, and one for the biases (column l is
b^l), each cell coloured by the relative error of that one entry,

    |g − g̃| / (|g| + |g̃|),   g from the candidate backprop, g̃ by central differences,

on a log scale from 1e-12 (dark: agree to 12 digits) to 1 (bright: nothing in
common).  A panel whose relative error is above 1e-4 (suspicious) gets a red
frame: that is where the bug lives.  A panel whose entry could not be compared
(the wrong shape, NaN) is grey and says why.

Controls: the backprop to check (the engine, the mysteries A..F of chapter 13,
and any functions the reader passes in), ε on a log slider, and the precision
of the finite differences (float64, or costs rounded to float32).
"""
import ipywidgets as widgets
import numpy as np
from matplotlib.colors import LogNorm
from matplotlib.patches import Rectangle

from .. import broken, checks, debugging
from ..example import check_example
from .base import STYLE, Live, new_figure

FLOOR = 1e-12
ENGINE = "engine (correct)"


def _default_candidates():
    found = {ENGINE: debugging.engine}
    found.update({f"mystery {letter}": broken.mystery(letter) for letter in broken.MYSTERIES})
    return found


class DebuggingFigure(Live):
    title = "relative errors"

    def __init__(self, ex, candidates, show, eps, precision):
        self.ex, self.candidates = ex, candidates
        self._numerical = {}
        L = ex.L
        self.names = debugging.parameter_names(L)
        self.rows = (("verdict", "verdict"), ("ε", "eps"),
                     *[(n, n) for n in self.names],
                     ("largest", "worst"), ("suspicious", "where"))
        controls = {
            "candidate": widgets.Dropdown(options=list(candidates), value=show,
                                          description="backprop", style=STYLE),
            "eps": widgets.FloatLogSlider(value=eps, base=10, min=-10, max=-1, step=0.5,
                                          readout_format=".0e", description="ε", style=STYLE),
            "precision": widgets.ToggleButtons(options=list(debugging.PRECISIONS),
                                               value=precision, description="precision",
                                               style=STYLE),
        }
        fig, axes = new_figure(1.5 * L, 2.5, ncols=L)
        self.axes = list(axes)
        cmap = _colormap()
        norm = LogNorm(vmin=FLOOR, vmax=1.0)
        self.images, self.notes, self.frames = {}, {}, {}
        n_max = max(ex.net.sizes[1:])
        for ax, l in zip(self.axes, range(2, L + 1)):
            shape = np.shape(ex.w[l])
            self.images[f"w^{l}"] = ax.imshow(np.full(shape, np.nan), cmap=cmap, norm=norm)
            ax.set_xticks(range(shape[1]))
            ax.set_yticks(range(shape[0]))
            ax.set_xlabel("k", fontsize=8)
            ax.set_ylabel("j", fontsize=8, labelpad=3, rotation=0, va="center")
        ax_b = self.axes[-1]
        self.images["b"] = ax_b.imshow(np.full((n_max, L - 1), np.nan), cmap=cmap, norm=norm)
        ax_b.set_xticks(range(L - 1))
        ax_b.set_xticklabels([str(l) for l in range(2, L + 1)])
        ax_b.set_yticks(range(n_max))
        ax_b.set_xlabel("layer l", fontsize=8)
        ax_b.set_ylabel("j", fontsize=8, labelpad=3, rotation=0, va="center")
        for ax, key in zip(self.axes, [f"w^{l}" for l in range(2, L + 1)] + ["b"]):
            ax.tick_params(labelsize=7, length=2)
            self.notes[key] = ax.text(0.5, 0.5, "", transform=ax.transAxes, ha="center",
                                      va="center", fontsize=7, wrap=True,
                                      bbox={"facecolor": "white", "alpha": 0.85,
                                            "edgecolor": "none"})
            self.frames[key] = ax.add_patch(Rectangle((0, 0), 1, 1, transform=ax.transAxes,
                                                      fill=False, lw=3, ec="tab:red",
                                                      visible=False, clip_on=False))
        fig.subplots_adjust(left=0.05, right=0.85, top=0.78, bottom=0.2, wspace=0.6)
        colorbar = fig.colorbar(self.images["b"], cax=fig.add_axes([0.875, 0.2, 0.018, 0.58]))
        colorbar.set_label("relative error per entry", fontsize=8)
        colorbar.ax.tick_params(labelsize=7)
        self.heading = fig.suptitle("", fontsize=9)
        super().__init__(controls, fig)
        self.update()

    def numerical(self, eps, precision):
        """Central differences for (ε, precision), computed once each."""
        key = (eps, precision)
        if key not in self._numerical:
            self._numerical[key] = debugging.finite_differences(self.ex, eps, precision)
        return self._numerical[key]

    def compute(self):
        c = self.controls
        name, eps, precision = c["candidate"].value, float(c["eps"].value), c["precision"].value
        result = debugging.check_backprop(self.ex, self.candidates[name], eps, precision,
                                          numerical=self.numerical(eps, precision))
        values = {"candidate": name, "verdict": result.verdict, "eps": eps,
                  "precision": precision, "result": result}
        for n in self.names:
            error = result.errors.get(n)
            values[n] = (error if error is not None else
                         "not checked" if result.problem else "unusable")
        values["worst"] = result.worst if np.isfinite(result.worst) else "—"
        values["where"] = (", ".join(result.wrong) or "nothing") if not result.problem else "—"
        return values

    def draw(self, values):
        result, L = values["result"], self.ex.L
        bias = np.full(self.images["b"].get_array().shape, np.nan)
        bias_notes = []
        for l in range(2, L + 1):
            key = f"w^{l}"
            entries = result.entries.get(key)
            shape = np.shape(self.ex.w[l])
            self.images[key].set_data(np.full(shape, np.nan) if entries is None
                                      else np.maximum(entries, FLOOR))
            self.notes[key].set_text(_note(result, key))
            self.frames[key].set_visible(key in result.wrong and not result.problem)
            error = result.errors.get(key)
            self.axes[self._axis(l)].set_title(
                f"$w^{l}$: " + (f"{error:.0e}" if error is not None else "unusable"), fontsize=8)
            b_entries = result.entries.get(f"b^{l}")
            if b_entries is not None:
                bias[:b_entries.shape[0], self._column(l)] = np.maximum(
                    b_entries.ravel(), FLOOR)
            elif not result.problem:
                bias_notes.append(f"b^{l}: " + _note(result, f"b^{l}"))
        self.images["b"].set_data(bias)
        self.notes["b"].set_text("\n".join(bias_notes) if not result.problem
                                 else "not checked")
        self.frames["b"].set_visible(any(n.startswith("b") for n in result.wrong)
                                     and not result.problem)
        b_errors = [result.errors.get(f"b^{l}") for l in range(2, L + 1)]
        known = [e for e in b_errors if e is not None]
        self.axes[-1].set_title("$b$: " + (f"{max(known):.0e}" if known and len(known) ==
                                            len(b_errors) else "unusable"), fontsize=8)
        self.heading.set_text(_heading(values, result))

    def _axis(self, l):
        """The panel of w^l (panels are in layer order, l = 2..L)."""
        return list(range(2, self.ex.L + 1)).index(l)

    def _column(self, l):
        """The column of b^l in the bias panel."""
        return list(range(2, self.ex.L + 1)).index(l)


def _plain(text):
    """Text that matplotlib shows as it is (a reader's "$" would start mathtext)."""
    return str(text).replace("$", r"\$")


def _note(result, key):
    if result.problem:
        return "not checked"
    return _plain(result.issues.get(key, "")).replace(", expected", "\nexpected")


def _heading(values, result):
    name = _plain(values["candidate"])
    if result.problem:
        return f"{name}: not checked ({_plain(result.problem[:60])})"
    where = ", ".join(f"${n}$" for n in result.wrong)
    return f"{name}: {result.verdict}" + (f" — look at {where}" if where else "")


def _colormap():
    import matplotlib
    return matplotlib.colormaps["viridis"].with_extremes(bad="0.8")


def debugging_figure(candidates=None, ex=None, show=None, eps=1e-6, precision="float64"):
    """The gradient-check heat map.

    ``candidates``: more backprops to offer, a dict name → function
    ``backprop(net, x, y)`` (or one function, offered as "yours"); they are
    added to the engine and the mysteries A..F.  ``ex`` is the network on its
    batch (default: ``debugging.chapter_example()``).  ``show`` is the one shown
    first (default: the first of ``candidates``, else "mystery A").
    """
    ex = debugging.chapter_example() if ex is None else check_example(
        ex, "debugging_figure", one=False)
    if callable(candidates):
        candidates = {"yours": candidates}
    if candidates is None:
        candidates = {}
    if not isinstance(candidates, dict):
        raise TypeError("candidates must be a dict name → backprop function, or one function; "
                        f"got {type(candidates).__name__}")
    found = _default_candidates()
    extra = {str(k): v for k, v in candidates.items()}
    found.update(extra)
    if show is None:
        show = next(iter(extra), "mystery A")
    if show not in found:
        raise ValueError(f"show must be one of {list(found)}, got {show!r}")
    eps = checks.positive(eps, "eps")
    if not 1e-10 <= eps <= 1e-1:
        raise ValueError(f"eps must lie in [1e-10, 1e-1] (the slider's range), got {eps!r}")
    eps = float(10.0 ** (np.round(2 * np.log10(eps)) / 2))        # on the slider's grid
    if precision not in debugging.PRECISIONS:
        raise ValueError(f"precision must be one of {debugging.PRECISIONS}, got {precision!r}")
    return DebuggingFigure(ex, found, show, eps, precision)


def epsilon_plot(ex=None, epsilons=None):
    """A static figure: the engine's largest relative error against ε, log–log, for
    float64 and float32 costs, the best ε of each marked.  Returns the figure."""
    ex = debugging.chapter_example() if ex is None else check_example(
        ex, "epsilon_plot", one=False)
    epsilons = debugging.EPSILONS if epsilons is None else np.asarray(epsilons, dtype=float)
    fig, ax = new_figure(5.5, 3.2)
    for precision, colour in zip(debugging.PRECISIONS, ("tab:blue", "tab:orange")):
        errors = debugging.error_against_eps(ex, epsilons, precision)
        ax.loglog(epsilons, errors, "o-", ms=3, color=colour, label=precision)
        i = int(np.argmin(errors))
        ax.loglog([epsilons[i]], [errors[i]], "*", ms=12, color=colour)
    for level, text in ((debugging.FINE, "fine"), (debugging.WRONG, "wrong")):
        ax.axhline(level, color="0.5", lw=0.8, ls="--")
        ax.text(epsilons[0], level * 1.6, text, fontsize=8, color="0.4")
    ax.set_xlabel("ε")
    ax.set_ylabel("largest relative error")
    ax.set_title("a correct backprop checked with step ε", fontsize=9)
    ax.legend(fontsize=8, frameon=False, loc="lower left")
    fig.tight_layout()
    return fig
