"""When gradient descent diverges: the rule, and the message that names η.

A step of gradient descent *diverges* when it would make some w^l
or b^l contain NaN or ±inf, or make its size ‖w^l‖ (the root of the sum of
squares) more than ``GROWTH`` times its size when training began (or than
``GROWTH`` if that was below 1; never above ``CEILING``).  Short of that the
steps are the plain gradient-descent steps, unchanged.  Training computes with numpy's
overflow warnings off and checks the result before keeping it: a single step
(``update_mini_batch``) before it is written into the network, ``SGD`` once per
epoch (then it replays the epoch, step by step, to find the one that
diverged).  So no RuntimeWarning and no NaN ever reaches the network or the
reader: a diverging step raises :class:`TrainingDiverged`, which names η, the
epoch and mini-batch, what the network was left as, and a learning rate that
did not diverge from the same parameters on the same mini-batches (η/10,
η/100, η/1000, then 1, 0.1, 0.01 if smaller), as chapter 5's
``polyfit.gradient_descent`` says when its loss blows up.  ``minibatch``,
``educational`` and the saturation lab use the same rule.

Used wherever training happens: ``Network.SGD`` and ``update_mini_batch``
(chapters 3, 7, 10, 14), ``minibatch`` (chapter 7), ``educational`` (chapter 11)
and the saturation lab (chapter 6).
"""
import numpy as np

#: A step diverges once it makes a parameter array more than GROWTH times as large
#: (‖w^l‖, ‖b^l‖) as it was when training began: far beyond anything learning does,
#: far below where floating point overflows.
GROWTH = 1e6
#: No parameter array may grow beyond this size in any case (its square stays finite).
CEILING = 1e150
#: The smaller learning rates tried, from the same parameters, when a step diverges:
#: η divided by these, then (for an absurd η) the fixed rates TRY below η/1000.
PROBES = (10.0, 100.0, 1000.0)
TRY = (1.0, 0.1, 0.01)


class TrainingDiverged(ValueError):
    """Gradient descent diverged: the message names η, where it diverged and what to try.

    ``eta`` is the learning rate, ``epoch`` and ``step`` (1-based, ``epoch`` None
    for a single step) where it diverged, ``cause`` what the step did, in words,
    ``suggestion`` a smaller η that ran the same mini-batches without diverging
    (None if none did), ``history`` the per-epoch records of the epochs completed
    before it.
    """

    def __init__(self, message, eta, epoch=None, step=None, suggestion=None, history=(),
                 cause=None):
        super().__init__(message)
        self.eta, self.epoch, self.step, self.cause = eta, epoch, step, cause
        self.suggestion, self.history = suggestion, list(history)


def quiet():
    """numpy's floating-point warnings off (overflow, NaN, division), for a computation
    whose result is checked afterwards."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore")


def smaller_rates(eta):
    """The learning rates tried when η diverges, largest first: η/10, η/100, η/1000, and
    those of TRY below η/1000."""
    return [eta / f for f in PROBES] + [r for r in TRY if r < eta / PROBES[-1]]


def size(v):
    """‖v‖, the root of the sum of squares, without overflow for huge finite entries."""
    v = np.ravel(v)
    with quiet():
        top = float(np.max(np.abs(v))) if v.size else 0.0
        if not np.isfinite(top) or top == 0.0:
            return top
        return top * float(np.linalg.norm(v / top))


def limits(arrays):
    """The largest squared size ‖v‖² a step may give each array: (GROWTH · max(‖v‖, 1))²,
    at most CEILING²."""
    sizes = [size(v) for v in arrays]
    return [min(GROWTH * max(n, 1.0), CEILING) ** 2 if np.isfinite(n) else CEILING ** 2
            for n in sizes]


def first_bad(arrays, limits2):
    """The index of the first array that is not finite or larger than its limit, else -1.

    One dot product per array, which is NaN for NaN, inf for inf or overflow.
    """
    with quiet():
        for i, (v, limit) in enumerate(zip(arrays, limits2)):
            v = v.ravel()
            if not np.dot(v, v) <= limit:
                return i
    return -1


def growth_cause(array, name, limit2, began="at the start"):
    """Why the step's new ``array`` (the parameters ``name``) counts as diverging, in words."""
    if not np.all(np.isfinite(array)):
        return f"the step made {name} NaN or infinite (its numbers overflowed)"
    now = size(array)
    limit = float(np.sqrt(limit2))
    if limit >= CEILING or now > CEILING:
        return f"the step made ‖{name}‖ = {now:.3g}, beyond the ceiling {CEILING:g}"
    start = limit / GROWTH
    return (f"the step made ‖{name}‖ = {now:.3g}, beyond {limit:.3g}, which is {GROWTH:g} "
            + (f"times its size {start:.3g} {began}" if start > 1.0 else
               f"(its size {began} was below 1)"))


def diverged_message(eta, where, cause, left, tried):
    """The one wording of divergence: η, where, why, what the network was left as, what works.

    ``tried`` maps the smaller learning rates tried to whether they diverged too
    (in order); returns (message, the largest one that did not, or None).
    """
    good = next((e for e, failed in tried.items() if not failed), None)
    if good is not None:
        advice = (f"The learning rate is too large; try η ≤ {good:.3g}: from the same "
                  f"parameters η = {good:.3g} (η/{eta / good:.3g}) ran the same mini-batches "
                  "without diverging")
    elif tried:
        smallest = min(tried)
        advice = (f"Even η = {smallest:.3g} (η/{eta / smallest:.3g}) diverged from these "
                  "parameters, so they (or the data) are too large: start from a new "
                  f"network and train it with η below {smallest:.3g}")
    else:
        advice = f"The learning rate is too large; try η below {eta / 10:.3g}"
    return (f"training diverged with learning rate η = {eta:.3g} {where}: {cause}. "
            f"{left}. {advice}."), good


def layer_name(i, num_weights):
    """The name of array i of ``weights + biases``: w^l or b^l."""
    return f"w^{i + 2}" if i < num_weights else f"b^{i - num_weights + 2}"
