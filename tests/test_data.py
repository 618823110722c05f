"""backprop_core.data: the digits split and the MNIST IDX reader (on tiny files written here).

Malformed IDX files (a gzip bomb, overflowing or absurd sizes, empty sets, wrong
magic numbers, mismatched counts and sizes) and bad arguments to every public
function must give a ValueError or TypeError naming the file or argument; random
malformed files are in test_data_fuzz.py.
"""
import gzip
import re
import struct
import time
import tracemalloc
import zlib

import numpy as np
import pytest
from sklearn.datasets import load_digits

from backprop_core.data import (IMAGES_MAGIC, LABELS_MAGIC, MAX_IDX_BYTES, dataset, idx_shape,
                                load_digits_split, load_mnist, one_hot, read_idx)
from backprop_core.widgets.training import digit_grid, plot_history


# ----- the scikit-learn digits --------------------------------------------------
def test_split_sizes_and_layout():
    split = load_digits_split(seed=0)
    assert [part.m for part in split] == [1197, 300, 300]
    for part in split:
        assert part.X.shape == (64, part.m) and part.Y.shape == (10, part.m)
        assert part.X.min() >= 0.0 and part.X.max() <= 1.0
        assert np.array_equal(np.argmax(part.Y, axis=0), part.labels)
        assert np.array_equal(part.Y.sum(axis=0), np.ones(part.m))


def test_split_is_a_permutation_of_the_bundled_digits():
    digits = load_digits()
    split = load_digits_split(seed=3)
    X = np.hstack([part.X for part in split])
    labels = np.concatenate([part.labels for part in split])
    original = np.column_stack([digits.data / 16.0, digits.target])
    ours = np.column_stack([X.T, labels])
    assert ours.shape == original.shape == (1797, 65)

    def sort_rows(a):
        return a[np.lexsort(a.T[::-1])]

    assert np.array_equal(sort_rows(original), sort_rows(ours))
    assert not np.array_equal(original, ours)      # shuffled, not in the bundled order


def test_split_depends_on_seed_only():
    a, b, c = load_digits_split(seed=0), load_digits_split(seed=0), load_digits_split(seed=1)
    assert np.array_equal(a.test.X, b.test.X)
    assert not np.array_equal(a.test.X, c.test.X)


@pytest.mark.parametrize("kwargs, match", [({"validation": 0}, "validation"),
                                           ({"test": -5}, "test"),
                                           ({"validation": 1000, "test": 900}, "no training")])
def test_split_rejects_bad_sizes(kwargs, match):
    with pytest.raises(ValueError, match=match):
        load_digits_split(**kwargs)


def test_one_hot():
    assert np.array_equal(one_hot(np.array([2, 0]), 3), [[0, 1], [0, 0], [1, 0]])
    with pytest.raises(ValueError, match="0..9"):
        one_hot(np.array([3, 10]))
    with pytest.raises(ValueError, match="integers"):
        one_hot(np.array([0.5]))


# ----- MNIST IDX files ----------------------------------------------------------
def idx_bytes(magic, array):
    return (struct.pack(">I", magic) + b"".join(struct.pack(">I", n) for n in array.shape)
            + array.astype(np.uint8).tobytes())


def write(path, data):
    if path.suffix == ".gz":
        with gzip.open(path, "wb") as f:
            f.write(data)
    else:
        path.write_bytes(data)


def fake_mnist(folder, gz, n_train=5, n_test=3, seed=0):
    rng = np.random.default_rng(seed)
    made = {}
    for part, prefix, m in (("train", "train", n_train), ("test", "t10k", n_test)):
        images = rng.integers(0, 256, (m, 28, 28))
        labels = rng.integers(0, 10, m)
        suffix = ".gz" if gz else ""
        write(folder / f"{prefix}-images-idx3-ubyte{suffix}", idx_bytes(IMAGES_MAGIC, images))
        write(folder / f"{prefix}-labels-idx1-ubyte{suffix}", idx_bytes(LABELS_MAGIC, labels))
        made[part] = (images, labels)
    return made


@pytest.mark.parametrize("gz", [False, True])
def test_load_mnist_parses_what_was_written(tmp_path, gz):
    made = fake_mnist(tmp_path, gz)
    mnist = load_mnist(tmp_path)
    for part, (images, labels) in made.items():
        data = mnist[part]
        assert data.X.shape == (784, len(labels))
        assert np.allclose(data.X * 255.0, images.reshape(len(labels), 784).T)
        assert np.array_equal(data.labels, labels)
        assert np.array_equal(np.argmax(data.Y, axis=0), labels)
        assert data.X.min() >= 0 and data.X.max() <= 1


