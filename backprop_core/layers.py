"""Per-layer lists indexed by the book's layer numbers.

The book numbers layers 1..L, layer 1 being the input.  w^l, b^l, z^l and δ^l
exist for l = 2..L; a^l for l = 1..L (a^1 = x).  A :class:`Layers` holds one
array per layer and is indexed by that number, so the code reads like the book:

    net.w[l]        is w^l            ex.delta[l]     is δ^l
    ex.a[l - 1]     is a^{l−1}        nabla_w[l]      is ∂C/∂w^l

This file is the only place in the package that turns a layer number into a
list position.  Iterating gives the arrays in layer order, so ``zip(net.w,
net.b)`` still walks l = 2, 3, ..., L.  A layer that does not exist (``w[1]``,
``a[0]``, a float, a string) is refused with an error that names the valid
layers.  Used by every chapter; defined for chapter 1 (notation).
"""
import numbers


class LayerError(IndexError, ValueError):
    """A layer number that does not exist for this quantity (an IndexError and a ValueError)."""


class Layers:
    """One value per layer l = first..last, read and written as ``layers[l]``.

    ``items`` is the storage list, held by reference: ``net.w`` is a view of
    ``net.weights``, and ``net.w[l] = new`` writes into that list.  ``symbol``
    names the quantity in messages, e.g. "w^l" or "δ^l".
    """

    __slots__ = ("_items", "first", "symbol")

    def __init__(self, items, first, symbol):
        self._items = items
        self.first = first
        self.symbol = symbol

    @classmethod
    def of(cls, values, symbol):
        """The values of a dict keyed by consecutive layer numbers l, as Layers."""
        first = min(values)
        return cls([values[l] for l in range(first, first + len(values))], first, symbol)

    @property
    def last(self):
        """The last layer number (L for every quantity in a network)."""
        return self.first + len(self._items) - 1

    @property
    def layers(self):
        """The layer numbers, ``range(first, last + 1)``."""
        return range(self.first, self.first + len(self._items))

    def _position(self, l):
        if isinstance(l, bool) or not isinstance(l, numbers.Integral):
            raise LayerError(f"the layer l must be an integer; {self.symbol} exists for "
                             f"l = {self._range_text()} in this network, got {l!r}")
        if not self.first <= l <= self.last:
            raise LayerError(f"{self.symbol} exists for l = {self._range_text()} in this "
                             f"network, got l = {int(l)}{self._why_not(l)}")
        return int(l) - self.first

    def _range_text(self):
        return f"{self.first}..{self.last}"

    def _why_not(self, l):
        if l == 1 and self.first == 2:
            return " (layer 1 is the input: it has activations a^1 = x, nothing else)"
        if l < 1:
            return " (layers are numbered from 1, the input layer)"
        return ""

    def __getitem__(self, l):
        if type(l) is int and l >= self.first:      # the common case, quickly
            try:
                return self._items[l - self.first]
            except IndexError:
                pass
        return self._items[self._position(l)]

    def __setitem__(self, l, value):
        """``net.w[l] = value``: a layer holding an array takes a nested list of real
        numbers as a float array; bools, complex numbers and text are refused (arrays of
        other objects, such as autograd's values, are stored as they are)."""
        if type(l) is int and self.first <= l < self.first + len(self._items):
            i = l - self.first
        else:
            i = self._position(l)
        if hasattr(self._items[i], "dtype") and (
                isinstance(value, (list, tuple, bool, complex, str))
                or getattr(getattr(value, "dtype", None), "kind", "") in ("b", "c", "U", "S")):
            from .checks import real_array           # checks builds on this module
            value = real_array(value, self.symbol.replace("^l", f"^{int(l)}"), finite=False)
        self._items[i] = value

    def __iter__(self):
        return iter(self._items)

    def __len__(self):
        return len(self._items)

    def append(self, value):
        """Add the next layer's value (layer ``last + 1``)."""
        self._items.append(value)

    def items(self):
        """(l, value) pairs in layer order."""
        return zip(self.layers, self._items)

    def __repr__(self):
        parts = ", ".join(f"{self.symbol.replace('^l', '^' + str(l))}: {_describe(v)}"
                          for l, v in self.items())
        return f"Layers({parts})"


def _describe(value):
    shape = getattr(value, "shape", None)
    return f"shape {shape}" if shape is not None else repr(value)
