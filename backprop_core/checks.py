"""Input checks shared by the package: a clear error instead of a numpy traceback.

Every public entry point turns a reader's value into a number, an array, a
count or a seed here, or says why it can't:

* a value of the wrong *kind* (a string, bytes, a complex number, a bool where
  a number is meant, None, a ragged list) raises :class:`KindError`, which is a
  ``TypeError`` (and also a ``ValueError``, so code that catches ValueError for
  bad input catches it too);
* a value of the right kind outside the range (NaN, ±inf, a Python int such as
  ``10**400`` too large for a float, a negative size) raises ``ValueError``.

Both name the argument, the expected kind or range, and the value received.
Python and numpy scalars (``np.float32(0.001)``, ``np.int64(3)``), lists and
arrays are accepted.  Used by the engine and by every module that takes a
reader's input (chapters 0–11).
"""
import numbers

import numpy as np

from .divergence import quiet
from .layers import LayerError, Layers


class KindError(TypeError, ValueError):
    """A value of the wrong kind (e.g. a string where a number goes): a TypeError, and a
    ValueError too so that ``except ValueError`` for bad input still catches it."""


def show(value, limit=60):
    """A short, plain description of a value for messages (numpy scalars as plain numbers)."""
    if isinstance(value, (np.integer, np.floating)) and not isinstance(value, np.bool_):
        text = repr(value.item())
    elif isinstance(value, np.ndarray):
        text = f"an array of shape {value.shape} and dtype {value.dtype}"
    else:
        try:
            text = repr(value)
        except Exception:                       # a reader's object whose repr raises
            text = f"a {type(value).__name__}"
    text = " ".join(str(text).split())          # one line, whatever the repr
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _kind(value):
    """Why ``value`` is not a real number (a phrase), or None if it is one."""
    if isinstance(value, (bool, np.bool_)):
        return "a bool, not a number"
    if isinstance(value, (str, np.str_)):
        return "a string; write the number itself, without quotes"
    if isinstance(value, (bytes, bytearray)):
        return "bytes, not a number"
    if isinstance(value, (complex, np.complexfloating)):
        return "a complex number; expected a real number"
    if isinstance(value, numbers.Real):
        return None
    if value is None:
        return "no value"
    return f"a {type(value).__name__}"


def _scalar(value):
    """A 0-d real numpy array as its scalar; anything else unchanged."""
    if isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in "iuf":
        return value[()]
    return value


def real(value, what):
    """One real number as a float (it may be NaN or ±inf), or an error naming ``what``.

    A bool, string, bytes, complex number, None or container raises KindError; a
    Python int too large for a float (``10**400``) raises ValueError.
    """
    value = _scalar(value)
    why = _kind(value)
    if why is not None:
        raise KindError(f"{what} must be a real number, got {show(value)} ({why})")
    try:
        return float(value)
    except OverflowError:
        digits = len(str(abs(int(value)))) if abs(int(value)) < 10 ** 4000 else "over 4000"
        raise ValueError(f"{what} must be a real number a float can hold (|value| < 1.8e308), "
                         f"got an integer with {digits} digits") from None
    except (TypeError, ValueError):
        raise KindError(f"{what} must be a real number, got {show(value)}") from None


def finite(value, what):
    """A finite real number as float, or an error naming ``what``."""
    x = real(value, what)
    if not np.isfinite(x):
        raise ValueError(f"{what} must be a finite number, got {show(value)}")
    return x


def positive(value, what):
    """A positive finite number as float, or an error naming ``what``."""
    x = real(value, what)
    if not (np.isfinite(x) and x > 0):
        raise ValueError(f"{what} must be a positive finite number, got {show(value)}")
    return x


def in_range(value, what, low, high):
    """A finite number with low ≤ value ≤ high, as float, or an error naming ``what`` and the range."""
    low, high = real(low, "the lower bound low"), real(high, "the upper bound high")
    x = real(value, what)
    if not (np.isfinite(x) and low <= x <= high):
        raise ValueError(f"{what} must be a number in [{_num(low)}, {_num(high)}], got {show(value)}")
    return x


def _num(bound):
    """A range's bound for a message: 1e-08, 100, 0.5."""
    try:
        return f"{float(bound):g}"
    except (TypeError, ValueError, OverflowError):
        return show(bound)


