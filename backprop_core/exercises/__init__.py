"""In-page exercise checks.  One module per chapter (``chNN_topic.py``); each
check function takes the reader's answer and returns True/False, printing
``PASS`` or ``FAIL`` with a specific hint.  An answer left as ``...`` is not
judged: the check says it is the reader's turn.
"""
import numpy as np

__all__ = ["array", "close", "judge", "not_an_array", "number", "report", "unanswered"]


def unanswered(answer):
    """True (and a nudge printed) while the reader's answer is still ``...``."""
    if answer is Ellipsis:
        print("Your turn: replace ... with your answer and run the cell again.")
        return True
    return False


def report(ok, success, hint):
    """Print PASS with ``success`` or FAIL with ``hint``; return ``ok``."""
    print(f"PASS: {success}" if ok else f"FAIL: {hint}")
    return bool(ok)


def close(answer, expected, rtol=1e-6, atol=1e-9):
    """Whether ``answer`` equals ``expected`` (numbers or arrays of the same shape)."""
    a = array(answer)
    if a is None:
        return False
    e = np.asarray(expected, dtype=float)
    return a.shape == e.shape and bool(np.allclose(a, e, rtol=rtol, atol=atol))


def array(answer):
    """The answer as a float array, or None when it is not a rectangular array of
    real numbers (a ragged list, a string, bytes, complex numbers, None)."""
    import warnings
    if answer is None or isinstance(answer, (str, bytes)):
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")          # complex → ComplexWarning: refuse it
            return np.asarray(answer, dtype=float)
    except (TypeError, ValueError, OverflowError, Warning):
        return None


def not_an_array(expected):
    """The FAIL for an answer that is not an array of numbers (see :func:`array`)."""
    return report(False, "", f"the answer should be an array of numbers of shape "
                             f"{np.shape(expected)}")


def number(answer):
    """The answer as a float, or None when it is not one number."""
    if isinstance(answer, (bool, str, bytes)) or np.iscomplexobj(answer):
        return None
    try:
        return float(answer)
    except (TypeError, ValueError, OverflowError):
        return None


def judge(answer, expected, success, mistakes=(), otherwise="", what="one number"):
    """Judge a numeric answer: PASS when close to ``expected``; otherwise FAIL with
    the hint of the first ``(candidate, hint)`` mistake it matches, else ``otherwise``."""
    value = number(answer)
    if value is None:
        return report(False, "", f"the answer should be {what}")
    if close(value, expected):
        return report(True, success, "")
    for candidate, hint in mistakes:
        if close(value, candidate):
            return report(False, "", hint)
    return report(False, "", otherwise)
