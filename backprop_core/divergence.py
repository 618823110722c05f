"""When gradient descent diverges: the rule, the one routine that applies it, the message.

A step of gradient descent *diverges* when it would make some w^l or b^l
contain NaN or ±inf, or make its size ‖w^l‖ (the root of the sum of squares)
more than ``GROWTH`` times its size when training began (or than ``GROWTH``
if that was below 1; never above ``CEILING``), or when the step itself cannot
be computed (a ValueError: something overflowed).  Short of that the steps are
the plain gradient-descent steps, unchanged.

Every trainer goes through :func:`descend`: ``Network.SGD`` and
``update_mini_batch`` (chapters 3, 7, 10, 14), the per-neuron network of
``educational`` (chapter 11) and the demon's ``descent_steps`` with the
saturation lab (chapter 6).  It runs the steps with numpy's floating-point
warnings off (:func:`quiet`, the package's one way to do that) and checks the
parameters once, after the last step.  If they diverged, it puts them back,
replays the steps one at a time to find the one that diverged, and runs the
smaller rates η/10, η/100, η/1000 (then 1, 0.1, 0.01 if smaller) from the same
start on the same mini-batches; :class:`TrainingDiverged` names η, where it
diverged, what the parameters were left as, and the largest of those rates
that ran every step.  So no RuntimeWarning and no NaN ever reaches the
parameters or the reader.
"""
import copy

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


def limits(parameters):
    """The largest squared size ‖v‖² a step may give each array of the dict ``parameters``
    (name → array): (GROWTH · max(‖v‖, 1))², at most CEILING²."""
    sizes = {name: size(v) for name, v in parameters.items()}
    return {name: min(GROWTH * max(n, 1.0), CEILING) ** 2 if np.isfinite(n) else CEILING ** 2
            for name, n in sizes.items()}


def growth(parameters, limits2):
    """Why the arrays of ``parameters`` diverge, in words (the first that is not finite or
    is larger than its limit), or None.  One dot product per array."""
    with quiet():
        for name, v in parameters.items():
            v = np.ravel(v)
            if not np.dot(v, v) <= limits2[name]:
                return growth_cause(v, name, limits2[name])
    return None


def growth_cause(array, name, limit2):
    """Why the step's new ``array`` (the parameters ``name``) counts as diverging, in words."""
    if not np.all(np.isfinite(array)):
        return f"the step made {name} NaN or infinite (its numbers overflowed)"
    now = size(array)
    limit = float(np.sqrt(limit2))
    if limit >= CEILING or now > CEILING:
        return f"the step made ‖{name}‖ = {now:.3g}, beyond the ceiling {CEILING:g}"
    start = limit / GROWTH
    return (f"the step made ‖{name}‖ = {now:.3g}, beyond {limit:.3g}, which is {GROWTH:g} "
            + (f"times its size {start:.3g} at the start" if start > 1.0 else
               "(its size at the start was below 1)"))


def descend(trainer, steps, batches, eta, where, left, limits2=None):
    """Run ``steps(trainer, batches, eta)``, gradient descent over ``batches``, or raise
    :class:`TrainingDiverged` if it diverges.

    ``trainer.parameters`` is a dict name → array of what the steps change
    (read once before and once after; assigning it puts them back) and the
    trainer can be deep-copied; ``steps`` must run any list of batches.
    ``limits2`` (default: :func:`limits` of the parameters now) bounds their
    sizes.  On divergence the trainer's parameters are as they were before,
    and the error says ``where`` (in which "{step}" becomes k, the number of
    the batch whose step diverged) and ``left``, in words, and has ``step`` = k.
    """
    start = trainer.parameters
    limits2 = limits(start) if limits2 is None else limits2
    if first_failure(trainer, steps, [batches], eta, limits2) is None:
        return
    trainer.parameters = start
    one_by_one = [[b] for b in batches]         # each step checked on its own
    step, cause = first_failure(copy.deepcopy(trainer), steps, one_by_one, eta,
                                limits2) or (len(batches), "the steps overflowed")
    tried = {}
    for rate in smaller_rates(eta):
        tried[rate] = first_failure(copy.deepcopy(trainer), steps, one_by_one,
                                    rate, limits2) is not None
        if not tried[rate]:
            break
    message, good = diverged_message(eta, where.format(step=step), cause, left, tried)
    raise TrainingDiverged(message, eta, None, step, good, cause=cause)


def first_failure(trainer, steps, runs, eta, limits2):
    """``steps(trainer, run, eta)`` for each list of batches in ``runs``, the parameters
    checked after each: (the number of the run that diverged, why), or None."""
    with quiet():
        for k, run in enumerate(runs, 1):
            try:
                steps(trainer, run, eta)
            except ValueError as err:       # something in the step overflowed
                return k, f"the step could not be computed ({err})"
            cause = growth(trainer.parameters, limits2)
            if cause is not None:
                return k, cause
    return None


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
    else:
        smallest = min(tried)
        advice = (f"Even η = {smallest:.3g} (η/{eta / smallest:.3g}) diverged from these "
                  "parameters, so they (or the data) are too large: start from a new "
                  f"network and train it with η below {smallest:.3g}")
    return (f"training diverged with learning rate η = {eta:.3g} {where}: {cause}. "
            f"{left}. {advice}."), good