def integer(value, what, low=None, high=None):
    """A Python or numpy integer (not a bool) with low ≤ value ≤ high, as int."""
    low = None if low is None else integer(low, "the lower bound low")
    high = None if high is None else integer(high, "the upper bound high")
    value = _scalar(value)
    span = (f" in {low}..{high}" if low is not None and high is not None
            else f" ≥ {low}" if low is not None else f" ≤ {high}" if high is not None else "")
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise KindError(f"{what} must be an integer{span}, got {show(value)}"
                        + (f" ({_kind(value)})" if _kind(value) else ""))
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValueError(f"{what} must be an integer{span}, got {show(value)}")
    return int(value)


def count(value, what):
    """A positive integer, or an error naming ``what``."""
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise KindError(f"{what} must be a positive integer, got {show(value)}")
    if value < 1:
        raise ValueError(f"{what} must be a positive integer, got {show(value)}")
    return int(value)


def seed(value, what="seed"):
    """A random seed: None (fresh randomness) or a non-negative integer, returned as such."""
    if value is None:
        return None
    value = _scalar(value)
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral) or value < 0:
        raise (ValueError if isinstance(value, numbers.Integral) and not isinstance(
            value, (bool, np.bool_)) else KindError)(
            f"{what} must be None or a non-negative integer, got {show(value)}")
    return int(value)


def real_array(x, what, finite=True):
    """``x`` (a number, a list or an array of real numbers) as a float ndarray.

    Strings, bytes, complex numbers, bools, None and other objects raise KindError;
    ragged lists and (when ``finite``) NaN, ±inf or integers too large for a float
    raise ValueError.  Nothing is converted silently.
    """
    if isinstance(x, (str, bytes, bytearray, np.str_, bool, np.bool_)) or x is None:
        raise KindError(f"{what} must be numeric (real numbers), got {show(x)} ({_kind(x)})")
    if isinstance(x, (list, tuple)):
        _no_bools(x, what)
    try:
        arr = np.asarray(x)
    except (ValueError, TypeError, OverflowError):
        raise ValueError(f"{what} must be numeric: a number, or a rectangular list or array "
                         "of numbers (every row the same length), got a ragged or "
                         "mixed list") from None
    kind = arr.dtype.kind
    if kind == "O":
        out = np.empty(arr.shape, dtype=float)
        for idx, v in np.ndenumerate(arr):
            where = f"{what}{list(idx)}" if arr.ndim else what
            if isinstance(v, (list, tuple, np.ndarray)):
                raise ValueError(f"{what} must be numeric: a rectangular list or array of "
                                 "numbers, got a ragged or nested list")
            why = _kind(v)
            if why is not None:
                raise KindError(f"{what} must be numeric (real numbers), got {show(v)} at "
                                f"{where} ({why})")
            out[idx] = real(v, where)
        arr = out
    elif kind in "iuf":
        arr = arr.astype(float, copy=False)
    elif kind == "b":
        raise KindError(f"{what} must be numeric (real numbers), got an array of bools; "
                        "use 0.0 and 1.0")
    elif kind == "c":
        raise KindError(f"{what} must be numeric (real numbers), got complex numbers")
    elif kind in "USa":
        raise KindError(f"{what} must be numeric (real numbers), got "
                        f"{'strings' if kind == 'U' else 'bytes'}")
    else:
        raise KindError(f"{what} must be numeric (real numbers), got an array of dtype {arr.dtype}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"{what} contains NaN or infinity; expected finite numbers")
    return arr


def one_number(value, what, finite=True):
    """One real number as a float: a Python or numpy scalar, or an array of one entry
    (``ex.delta[3][0]``).  Anything else raises as :func:`real` and :func:`real_array` do;
    NaN and ±inf raise ValueError when ``finite``."""
    if isinstance(value, np.ndarray) and value.ndim > 0:
        arr = real_array(value, what, finite=False)
        if arr.size != 1:
            raise KindError(f"{what} must be one number, got an array of {arr.size}")
        value = arr.reshape(-1)[0]
    x = real(value, what)
    if finite and not np.isfinite(x):
        raise ValueError(f"{what} must be a finite number, got {show(value)}")
    return x


def close(value, expected, rtol=1e-6, atol=1e-9, scale=None):
    """Whether ``value`` (a number or array of numbers, None for no value) equals
    ``expected``: the same shape, every entry finite and |value − expected| ≤
    atol + rtol·scale, where ``scale`` is |expected| unless given (e.g. the size
    of a step, for an updated weight).  Used by every exercise check and by the
    by-hand table (chapters 0–15)."""
    if value is None:
        return False
    v, e = np.asarray(value, dtype=float), np.asarray(expected, dtype=float)
    if v.shape != e.shape or not (np.all(np.isfinite(v)) and np.all(np.isfinite(e))):
        return False
    with quiet():                              # two huge numbers of opposite sign: not close
        return bool(np.all(np.abs(v - e) <= atol + rtol * (np.abs(e) if scale is None
                                                            else abs(scale))))


def finite_result(value, what):
    """``value`` (computed under ``divergence.quiet()``) if every entry is finite;
    otherwise a ValueError saying ``what`` overflowed, instead of a RuntimeWarning and an inf."""
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{what} is too large to represent (it overflows to infinity); "
                         "use smaller numbers")
    return value


