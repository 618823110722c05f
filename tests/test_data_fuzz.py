"""Fuzz backprop_core.data with hypothesis: random and mutated MNIST IDX files, bad arguments.

load_mnist on any folder of four files (truncated, with extra bytes, random header
fields, corrupt gzip streams, random labels) either returns well-formed data sets
or raises ValueError/TypeError with a message; never another exception, never a
warning.  Gzips that expand far beyond their header are refused with bounded
peak memory.  The other public functions get random arguments of every kind.
"""
import gzip
import struct
import tempfile
import tracemalloc
import warnings
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from backprop_core.data import (IMAGES_MAGIC, LABELS_MAGIC, MNIST_FILES, Dataset, dataset,
                                load_digits_split, load_mnist, one_hot, read_idx)

FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
NAMES = [name for pair in MNIST_FILES.values() for name in pair]
#: Sizes a header may declare: small ones, and ones that overflow or exceed any cap.
DIMENSION = st.one_of(st.integers(0, 8), st.sampled_from([28, 255, 2**16, 10**6, 2**31,
                                                          2**32 - 1]))
MAGIC = st.one_of(st.sampled_from([IMAGES_MAGIC, LABELS_MAGIC, 0x00000802, 0x00000804,
                                   0x00000D03, 0x00000901, 0x1F8B0800]),
                  st.integers(0, 2**32 - 1))


def idx(magic, shape, payload):
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", n) for n in shape) + payload


@st.composite
def mnist_folder(draw):
    """The four files as {name: bytes as stored}, valid ones mutated by random damage."""
    rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    files = {}
    for part, (images, labels) in MNIST_FILES.items():
        m = draw(st.integers(1, 4))
        pixels = draw(st.binary(min_size=m * rows * cols, max_size=m * rows * cols))
        digits = bytes(draw(st.lists(st.integers(0, 9), min_size=m, max_size=m)))
        files[images] = idx(IMAGES_MAGIC, (m, rows, cols), pixels)
        files[labels] = idx(LABELS_MAGIC, (m,), digits)
    for name in draw(st.lists(st.sampled_from(NAMES), max_size=3, unique=True)):
        data = files[name]
        how = draw(st.sampled_from(["truncate", "extend", "header", "flip", "random",
                                    "labels"]))
        if how == "truncate":
            data = data[:draw(st.integers(0, len(data) - 1))]
        elif how == "extend":
            data += draw(st.binary(min_size=1, max_size=64))
        elif how == "header":
            ndim = draw(st.integers(0, 5))
            data = idx(draw(MAGIC), draw(st.lists(DIMENSION, min_size=ndim, max_size=ndim)),
                       data[4 + 4 * (3 if "images" in name else 1):])
        elif how == "flip":
            i = draw(st.integers(0, len(data) - 1))
            data = data[:i] + bytes([data[i] ^ draw(st.integers(1, 255))]) + data[i + 1:]
        elif how == "random":
            data = draw(st.binary(max_size=200))
        else:                                           # labels: any byte, not only 0..9
            if "labels" in name:
                data = data[:8] + draw(st.binary(min_size=len(data) - 8,
                                                 max_size=len(data) - 8))
        files[name] = data
    stored = {}
    for name, data in files.items():
        if draw(st.booleans()):
            data = gzip.compress(data, mtime=0)
            if draw(st.integers(0, 4)) == 0:           # damage the compressed stream
                if draw(st.booleans()):
                    data = data[:draw(st.integers(0, len(data) - 1))]
                else:
                    i = draw(st.integers(0, len(data) - 1))
                    data = data[:i] + bytes([data[i] ^ 0xFF]) + data[i + 1:]
            name += ".gz"
        stored[name] = data
    return stored


def well_formed(mnist):
    assert set(mnist) == {"train", "test"}
    rows = mnist["train"].X.shape[0]
    for data in mnist.values():
        assert isinstance(data, Dataset)
        X, Y, labels = data
        m = data.m
        assert m >= 1 and X.shape == (rows, m) and rows >= 1
        assert X.dtype == float and np.all(np.isfinite(X)) and X.min() >= 0 and X.max() <= 1
        assert Y.shape == (10, m) and np.array_equal(Y.sum(axis=0), np.ones(m))
        assert labels.shape == (m,) and labels.dtype.kind == "i"
        assert labels.min() >= 0 and labels.max() <= 9
        assert np.array_equal(np.argmax(Y, axis=0), labels)


