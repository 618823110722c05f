"""Input checks shared by the package: a clear ValueError instead of a numpy traceback.

Used by the engine and by every module that takes a reader's input (chapters 0–11).
"""
import numbers

import numpy as np

from .layers import LayerError, Layers


def as_columns(x, rows, what):
    """Return x as a float (rows, m) matrix of examples-as-columns, or raise ValueError.

    A 1-D array of length ``rows`` is read as one column vector.
    """
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be numeric, expected shape ({rows}, 1) or ({rows}, m)") from None
    if arr.ndim == 1 and arr.shape[0] == rows:
        arr = arr.reshape(rows, 1)
    if arr.ndim != 2 or arr.shape[0] != rows or arr.shape[1] == 0:
        raise ValueError(
            f"{what} has shape {arr.shape}; expected ({rows}, 1) for one example "
            f"or ({rows}, m) with examples as columns")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} contains NaN or infinity; expected finite numbers")
    return arr


def pair(x, y, n_in, n_out):
    """Check an input batch and its target batch together; return them as float matrices."""
    X = as_columns(x, n_in, "input x")
    Y = as_columns(y, n_out, "target y")
    if X.shape[1] != Y.shape[1]:
        raise ValueError(
            f"input x has {X.shape[1]} example column(s) but target y has {Y.shape[1]}; "
            "expected the same number")
    return X, Y


def layer(l, L):
    """Check a layer number l is in 2..L (layer 1 is the input and has no w or b)."""
    return layer_number(l, L, first=2)


def layer_number(l, L, first=1):
    """Check a layer number l is in first..L; a LayerError (a ValueError) names the range."""
    if isinstance(l, bool) or not isinstance(l, numbers.Integral):
        raise LayerError(f"layer l must be an integer in {first}..{L}, got {l!r}")
    if not first <= l <= L:
        why = (" (layer 1 is the input and has no weights, biases or errors)"
               if first == 2 and l == 1 else "")
        raise LayerError(f"layer l={l} is out of range; expected {first}..{L}{why}")
    return int(l)


def index(i, n, what):
    """Check a neuron index is in 0..n-1."""
    if isinstance(i, bool) or not isinstance(i, numbers.Integral):
        raise ValueError(f"{what} must be an integer in 0..{n - 1}, got {i!r}")
    if not 0 <= i < n:
        raise ValueError(f"{what}={i} is out of range; expected 0..{n - 1}")
    return int(i)


def sizes(sizes):
    """Check a list of layer sizes [n1, ..., nL] with L ≥ 2 and every n ≥ 1."""
    try:
        out = [int(n) for n in sizes]
        ok = all(int(n) == n for n in sizes)
    except (TypeError, ValueError):
        ok = False
    if not ok or len(out) < 2 or min(out) < 1:
        raise ValueError(
            f"sizes must be a list of at least two positive integers [n1, ..., nL], got {sizes!r}")
    return out


def one_column(v, rows, what):
    """Check v is a single column vector of ``rows`` numbers (one example); return it (rows, 1)."""
    V = as_columns(v, rows, what)
    if V.shape[1] != 1:
        raise ValueError(f"{what} has shape {V.shape}; expected one column ({rows}, 1), "
                         "i.e. one example")
    return V


def one_example(x, y, n_in, n_out, purpose):
    """Check (x, y) is a single example; return x as (n_in, 1), y as (n_out, 1).

    ``purpose`` names what needs one example, e.g. "backprop" or "the demon".
    """
    X, Y = pair(x, y, n_in, n_out)
    if X.shape[1] != 1:
        raise ValueError(f"{purpose} takes one example: x must have shape ({n_in}, 1), "
                         f"got {X.shape[1]} columns")
    return X, Y


def neuron(sizes, l, j):
    """Check neuron j of layer l exists (l in 2..L, j in 0..n_l − 1); return (l, j)."""
    l = layer(l, len(sizes))
    return l, index(j, Layers(sizes, 1, "n_l")[l], f"neuron j of layer {l}")


def weight(sizes, l, j, k):
    """Check the weight w^l_jk exists; return (l, j, k)."""
    l, j = neuron(sizes, l, j)
    return l, j, index(k, Layers(sizes, 1, "n_l")[l - 1], f"neuron k of layer {l - 1}")


def finite(value, what):
    """A finite real number as float, or a ValueError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not np.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}")
    return float(value)


def positive(value, what):
    """A positive finite number as float, or a ValueError naming ``what``."""
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a positive number, got {value!r}") from None
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{what} must be a positive finite number, got {value!r}")
    return value


def count(value, what):
    """A positive integer, or a ValueError naming ``what``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{what} must be a positive integer, got {value!r}")
    return int(value)


def example(ex, purpose, one=True):
    """Check ``ex`` is ``net.example(x, y)`` (of one column when ``one``); return it.

    ``purpose`` names what needs it, e.g. "the demon" or "check_hidden_delta".
    """
    from .example import Example          # the engine imports this module
    if not isinstance(ex, Example):
        raise TypeError(f"{purpose} expected net.example(x, y), got {type(ex).__name__}")
    if one and ex.m != 1:
        raise ValueError(f"{purpose} takes one example: x must have shape "
                         f"({ex.net.n[1]}, 1), got {ex.m} columns")
    return ex