def _no_bools(items, what, depth=0):
    """Refuse a bool anywhere in nested lists (numpy would quietly read True as 1)."""
    for v in items:
        if isinstance(v, (bool, np.bool_)):
            raise KindError(f"{what} must be numeric (real numbers), got {v!r} in a list "
                            "(a bool, not a number); use 0.0 and 1.0")
        if isinstance(v, (list, tuple)) and depth < 32:
            _no_bools(v, what, depth + 1)


def as_columns(x, rows, what):
    """Return x as a float (rows, m) matrix of examples-as-columns, or raise ValueError.

    A 1-D array of length ``rows`` is read as one column vector.
    """
    arr = real_array(x, what, finite=False)
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
    L = integer(L, "the number of layers L")
    l = _scalar(l)
    if isinstance(l, (bool, np.bool_)) or not isinstance(l, numbers.Integral):
        raise LayerError(f"layer l must be an integer in {first}..{L}, got {show(l)}")
    if not first <= l <= L:
        why = (" (layer 1 is the input and has no weights, biases or errors)"
               if first == 2 and l == 1 else "")
        raise LayerError(f"layer l={l} is out of range; expected {first}..{L}{why}")
    return int(l)


def index(i, n, what):
    """Check a neuron index is in 0..n-1."""
    n = integer(n, "the number of neurons n", 1)
    i = _scalar(i)
    if isinstance(i, (bool, np.bool_)) or not isinstance(i, numbers.Integral):
        raise KindError(f"{what} must be an integer in 0..{n - 1}, got {show(i)}")
    if not 0 <= i < n:
        raise ValueError(f"{what}={i} is out of range; expected 0..{n - 1}")
    return int(i)


#: The most weights a network may have (Σ_l n_l n_{l−1}); larger sizes are refused before
#: anything is allocated.  4·10^7 weights take 320 MB as float64.
MAX_WEIGHTS = 40_000_000


def sizes(sizes, limit=MAX_WEIGHTS):
    """Check a list of layer sizes [n1, ..., nL] with L ≥ 2 and every n ≥ 1 an integer,
    with at most ``limit`` weights in all (None: no limit, for functions that only count)."""
    expected = "sizes must be a list of at least two positive integers [n1, ..., nL]"
    if isinstance(sizes, (str, bytes, bytearray, dict, set)) or not hasattr(sizes, "__iter__"):
        raise KindError(f"{expected}, got {show(sizes)}")
    try:
        items = list(sizes)
    except Exception:
        raise KindError(f"{expected}, got {show(sizes)}") from None
    for n in items:
        n = _scalar(n)
        if isinstance(n, (bool, np.bool_)) or not isinstance(n, numbers.Integral):
            raise KindError(f"{expected}, got {show(sizes)} (entry {show(n)} is not an integer)")
    out = [int(n) for n in items]
    if len(out) < 2 or min(out) < 1:
        raise ValueError(f"{expected}, got {show(sizes)}")
    weights = sum(a * b for a, b in zip(out[:-1], out[1:]))
    if limit is not None and weights > limit:
        many = f"{float(weights):.3g}" if weights < 10 ** 300 else "over 1e300"
        raise ValueError(f"sizes {show(out)} make a network of {many} weights, more than "
                         f"this package allows ({limit:.0e}); use smaller layers")
    return out


_sizes = sizes          # for the functions below, whose argument is also called sizes


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
    sizes = _sizes(sizes, limit=None)
    l = layer(l, len(sizes))
    return l, index(j, Layers(sizes, 1, "n_l")[l], f"neuron j of layer {l}")


def weight(sizes, l, j, k):
    """Check the weight w^l_jk exists; return (l, j, k)."""
    l, j = neuron(sizes, l, j)
    return l, j, index(k, Layers(sizes, 1, "n_l")[l - 1], f"neuron k of layer {l - 1}")
