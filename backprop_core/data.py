"""Handwritten digits as the core wants them: examples as columns.

Every data set here is a :class:`Dataset` ``(X, Y, labels)``:

* ``X``      — inputs, shape (n_in, m), one example x per column, scaled to [0, 1];
* ``Y``      — one-hot targets y, shape (10, m): y_j = 1 for the right digit j, 0 elsewhere;
* ``labels`` — the digits themselves, integers of shape (m,).

Two sources:

* :func:`load_digits_split` — the 1,797 scanned 8 × 8 digits bundled with
  scikit-learn (no download; they work offline), split at random with a fixed
  seed into training, validation and test sets;
* :func:`load_mnist` — the real MNIST files (28 × 28 digits) in the standard IDX
  format, for readers who already have them on disk.  Nothing is downloaded.
  A file's header is read and checked first; then at most the number of bytes
  it declares (plus one, to notice extra bytes) is read, so a small gzip that
  expands far beyond its header is refused without being decompressed.

Used by chapters 7 (training on digits, the MNIST reader) and 10 (the three costs
compared).
"""
import gzip
import math
import os
import zlib
from pathlib import Path
from typing import NamedTuple

import numpy as np

from . import checks

N_CLASSES = 10


class Dataset(NamedTuple):
    """Inputs X (n_in, m), one-hot targets Y (10, m) and integer labels (m,)."""
    X: np.ndarray
    Y: np.ndarray
    labels: np.ndarray

    @property
    def m(self):
        """The number of examples (columns)."""
        return self.X.shape[1]


class Split(NamedTuple):
    """Training, validation and test sets."""
    train: Dataset
    validation: Dataset
    test: Dataset


def _labels(labels, n_classes, what="labels"):
    """``labels`` as a 1-D int array of classes 0..n_classes − 1, or a clear error."""
    if isinstance(labels, np.ndarray) and labels.dtype.kind in "iu":
        arr = labels
    else:
        arr = checks.real_array(labels, what, finite=True)
        if arr.size and not np.all(arr == np.round(arr)):
            raise ValueError(f"{what} must be integers (whole numbers 0..{n_classes - 1}), "
                             f"got a non-integer value {checks.show(arr[arr != np.round(arr)][0])}")
    if arr.ndim != 1:
        raise ValueError(f"{what} must be a 1-D array of integers, got shape {arr.shape}")
    if arr.size and (arr.min() < 0 or arr.max() >= n_classes):
        raise ValueError(f"{what} must lie in 0..{n_classes - 1}, "
                         f"got values from {checks.show(arr.min())} to {checks.show(arr.max())}")
    return arr.astype(int)


def one_hot(labels, n_classes=N_CLASSES):
    """The (n_classes, m) matrix of targets y with y_j = 1 exactly where j is the label."""
    n_classes = checks.integer(n_classes, "n_classes", 1, 10_000)
    labels = _labels(labels, n_classes)
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def dataset(images, labels):
    """A :class:`Dataset` from ``images`` (m, ...) with pixel values already in [0, 1]."""
    images = checks.real_array(images, "images", finite=True)
    if images.ndim < 2 or images.shape[0] == 0 or images[0].size == 0:
        raise ValueError(f"images must have shape (m, ...) with m ≥ 1 examples of at least one "
                         f"pixel, got shape {images.shape}")
    if images.min() < 0.0 or images.max() > 1.0:
        raise ValueError(f"images must have pixel values in [0, 1], got values from "
                         f"{images.min():g} to {images.max():g}")
    labels = _labels(labels, N_CLASSES)
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{images.shape[0]} images but {labels.shape[0]} labels; "
                         "expected one label per image")
    X = images.reshape(images.shape[0], -1).T.copy()
    return Dataset(X, one_hot(labels), labels)


def load_digits_split(seed=0, validation=300, test=300):
    """scikit-learn's 8 × 8 digits, shuffled with ``seed`` and split three ways.

    Pixel values 0..16 are divided by 16, so x lies in [0, 1] with 64 rows.
    The last ``validation + test`` shuffled examples are held out (validation
    first, then test); the rest (1,197 of 1,797 by default) is the training set.
    """
    seed = checks.integer(seed, "seed", low=0)
    validation = checks.count(validation, "validation (the number of validation examples)")
    test = checks.count(test, "test (the number of test examples)")
    from sklearn.datasets import load_digits

    digits = load_digits()
    n = digits.target.shape[0]
    if validation + test >= n:
        raise ValueError(f"validation + test = {validation + test} leaves no training "
                         f"examples; expected less than {n}")
    order = np.random.default_rng(checks.seed(seed)).permutation(n)
    images = digits.images / 16.0
    n_train = n - validation - test
    parts = (order[:n_train], order[n_train:n_train + validation], order[n_train + validation:])
    return Split(*(dataset(images[part], digits.target[part]) for part in parts))


