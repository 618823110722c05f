"""backprop_core.data: the digits split and the MNIST IDX reader (on tiny files written here)."""
import gzip
import struct

import numpy as np
import pytest
from sklearn.datasets import load_digits

from backprop_core.data import (IMAGES_MAGIC, LABELS_MAGIC, load_digits_split, load_mnist,
                                one_hot, read_idx)
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
    with pytest.raises(ValueError, match="3 images but 4 labels"):
        load_mnist(tmp_path)


def test_label_out_of_range(tmp_path):
    fake_mnist(tmp_path, gz=True)
    write(tmp_path / "train-labels-idx1-ubyte.gz",
          idx_bytes(LABELS_MAGIC, np.array([0, 1, 2, 3, 12])))
    with pytest.raises(ValueError, match="label 12"):
        load_mnist(tmp_path)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(ValueError, match="not a folder"):
        load_mnist(tmp_path / "nowhere")
    with pytest.raises(ValueError, match="no train-images-idx3-ubyte"):
        load_mnist(tmp_path)


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
    with pytest.raises(ValueError, match="empty"):
        plot_history({})
