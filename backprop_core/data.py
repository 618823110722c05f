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

Used by chapters 7 (training on digits, the MNIST reader) and 10 (the three costs
compared).
"""
import gzip
from pathlib import Path
from typing import NamedTuple

import numpy as np

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


def one_hot(labels, n_classes=N_CLASSES):
    """The (n_classes, m) matrix of targets y with y_j = 1 exactly where j is the label."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(f"labels must be a 1-D array of integers, got shape {labels.shape} "
                         f"and dtype {labels.dtype}")
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}, "
                         f"got values from {labels.min()} to {labels.max()}")
    Y = np.zeros((n_classes, labels.size))
    Y[labels, np.arange(labels.size)] = 1.0
    return Y


def dataset(images, labels):
    """A :class:`Dataset` from ``images`` (m, ...) with pixel values already in [0, 1]."""
    images = np.asarray(images, dtype=float)
    labels = np.asarray(labels).astype(int)
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
    from sklearn.datasets import load_digits

    digits = load_digits()
    n = digits.target.shape[0]
    for what, value in (("validation", validation), ("test", test)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{what} must be a positive number of examples, got {value!r}")
    if validation + test >= n:
        raise ValueError(f"validation + test = {validation + test} leaves no training "
                         f"examples; expected less than {n}")
    order = np.random.default_rng(seed).permutation(n)
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


def read_idx(path, magic):
    """The unsigned-byte array stored in the IDX file ``path`` (gzipped or not).

    The file starts with a big-endian 32-bit magic number (``magic``, whose last
    byte is the number of dimensions), then one 32-bit size per dimension, then
    the bytes of the array.  A wrong magic number, a truncated file or extra
    bytes raise ValueError.
    """
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rb") as f:
            raw = f.read()
    except (OSError, EOFError) as err:   # gzip.BadGzipFile is an OSError
        raise ValueError(f"cannot read IDX file {path}: {err}") from None
    if len(raw) < 4:
        raise ValueError(f"{path.name} is truncated: {len(raw)} bytes, "
                         "expected at least a 4-byte magic number")
    found = int.from_bytes(raw[:4], "big")
    if found != magic:
        raise ValueError(f"{path.name} has magic number {found:#010x}; expected {magic:#010x} "
                         "(is it the right file, or still compressed without a .gz name?)")
    ndim = magic & 0xFF
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise ValueError(f"{path.name} is truncated inside its header: {len(raw)} bytes, "
                         f"expected at least {header}")
    shape = tuple(int.from_bytes(raw[4 + 4 * i:8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(shape))
    if len(raw) != expected:
        problem = "truncated" if len(raw) < expected else "longer than its header says"
        raise ValueError(f"{path.name} is {problem}: {len(raw)} bytes, expected {expected} "
                         f"for an array of shape {shape}")
    return np.frombuffer(raw, dtype=np.uint8, offset=header).reshape(shape)


def _find(folder, name):
    """``name`` or ``name.gz`` in ``folder`` (also the common 'idx3-ubyte' → '.idx3-ubyte' spelling)."""
    candidates = [name, name.replace("-idx", ".idx")]
    for stem in candidates:
        for suffix in ("", ".gz"):
            path = folder / (stem + suffix)
            if path.is_file():
                return path
    raise ValueError(f"no {name} (or {name}.gz) in {folder}; expected the four standard "
                     "MNIST files there")


def load_mnist(path):
    """MNIST from the folder ``path``: ``{"train": Dataset, "test": Dataset}``.

    Images (m, 28, 28) of bytes 0..255 become columns x of 784 values in [0, 1].
    The image and label counts must agree and every label must be a digit 0..9.
    """
    folder = Path(path)
    if not folder.is_dir():
        raise ValueError(f"{folder} is not a folder; expected the folder holding the MNIST files")
    out = {}
    for part, (images_name, labels_name) in MNIST_FILES.items():
        images = read_idx(_find(folder, images_name), IMAGES_MAGIC)
        labels = read_idx(_find(folder, labels_name), LABELS_MAGIC)
        if images.shape[0] != labels.shape[0]:
            raise ValueError(f"{part}: {images.shape[0]} images but {labels.shape[0]} labels; "
                             "expected the same count")
        if labels.size and labels.max() >= N_CLASSES:
            raise ValueError(f"{part}: label {labels.max()} found; expected digits 0..9")
        out[part] = dataset(images / 255.0, labels)
    return out
