"""Figures of training: cost and accuracy per epoch, and a grid of digits.

These are plain figures (no controls): the chapter shows ``fig.canvas``.
Used by chapters 7 and 10.
"""
import numpy as np

from ..checks import show
from .base import new_figure


def plot_history(histories, title=None):
    """Cost and accuracy per epoch, side by side, one line per run.

    ``histories`` is the list of per-epoch dicts that ``Network.SGD`` returns
    (with "cost", and "accuracy" when test data was given), or a dict mapping
    each run's name to such a list.
    """
    if isinstance(histories, list):
        histories = {"SGD": histories}
    if not isinstance(histories, dict) or not histories:
        raise ValueError("histories must be the list Network.SGD returns, or a dict "
                         f"{{name: such a list}}, got {show(histories)}")
    fig, (ax_cost, ax_acc) = new_figure(9.0, 3.2, ncols=2)
    for name, history in histories.items():
        if not history or "accuracy" not in history[0]:
            raise ValueError(f"history {name!r} has no accuracy per epoch; "
                             "pass test_data to Network.SGD")
        epochs = [record["epoch"] for record in history]
        ax_cost.plot(epochs, [record["cost"] for record in history], lw=2, label=name)
        ax_acc.plot(epochs, [100 * record["accuracy"] for record in history], lw=2, label=name)
    ax_cost.set_xlabel("epoch")
    ax_cost.set_ylabel("training cost C")
    ax_cost.set_yscale("log")
    ax_acc.set_xlabel("epoch")
    ax_acc.set_ylabel("held-out accuracy (%)")
    ax_acc.legend(fontsize=8, loc="lower right")
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    return fig


def digit_grid(X, labels, predicted, columns=8, max_shown=24):
    """The digits in the columns of X (square images), titled "predicted (true)"."""
    X = np.asarray(X, dtype=float)
    side = int(round(np.sqrt(X.shape[0]))) if X.ndim == 2 else 0
    if X.ndim != 2 or side * side != X.shape[0]:
        raise ValueError(f"X has shape {X.shape}; expected square images as columns, "
                         "e.g. (64, m) or (784, m)")
    labels, predicted = np.ravel(labels), np.ravel(predicted)
    if not (labels.size == predicted.size == X.shape[1]):
        raise ValueError(f"{X.shape[1]} images, {labels.size} labels and {predicted.size} "
                         "predictions; expected the same count")
    shown = min(X.shape[1], max_shown)
    rows = max(1, -(-shown // columns))
    fig, axes = new_figure(1.1 * columns, 1.25 * rows, nrows=rows, ncols=columns, squeeze=False)
    for i, ax in enumerate(axes.flat):
        ax.set_axis_off()
        if i < shown:
            ax.imshow(X[:, i].reshape(side, side), cmap="gray_r", vmin=0, vmax=1)
            ax.set_title(f"{predicted[i]} ({labels[i]})", fontsize=9,
                         color="tab:red" if predicted[i] != labels[i] else "black")
    fig.tight_layout()
    return fig