def outcome(function, *args, names=()):
    """Call under warnings-as-errors: the result, or the ValueError/TypeError raised, whose
    message must name one of ``names`` (the arguments or files)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return function(*args)
        except (ValueError, TypeError) as err:
            assert len(str(err)) > 15, f"{type(err).__name__} with too short a message: {err!r}"
            assert "Traceback" not in str(err)
            assert not names or any(name in str(err) for name in names), err
            return err


@FUZZ
@given(files=mnist_folder())
def test_load_mnist_on_mutated_files(files):
    with tempfile.TemporaryDirectory() as folder:
        for name, data in files.items():
            (Path(folder) / name).write_bytes(data)
        result = outcome(load_mnist, folder, names=[folder, *NAMES])
        event("refused" if isinstance(result, Exception) else "loaded")
        if not isinstance(result, Exception):
            well_formed(result)


@FUZZ
@given(magic=st.sampled_from([IMAGES_MAGIC, LABELS_MAGIC]), data=st.binary(max_size=300),
       gz=st.booleans())
def test_read_idx_on_random_bytes(magic, data, gz):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("a.gz" if gz else "a")
        path.write_bytes(data)
        result = outcome(read_idx, path, magic, names=[str(path)])
        if not isinstance(result, Exception):
            assert result.dtype == np.uint8 and result.ndim == magic & 0xFF
            header = 4 + 4 * result.ndim
            assert not gz and len(data) == header + result.size  # (random bytes are rarely gzip)


@settings(max_examples=15, deadline=None)
@given(shape=st.tuples(st.integers(1, 3), st.integers(1, 28), st.integers(1, 28)),
       extra_mib=st.integers(1, 40), member=st.booleans())
def test_gzip_expanding_beyond_its_header_is_refused_with_bounded_memory(shape, extra_mib,
                                                                         member):
    declared = int(np.prod(shape))
    zeros = bytes(1 << 20)
    if member:           # a second gzip member holding the excess (read as one stream)
        blob = gzip.compress(idx(IMAGES_MAGIC, shape, bytes(declared)))
        blob += gzip.compress(zeros, compresslevel=1) * extra_mib
    else:
        c = zlib.compressobj(6, zlib.DEFLATED, 31)
        blob = c.compress(idx(IMAGES_MAGIC, shape, bytes(declared)))
        blob += b"".join(c.compress(zeros) for _ in range(extra_mib)) + c.flush()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "a.gz"
        path.write_bytes(blob)
        tracemalloc.start()
        result = outcome(read_idx, path, IMAGES_MAGIC)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    assert isinstance(result, ValueError) and "longer than its header says" in str(result)
    assert str(shape) in str(result)
    assert peak < 2 * 2**20 + 2 * declared, f"peak {peak / 2**20:.1f} MiB for {extra_mib} MiB extra"


ANYTHING = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                     st.sampled_from([10**400, -10**400]), st.floats(), st.complex_numbers(),
                     st.text(max_size=5), st.binary(max_size=5),
                     st.lists(st.integers(-3, 12), max_size=5),
                     st.lists(st.lists(st.floats(-1, 2), max_size=3), max_size=3),
                     st.builds(np.int64, st.integers(-5, 2000)),
                     st.builds(np.float32, st.floats(-5, 5, width=32)))


@settings(max_examples=60, deadline=None)
@given(seed=st.one_of(ANYTHING, st.integers(0, 2**64)),
       validation=st.one_of(ANYTHING, st.integers(1, 900)),
       test=st.one_of(ANYTHING, st.integers(1, 900)))
def test_load_digits_split_with_any_arguments(seed, validation, test):
    result = outcome(load_digits_split, seed, validation, test,
                     names=["seed", "validation", "test"])
    if not isinstance(result, Exception):
        assert result.validation.m == validation and result.test.m == test
        assert sum(part.m for part in result) == 1797


@settings(max_examples=200, deadline=None)
@given(labels=ANYTHING, n_classes=st.one_of(ANYTHING, st.integers(1, 12)))
def test_one_hot_with_any_arguments(labels, n_classes):
    result = outcome(one_hot, labels, n_classes, names=["labels", "n_classes"])
    if not isinstance(result, Exception):
        assert result.ndim == 2 and result.shape[0] == n_classes
        assert np.array_equal(result.sum(axis=0), np.ones(result.shape[1]))


@settings(max_examples=200, deadline=None)
@given(images=st.one_of(ANYTHING, st.lists(st.lists(st.lists(st.floats(-0.5, 1.5), min_size=2,
                                                              max_size=2), min_size=2,
                                                     max_size=2), max_size=3)),
       labels=ANYTHING)
def test_dataset_with_any_arguments(images, labels):
    result = outcome(dataset, images, labels, names=["images", "labels"])
    if not isinstance(result, Exception):
        assert isinstance(result, Dataset) and result.Y.shape == (10, result.m)
        assert result.X.min() >= 0 and result.X.max() <= 1


@pytest.mark.parametrize("path", [None, 3, 2.5, b"x", ["a"], "", "\0", object(), "/nonexistent"])
def test_load_mnist_with_any_path(path):
    result = outcome(load_mnist, path, names=["path", "/nonexistent"])
    assert isinstance(result, (ValueError, TypeError))