def test_read_idx_shape_and_values(tmp_path):
    array = np.arange(24).reshape(2, 3, 4)
    write(tmp_path / "a", idx_bytes(IMAGES_MAGIC, array))
    assert np.array_equal(read_idx(tmp_path / "a", IMAGES_MAGIC), array)


def test_wrong_magic_number(tmp_path):
    write(tmp_path / "a", idx_bytes(LABELS_MAGIC, np.arange(3)))
    with pytest.raises(ValueError, match="magic number 0x00000801; expected 0x00000803"):
        read_idx(tmp_path / "a", IMAGES_MAGIC)


@pytest.mark.parametrize("cut, match", [(2, "at least a 4-byte"), (10, "inside its header"),
                                        (-1, "truncated: .* expected")])
def test_truncated_file(tmp_path, cut, match):
    data = idx_bytes(IMAGES_MAGIC, np.zeros((2, 3, 3)))
    write(tmp_path / "a.gz", data[:cut])
    with pytest.raises(ValueError, match=match):
        read_idx(tmp_path / "a.gz", IMAGES_MAGIC)


def test_extra_bytes(tmp_path):
    write(tmp_path / "a", idx_bytes(LABELS_MAGIC, np.arange(3)) + b"\x00")
    with pytest.raises(ValueError, match="longer than its header says"):
        read_idx(tmp_path / "a", LABELS_MAGIC)


def test_not_really_gzip(tmp_path):
    write(tmp_path / "a", idx_bytes(LABELS_MAGIC, np.arange(3)))
    (tmp_path / "a").rename(tmp_path / "a.gz")
    with pytest.raises(ValueError, match="cannot read IDX file"):
        read_idx(tmp_path / "a.gz", LABELS_MAGIC)


def test_count_mismatch(tmp_path):
    fake_mnist(tmp_path, gz=False)
    write(tmp_path / "t10k-labels-idx1-ubyte", idx_bytes(LABELS_MAGIC, np.arange(4)))
    with pytest.raises(ValueError, match="test: 3 images in t10k-images-idx3-ubyte but 4 labels "
                                         "in t10k-labels-idx1-ubyte; expected the same count"):
        load_mnist(tmp_path)


def test_label_out_of_range(tmp_path):
    fake_mnist(tmp_path, gz=True)
    write(tmp_path / "train-labels-idx1-ubyte.gz",
          idx_bytes(LABELS_MAGIC, np.array([0, 1, 2, 3, 12])))
    with pytest.raises(ValueError, match="train-labels-idx1-ubyte.gz: label 12 at position 4; "
                                         "expected digits 0..9"):
        load_mnist(tmp_path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ValueError, match="nowhere does not exist; expected the folder"):
        load_mnist(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="no train-images-idx3-ubyte"):
        load_mnist(tmp_path)


# ----- malformed MNIST files: refused from the header, before reading or allocating -------
def header(magic, *shape):
    return struct.pack(">I", magic) + b"".join(struct.pack(">I", n) for n in shape)


def gzip_bomb(path, expands_to_mib=200):
    """A gzip whose header declares one 28 × 28 image but which expands to ~200 MiB."""
    c = zlib.compressobj(9, zlib.DEFLATED, 31)          # wbits 31: the gzip container
    parts = [c.compress(header(IMAGES_MAGIC, 1, 28, 28))]
    zeros = bytes(1 << 20)
    parts += [c.compress(zeros) for _ in range(expands_to_mib)]
    path.write_bytes(b"".join(parts) + c.flush())
    return path


