"""In-page exercise checks.  One module per chapter (``chNN_topic.py``); each
check function takes the reader's answer and returns True/False, printing
``PASS`` or ``FAIL`` with a specific hint.  An answer left as ``...`` is not
judged: the check says it is the reader's turn (and returns None).

This module is the one place that turns a reader's answer into a number
(:func:`number`), a vector or matrix (:func:`array`) or a function to call
(:func:`function`), or says why it can't: ``None`` comes back for anything
else, so a check prints a verdict for *any* Python value (NaN, ±inf, 10**400,
True, strings, bytes, complex numbers, ragged lists, generators, None) and
never raises or warns.

A verdict is one line (:func:`say`): in a notebook it is shown with its
mathematics rendered (``δ^l_j`` as in a readout, by ``widgets/symbols.py``),
and its plain text is the same line, which is what ``print`` gives anywhere
else.  Used by chapters 0–15.
"""
import contextlib
import html
import warnings

import numpy as np

from .. import checks
from ..divergence import quiet

__all__ = ["agree", "array", "call", "close", "finite", "function", "judge", "not_an_array", "number",
           "prefixed", "relative_difference", "report", "say", "shaped_like", "unanswered"]


class Verdict:
    """One line for the reader: plain text, and HTML with the symbols rendered."""

    def __init__(self, line):
        self.line = str(line)

    def __str__(self):
        return self.line

    __repr__ = __str__

    def _repr_html_(self):
        from ..widgets.symbols import symbol_html
        for head, colour in (("PASS", "#2e7d32"), ("FAIL", "#c62828"), ("Your turn", "inherit")):
            lead, sep, rest = self.line.partition(f"{head}: ")
            if sep and (lead == "" or lead.endswith(": ")):    # at the start, or after "mystery A: "
                return (f'<div class="bp-verdict">{html.escape(lead)}<b style="color:{colour}">'
                        f"{head}</b>: {symbol_html(rest)}</div>")
        return f'<div class="bp-verdict">{symbol_html(self.line)}</div>'


_PREFIX = []


@contextlib.contextmanager
def prefixed(text):
    """Inside this block every line said starts with ``text`` (e.g. "mystery A: ")."""
    _PREFIX.append(text)
    try:
        yield
    finally:
        _PREFIX.pop()


def say(line):
    """Show one line to the reader: rendered in a notebook, printed elsewhere."""
    line = "".join(_PREFIX) + str(line)
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is None or not hasattr(shell, "kernel"):
        print(line)
        return
    from IPython.display import display
    display(Verdict(line))


def agree(what_a, a, what_b, b):
    """Say two numbers (or arrays) the text calls equal, and how far they agree.

    A page states a relation this way rather than asserting it, so a reader who
    changes an input gets a sentence either way::

        sum over paths = 0.0123456789012 and backprop = 0.0123456789012:
        they agree to 15 significant digits (relative difference 3.1e-16)

    It returns nothing, so that it can end a cell: the checks that keep the text
    true are in tests/ (``relative_difference`` gives the number).  Used by the
    chapters' own cells.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    rel = relative_difference(a, b)
    if a.size == 1:
        shown = f"{what_a} = {a.item():.12g} and {what_b} = {b.item():.12g}"
    else:
        shown = f"{what_a} and {what_b} (shape {a.shape})"
    if rel == 0:
        relation = "equal to every digit"
    elif not np.isfinite(rel) or rel >= 0.1:
        relation = f"they differ (relative difference {rel:.2g})"
    else:
        relation = (f"they agree to {int(np.floor(-np.log10(rel)))} significant digits "
                    f"(relative difference {rel:.1e})")
    say(f"{shown}: {relation}")


def relative_difference(a, b):
    """max |a − b| over max(|a|, |b|) (the absolute difference where both are 0)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if not a.size:
        return 0.0
    gap = float(np.max(np.abs(a - b)))
    scale = float(max(np.max(np.abs(a)), np.max(np.abs(b))))
    return gap / scale if scale > 0 else gap


def unanswered(answer):
    """True (and a nudge printed) while the reader's answer is still ``...``."""
    if answer is Ellipsis:
        say("Your turn: replace ... with your answer and run the cell again.")
        return True
    return False


def report(ok, success, hint):
    """Print PASS with ``success`` or FAIL with ``hint``; return ``ok``."""
    say(f"PASS: {success}" if ok else f"FAIL: {hint}")
    return bool(ok)