# ----- MNIST in the IDX format ------------------------------------------------
#: The four standard MNIST files (each may also be gzipped: name + ".gz").
MNIST_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
#: IDX magic numbers: two zero bytes, type 0x08 (unsigned byte), number of dimensions.
IMAGES_MAGIC = 0x00000803
LABELS_MAGIC = 0x00000801
#: The largest array an IDX file may declare, in bytes (MNIST's training images: 47 MB).
MAX_IDX_BYTES = 10**9
_CHUNK = 1 << 20
_IDX_TYPES = {0x08: "unsigned bytes", 0x09: "signed bytes", 0x0B: "16-bit integers",
              0x0C: "32-bit integers", 0x0D: "32-bit floats", 0x0E: "64-bit floats"}
_READ_ERRORS = (OSError, EOFError, zlib.error)   # gzip.BadGzipFile is an OSError


def _path(path, what):
    """``path`` (a str or os.PathLike) as a Path, or a TypeError/ValueError naming ``what``."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{what} must be a path (a str or pathlib.Path), got {checks.show(path)}")
    text = os.fspath(path)
    if not isinstance(text, str):
        raise TypeError(f"{what} must be a path given as text (str or pathlib.Path), "
                        f"got {checks.show(text)}")
    if not text or "\0" in text:
        raise ValueError(f"{what} must be a path, got {text!r}")
    return Path(text)


def _kind_of(path):
    """"folder", "file", "other" or None (nothing there) for ``path``; ValueError if unreadable."""
    try:
        if path.is_dir():
            return "folder"
        if path.is_file():
            return "file"
        return "other" if path.exists() else None
    except OSError as err:                               # e.g. a name too long, no permission
        raise ValueError(f"cannot look at {str(path)[:200]}: {err.strerror}; expected a "
                         "readable file or folder") from None


def _file(path, what="path"):
    """``path`` as an existing regular file's Path, or a clear error."""
    path = _path(path, what)
    kind = _kind_of(path)
    if kind == "folder":
        raise ValueError(f"{path} is a folder; expected an IDX file")
    if kind != "file":
        what = "does not exist" if kind is None else "is not a regular file"
        raise ValueError(f"{path} {what}; expected an IDX file")
    return path


def _magic(magic):
    """The expected magic number checked: 0x000008NN (unsigned bytes), 1 ≤ NN ≤ 4 dimensions."""
    magic = checks.integer(magic, "magic", 0, 0xFFFFFFFF)
    if magic >> 8 != 0x08 or not 1 <= magic & 0xFF <= 4:
        raise ValueError(f"magic must be an unsigned-byte IDX magic number 0x00000801.."
                         f"0x00000804 (IMAGES_MAGIC or LABELS_MAGIC), got {magic:#010x}")
    return magic


def _read(f, n):
    """Up to ``n`` bytes from ``f`` in chunks (no n-byte buffer is made before the bytes exist)."""
    buf = bytearray()
    while len(buf) < n:
        chunk = f.read(min(_CHUNK, n - len(buf)))
        if not chunk:
            break
        buf += chunk
    return buf


def _header(f, path, magic):
    """Read and check the magic number and sizes at the start of ``f``; return the shape."""
    head = _read(f, 4)
    if len(head) < 4:
        raise ValueError(f"{path} is truncated: {len(head)} bytes, "
                         "expected at least a 4-byte magic number")
    found = int.from_bytes(head, "big")
    if found != magic:
        zeros, dtype, ndim = found >> 16, (found >> 8) & 0xFF, found & 0xFF
        if head[:2] == b"\x1f\x8b":
            why = "it looks gzipped: give it a .gz name"
        elif zeros:
            why = "an IDX file starts with two zero bytes: is it an IDX file?"
        elif dtype != magic >> 8:
            why = (f"its data type code is {dtype:#04x} "
                   f"({_IDX_TYPES.get(dtype, 'not an IDX type')}), expected 0x08 (unsigned bytes)")
        else:
            why = (f"it has {ndim} dimension(s), expected {magic & 0xFF} (images: count × rows "
                   "× columns; labels: one per image): is it the right file?")
        raise ValueError(f"{path} has magic number {found:#010x}; expected {magic:#010x}: {why}")
    ndim = magic & 0xFF
    sizes = _read(f, 4 * ndim)
    if len(sizes) < 4 * ndim:
        raise ValueError(f"{path} is truncated inside its header: {4 + len(sizes)} bytes, "
                         f"expected at least {4 + 4 * ndim}")
    shape = tuple(int.from_bytes(sizes[4 * i:4 * i + 4], "big") for i in range(ndim))
    if math.prod(shape) > MAX_IDX_BYTES:           # Python ints: no overflow
        raise ValueError(f"{path} declares an array of shape {shape}, {math.prod(shape):,} "
                         f"bytes; expected at most {MAX_IDX_BYTES:,} (a corrupt header?)")
    return shape