def peak_memory_and_time(function, *args):
    """(the exception raised, peak traced memory in bytes, seconds)."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        function(*args)
    except Exception as err:                              # returned for the caller to check
        raised = err
    else:
        raised = None
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return raised, peak, seconds


def test_gzip_bomb_is_refused_after_the_declared_size(tmp_path):
    bomb = gzip_bomb(tmp_path / "train-images-idx3-ubyte.gz")
    assert bomb.stat().st_size < 256 * 1024
    err, peak, seconds = peak_memory_and_time(read_idx, bomb, IMAGES_MAGIC)
    assert isinstance(err, ValueError)
    message = str(err)
    assert str(bomb) in message and "(1, 28, 28)" in message
    assert "longer than its header says: more than 800 bytes" in message
    assert peak < 2 * 2**20, f"peak memory {peak / 2**20:.1f} MiB reading a 784-byte image"
    assert seconds < 0.5


def test_gzip_bomb_inside_load_mnist(tmp_path):
    fake_mnist(tmp_path, gz=True, n_train=1)
    gzip_bomb(tmp_path / "train-images-idx3-ubyte.gz")
    err, peak, _ = peak_memory_and_time(load_mnist, tmp_path)
    assert isinstance(err, ValueError) and "longer than its header says" in str(err)
    assert peak < 4 * 2**20


@pytest.mark.parametrize("shape", [(2**31, 2**31, 4),            # 2**64: wraps to 0 in int64
                                   (2**32 - 1, 2**32 - 1, 2**32 - 1),
                                   (10**6, 1000, 1001)])          # just over the cap
def test_absurd_declared_sizes_are_refused_from_the_header(tmp_path, shape):
    path = tmp_path / "a"
    write(path, header(IMAGES_MAGIC, *shape) + bytes(784))
    err, peak, _ = peak_memory_and_time(read_idx, path, IMAGES_MAGIC)
    assert isinstance(err, ValueError)
    assert re.search(rf"declares an array of shape \({shape[0]}, {shape[1]}, {shape[2]}\), "
                     rf"[\d,]+ bytes; expected at most {MAX_IDX_BYTES:,}", str(err)), err
    assert peak < 2**20
    assert isinstance(peak_memory_and_time(idx_shape, path, IMAGES_MAGIC)[0], ValueError)


def test_labels_declaring_billions_are_refused(tmp_path):
    write(tmp_path / "a.gz", header(LABELS_MAGIC, 2**32 - 1) + bytes(5))
    with pytest.raises(ValueError, match=r"shape \(4294967295,\), 4,294,967,295 bytes"):
        read_idx(tmp_path / "a.gz", LABELS_MAGIC)


def test_truncated_file_with_a_large_declaration_reads_only_what_is_there(tmp_path):
    write(tmp_path / "a.gz", header(IMAGES_MAGIC, 1000, 1000, 900) + bytes(10))
    err, peak, _ = peak_memory_and_time(read_idx, tmp_path / "a.gz", IMAGES_MAGIC)
    assert isinstance(err, ValueError)
    assert "truncated: 26 bytes, expected 900000016 for an array of shape (1000, 1000, 900)" \
        in str(err)
    assert peak < 4 * 2**20                     # no 900 MB buffer made in advance


def replace(folder, name, data):
    for old in folder.glob(name + "*"):
        old.unlink()
    write(folder / name, data)


@pytest.mark.parametrize("name, data, match", [
    ("train-images-idx3-ubyte", header(IMAGES_MAGIC, 0, 28, 28),
     "train-images-idx3-ubyte declares 0 images; expected at least one"),
    ("t10k-images-idx3-ubyte", header(IMAGES_MAGIC, 3, 0, 0),
     r"t10k-images-idx3-ubyte declares images of 0 × 0 pixels; expected at least 1 × 1"),
    ("t10k-images-idx3-ubyte", header(IMAGES_MAGIC, 3, 28, 0),
     r"images of 28 × 0 pixels"),
    ("t10k-images-idx3-ubyte", header(IMAGES_MAGIC, 3, 20, 20) + bytes(1200),
     r"training images are 28 × 28 pixels \(train-images-idx3-ubyte\) but test images are "
     r"20 × 20 \(t10k-images-idx3-ubyte\); expected the same size"),
    ("train-images-idx3-ubyte", header(0x00000D03, 5, 28, 28) + bytes(4 * 5 * 784),
     r"magic number 0x00000d03; expected 0x00000803: its data type code is 0x0d "
     r"\(32-bit floats\), expected 0x08"),
    ("train-images-idx3-ubyte", header(0x00000802, 5, 784) + bytes(5 * 784),
     r"train-images-idx3-ubyte has magic number 0x00000802; expected 0x00000803: it has 2 "
     r"dimension\(s\), expected 3"),
    ("train-labels-idx1-ubyte", header(0x00000802, 5, 1) + bytes(5),
     r"expected 0x00000801: it has 2 dimension\(s\), expected 1"),
    ("train-labels-idx1-ubyte", header(IMAGES_MAGIC, 5, 1, 1) + bytes(5),
     r"expected 0x00000801: it has 3 dimension\(s\)"),
    ("train-labels-idx1-ubyte", b"\x12\x34" + header(LABELS_MAGIC, 5)[2:] + bytes(5),
     "starts with two zero bytes"),
    ("train-labels-idx1-ubyte", gzip.compress(header(LABELS_MAGIC, 5) + bytes(5)),
     "looks gzipped: give it a .gz name"),
    ("train-labels-idx1-ubyte", header(LABELS_MAGIC, 0),
     "train: 5 images in train-images-idx3-ubyte but 0 labels"),
], ids=["zero-images", "0x0-images", "28x0-images", "train-test-sizes", "float-dtype",
        "images-2d", "labels-2d", "labels-3d", "no-zero-bytes", "gzip-without-gz", "zero-labels"])
def test_malformed_headers_are_refused_by_name(tmp_path, name, data, match):
    fake_mnist(tmp_path, gz=False)
    replace(tmp_path, name, data)
    with pytest.raises(ValueError, match=match) as info:
        load_mnist(tmp_path)
    assert str(tmp_path) in str(info.value) or name in str(info.value)


def test_corrupt_gzip_streams_are_a_value_error(tmp_path):
    good = gzip.compress(header(LABELS_MAGIC, 784) + bytes(range(256)) * 3 + bytes(16))
    for where, match in ((10, "cannot read IDX file .*a.gz: Error -3"),       # zlib.error
                         (len(good) - 6, "cannot read IDX file .*a.gz: CRC check failed"),
                         (-3, "cannot read IDX file .*a.gz: Compressed file ended")):
        bad = bytearray(good)
        if where == -3:
            bad = bad[:-3]
        else:
            bad[where] ^= 0xFF
        (tmp_path / "a.gz").write_bytes(bytes(bad))
        with pytest.raises(ValueError, match=match):
            read_idx(tmp_path / "a.gz", LABELS_MAGIC)


# ----- bad arguments to the public functions ------------------------------------------------
@pytest.mark.parametrize("path, error, match", [
    (123, TypeError, "path must be a path .*got 123"),
    (None, TypeError, "path must be a path .*got None"),
    (b"/tmp", TypeError, r"path must be a path .*got b'/tmp'"),
    (["/tmp"], TypeError, "path must be a path"),
    ("", ValueError, "path must be a path, got ''"),
    ("a\0b", ValueError, "path must be a path"),
])
def test_load_mnist_and_read_idx_refuse_non_paths(path, error, match):
    for function, args in ((load_mnist, ()), (read_idx, (LABELS_MAGIC,)),
                           (idx_shape, (LABELS_MAGIC,))):
        with pytest.raises(error, match=match):
            function(path, *args)


def test_files_and_folders_in_the_wrong_place(tmp_path):
    write(tmp_path / "a", idx_bytes(LABELS_MAGIC, np.arange(3)))
    with pytest.raises(ValueError, match="a is a file; expected the folder"):
        load_mnist(tmp_path / "a")
    folder = re.escape(str(tmp_path))
    with pytest.raises(ValueError, match=f"{folder} is a folder; expected an IDX"):
        read_idx(tmp_path, LABELS_MAGIC)
    with pytest.raises(ValueError, match="b does not exist"):
        read_idx(tmp_path / "b", LABELS_MAGIC)
    with pytest.raises(ValueError, match="/dev/null is not a folder"):
        load_mnist("/dev/null")
    with pytest.raises(ValueError, match="/dev/null is not a regular file; expected an IDX file"):
        read_idx("/dev/null", LABELS_MAGIC)
    for function, args in ((load_mnist, ()), (read_idx, (LABELS_MAGIC,))):
        with pytest.raises(ValueError, match="cannot look at aaaa.*: File name too long"):
            function("a" * 5000, *args)


@pytest.mark.parametrize("magic, error", [("0x801", TypeError), (None, TypeError),
                                          (True, TypeError), (2049.0, TypeError),
                                          (0x00000D01, ValueError), (0x00000800, ValueError),
                                          (-1, ValueError), (10**400, ValueError)])
def test_read_idx_refuses_bad_magic_arguments(tmp_path, magic, error):
    write(tmp_path / "a", idx_bytes(LABELS_MAGIC, np.arange(3)))
    with pytest.raises(error, match="magic must be"):
        read_idx(tmp_path / "a", magic)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"seed": "abc"}, TypeError, "seed must be an integer ≥ 0, got 'abc'"),
    ({"seed": 1.5}, TypeError, "seed must be an integer"),
    ({"seed": None}, TypeError, "seed must be an integer"),
    ({"seed": True}, TypeError, "seed must be an integer"),
    ({"seed": -1}, ValueError, "seed must be an integer ≥ 0, got -1"),
    ({"validation": 2.5}, TypeError, "validation .* must be a positive integer, got 2.5"),
    ({"test": "30"}, TypeError, "test .* must be a positive integer, got '30'"),
    ({"test": None}, TypeError, "test .* must be a positive integer"),
    ({"validation": 10**400}, ValueError, "leaves no training examples"),
])
def test_split_refuses_bad_arguments(kwargs, error, match):
    with pytest.raises(error, match=match):
        load_digits_split(**kwargs)


def test_split_accepts_numpy_integers():
    split = load_digits_split(seed=np.int64(0), validation=np.int32(300), test=300)
    assert np.array_equal(split.test.labels, load_digits_split(seed=0).test.labels)


@pytest.mark.parametrize("labels, n_classes, error, match", [
    ([[1, 2], [3]], 10, ValueError, "labels must be numeric"),
    (["1", "2"], 10, TypeError, "labels must be numeric"),
    ([1, None], 10, TypeError, "labels must be numeric"),
    ([1.0, np.nan], 10, ValueError, "NaN"),
    ([True, False], 10, TypeError, "labels must be numeric.*bool"),
    ([1 + 2j], 10, TypeError, "complex"),
    ([10**400], 10, ValueError, "labels"),
    (3, 10, ValueError, "1-D array of integers, got shape ()"),
    ([[1, 2]], 10, ValueError, r"1-D array of integers, got shape \(1, 2\)"),
    ([-1], 10, ValueError, "0..9"),
    ([1, 2], 0, ValueError, "n_classes must be an integer in 1..10000, got 0"),
    ([1, 2], "3", TypeError, "n_classes must be an integer"),
    ([1, 2], 10**9, ValueError, "n_classes"),
])
def test_one_hot_refuses_bad_input(labels, n_classes, error, match):
    with pytest.raises(error, match=match):
        one_hot(labels, n_classes)


def test_one_hot_accepts_lists_and_whole_floats():
    assert np.array_equal(one_hot([2, 0], 3), one_hot(np.array([2.0, 0.0]), 3))
    assert one_hot([], 3).shape == (3, 0)


@pytest.mark.parametrize("images, labels, error, match", [
    ([[0.1, 0.2], [0.3]], [0, 1], ValueError, "images must be numeric"),
    ("abc", [0], TypeError, "images must be numeric"),
    (np.full((2, 3), np.nan), [0, 1], ValueError, "images contains NaN"),
    (np.full((2, 3), 2.0), [0, 1], ValueError, r"pixel values in \[0, 1\]"),
    (np.zeros(3), [0, 1, 2], ValueError, r"images must have shape \(m, \.\.\.\)"),
    (np.zeros((0, 3)), [], ValueError, r"m ≥ 1 examples"),
    (np.zeros((2, 0)), [0, 1], ValueError, "at least one pixel"),
    (np.zeros((2, 3)), [0, 1.5], ValueError, "labels must be integers"),
    (np.zeros((2, 3)), [0, 1, 2], ValueError, "2 images but 3 labels"),
])
def test_dataset_refuses_bad_input(images, labels, error, match):
    with pytest.raises(error, match=match):
        dataset(images, labels)


# ----- the training figures --------------------------------------------------------
def test_digit_grid_titles_and_checks():
    split = load_digits_split()
    X, labels = split.test.X[:, :5], split.test.labels[:5]
    predicted = labels.copy()
    predicted[0] = (labels[0] + 1) % 10
    fig = digit_grid(X, labels, predicted, columns=4)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == [f"{p} ({t})" for p, t in zip(predicted, labels)]
    with pytest.raises(ValueError, match="square images"):
        digit_grid(np.zeros((10, 2)), [0, 1], [0, 1])
    with pytest.raises(ValueError, match="same count"):
        digit_grid(X, labels[:3], predicted)


def test_plot_history_draws_each_run():
    history = [{"epoch": 1, "cost": 0.5, "accuracy": 0.6}, {"epoch": 2, "cost": 0.2, "accuracy": 0.9}]
    fig = plot_history({"a": history, "b": history})
    cost_ax, acc_ax = fig.axes
    assert len(cost_ax.lines) == 2
    assert list(acc_ax.lines[0].get_ydata()) == [60.0, 90.0]
    with pytest.raises(ValueError, match="accuracy"):
        plot_history({"a": [{"epoch": 1, "cost": 0.5}]})
    with pytest.raises(ValueError, match="histories must be the list Network.SGD returns"):
        plot_history({})


def test_plot_history_takes_the_list_sgd_returns():
    from backprop_core import Network
    rng = np.random.default_rng(0)
    X, labels = rng.normal(size=(3, 20)), rng.integers(0, 2, 20)
    Y = np.eye(2)[:, labels]
    history = Network([3, 4, 2], seed=0).SGD((X, Y), 2, 5, 0.5, test_data=(X, labels))
    fig = plot_history(history)
    assert [len(ax.lines) for ax in fig.axes] == [1, 1]