def array(answer):
    """The answer as a float array, or None when it is not a rectangular array of
    real numbers: a ragged list, a string, bytes, True/False, complex numbers,
    numbers too large for a float (10**400), None, a dict, a generator, ...
    (``checks.real_array`` decides, the engine's own rule).

    NaN and ±inf entries are kept (they are floats); :func:`close` never matches them.
    """
    return _read(checks.real_array, answer)


def number(answer):
    """The answer as a float, or None when it is not one real number.

    Python and numpy scalars and one-element arrays (``ex.delta[3][0]``) count;
    True/False, strings, bytes, complex numbers and 10**400 do not
    (``checks.one_number`` decides).  NaN and ±inf come back as floats: see :func:`finite`.
    """
    return _read(checks.one_number, answer)


def _read(reader, answer):
    if answer is Ellipsis or callable(answer):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            return reader(answer, "the answer", finite=False)
    except Exception:                   # the reader's object: whatever it raises, refuse it
        return None


def close(answer, expected, rtol=1e-6, atol=1e-9):
    """Whether ``answer`` (anything typed) equals ``expected``: ``checks.close`` of the
    answer read by :func:`array`; NaN and ±inf never equal a finite ``expected``."""
    return checks.close(array(answer), expected, rtol, atol)


def finite(answer, what="one number"):
    """(value, None) for one finite real number, else (None, the hint to print)."""
    value = number(answer)
    if value is None:
        return None, f"the answer should be {what}, got {_kind(answer)}"
    if not np.isfinite(value):
        return None, f"the answer should be {what}, a finite one, got {value}"
    return value, None


def function(fn, example):
    """Whether ``fn`` can be called; if not, print the FAIL (naming ``example``, the
    function the reader should pass) and return False.  ``...`` is the reader's turn
    (printed by :func:`unanswered`), also False."""
    if unanswered(fn):
        return False
    if not callable(fn):
        report(False, "", f"pass your function itself, e.g. {example} (no brackets), "
                          f"got {_kind(fn)}")
        return False
    return True


def call(fn, *args):
    """(what the reader's ``fn`` returns, None), or (None, the hint) when it raises."""
    try:
        return fn(*args), None
    except Exception as error:          # the reader's code: report, don't crash the page
        said = f": {error}" if str(error) else ""
        return None, f"your function raised {type(error).__name__}{said}"


def _kind(answer):
    """A short, one-line description of a value for a hint (its type, and the value if short)."""
    shown = checks.show(answer, limit=60)
    return shown if shown.startswith(("an array", "a ")) else f"{type(answer).__name__} {shown}"


def not_an_array(expected):
    """The FAIL for an answer that is not an array of numbers (see :func:`array`)."""
    return report(False, "", f"the answer should be an array of numbers of shape "
                             f"{np.shape(expected)}")


def judge(answer, expected, success, slips=(), otherwise="", what="one number",
          rtol=1e-6, atol=1e-9, read=None):
    """The one way an exercise judges a numeric answer; a check is mostly its ``slips``.

    ``...`` is the reader's turn (None).  An ``expected`` number takes one finite
    number (else FAIL saying it should be ``what``), an ``expected`` array any
    array of numbers (``read`` may reshape it first).  Then PASS with ``success``
    when the answer is close to ``expected``; else FAIL with the hint of the first
    ``(wrong value a slip produces, hint)`` it is close to; else FAIL with
    ``otherwise``.  ``success`` and ``otherwise`` may be functions of the answer
    read, ``slips`` a function giving the list (computed only when needed, with
    numpy's overflow warnings off: a slip that overflows matches nothing).
    """
    if unanswered(answer):
        return None
    if np.ndim(expected) == 0:
        value, why = finite(answer, what)
        if why:
            return report(False, "", why)
    else:
        value = array(answer)
        if value is None:
            return not_an_array(expected)
        value = value if read is None else read(value)
    if checks.close(value, expected, rtol, atol):
        return report(True, _text(success, value), "")
    with quiet():
        slips = list(slips() if callable(slips) else slips)
    for wrong, hint in slips:
        if checks.close(value, wrong, rtol, atol):
            return report(False, "", hint)
    return report(False, "", _text(otherwise, value))


def shaped_like(expected):
    """A ``read`` for :func:`judge`: an answer with as many entries as ``expected`` is
    read in its shape (a flat list for a column vector)."""
    return lambda a: a.reshape(np.shape(expected)) if a.size == np.size(expected) else a


def _text(text, value):
    return text(value) if callable(text) else text