def _open(path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def idx_shape(path, magic):
    """The array shape declared by the header of the IDX file ``path``; nothing else is read."""
    path, magic = _file(path), _magic(magic)
    try:
        with _open(path) as f:
            return _header(f, path, magic)
    except _READ_ERRORS as err:
        raise ValueError(f"cannot read IDX file {path}: {err}") from None


def read_idx(path, magic):
    """The unsigned-byte array stored in the IDX file ``path`` (gzipped or not).

    The file starts with a big-endian 32-bit magic number (``magic``, whose last
    byte is the number of dimensions), then one 32-bit size per dimension, then
    the bytes of the array.  The header is checked first; then at most the
    declared number of bytes plus one is read.  A wrong magic number, a declared
    size above ``MAX_IDX_BYTES``, a truncated file or extra bytes raise ValueError.
    """
    path, magic = _file(path), _magic(magic)
    try:
        with _open(path) as f:
            shape = _header(f, path, magic)
            size = math.prod(shape)
            raw = _read(f, size + 1)
    except _READ_ERRORS as err:
        raise ValueError(f"cannot read IDX file {path}: {err}") from None
    header = 4 + 4 * len(shape)
    if len(raw) > size:
        raise ValueError(f"{path} is longer than its header says: more than {header + size} "
                         f"bytes, expected {header + size} for an array of shape {shape} "
                         f"(stopped reading at {header + size + 1})")
    if len(raw) < size:
        raise ValueError(f"{path} is truncated: {header + len(raw)} bytes, expected "
                         f"{header + size} for an array of shape {shape}")
    return np.frombuffer(raw, dtype=np.uint8).reshape(shape)


def _find(folder, name):
    """``name`` or ``name.gz`` in ``folder`` (also the common 'idx3-ubyte' → '.idx3-ubyte' spelling)."""
    candidates = [name, name.replace("-idx", ".idx")]
    for stem in candidates:
        for suffix in ("", ".gz"):
            path = folder / (stem + suffix)
            if _kind_of(path) == "file":
                return path
    raise ValueError(f"no {name} (or {name}.gz) in {folder}; expected the four standard "
                     "MNIST files there")


def _check_shapes(paths, shapes):
    """Refuse empty sets, empty images, count mismatches and differing image sizes."""
    for part in MNIST_FILES:
        (m, rows, cols), (n_labels,) = shapes[part]
        images, labels = paths[part]
        if m == 0:
            raise ValueError(f"{images} declares 0 images; expected at least one")
        if rows == 0 or cols == 0:
            raise ValueError(f"{images} declares images of {rows} × {cols} pixels; "
                             "expected at least 1 × 1 (MNIST's are 28 × 28)")
        if m != n_labels:
            raise ValueError(f"{part}: {m} images in {images.name} but {n_labels} labels in "
                             f"{labels.name}; expected the same count")
    train, test = shapes["train"][0][1:], shapes["test"][0][1:]
    if train != test:
        raise ValueError(f"training images are {train[0]} × {train[1]} pixels "
                         f"({paths['train'][0].name}) but test images are {test[0]} × {test[1]} "
                         f"({paths['test'][0].name}); expected the same size")


def load_mnist(path):
    """MNIST from the folder ``path``: ``{"train": Dataset, "test": Dataset}``.

    Images (m, 28, 28) of bytes 0..255 become columns x of 784 values in [0, 1].
    All four headers are checked before any pixels are read: at least one image
    of at least one pixel, as many labels as images, the same image size for
    training and test.  Then every label must be a digit 0..9.
    """
    folder = _path(path, "path")
    kind = _kind_of(folder)
    if kind != "folder":
        what = {None: "does not exist", "file": "is a file"}.get(kind, "is not a folder")
        raise ValueError(f"{folder} {what}; expected the folder holding the MNIST files")
    paths = {part: (_find(folder, images), _find(folder, labels))
             for part, (images, labels) in MNIST_FILES.items()}
    shapes = {part: (idx_shape(images, IMAGES_MAGIC), idx_shape(labels, LABELS_MAGIC))
              for part, (images, labels) in paths.items()}
    _check_shapes(paths, shapes)
    out = {}
    for part, (images_path, labels_path) in paths.items():
        images = read_idx(images_path, IMAGES_MAGIC)
        labels = read_idx(labels_path, LABELS_MAGIC)
        if labels.max() >= N_CLASSES:
            bad = int(np.argmax(labels >= N_CLASSES))
            raise ValueError(f"{labels_path}: label {labels[bad]} at position {bad}; "
                             "expected digits 0..9")
        if images.shape != shapes[part][0] or labels.shape != shapes[part][1]:
            raise ValueError(f"{part}: the MNIST files changed while they were being read")
        X = np.empty((images[0].size, images.shape[0]))     # x = bytes / 255, one per column
        np.divide(images.reshape(images.shape[0], -1).T, 255.0, out=X)
        out[part] = Dataset(X, one_hot(labels), labels.astype(int))
    return out
