"""backprop_core: the numpy code behind *Backprop, Interactively*.

Its names are the book's symbols and its layers the book's layer numbers:
``net.w[l]`` is w^l, and ``ex = net.example(x, y)`` holds ``ex.z[l]``,
``ex.a[l]``, ``ex.delta[l]``, ``ex.nabla_w[l]`` for one example.

The engine:

* ``algorithm``   — the whole algorithm in the book's notation: the forward pass,
  BP1–BP4, the mini-batch step and the SGD epoch (chapter 7 prints it in full)
* ``network``     — ``Network``: the parameters, and the checked entry points
  (feedforward, backprop, mini-batch SGD) around the algorithm
* ``example``     — ``Example``: one network on one example, computed once, checked
* ``layers``      — ``Layers``: per-layer lists indexed by the layer number l
* ``activations`` — σ and σ′ (sigmoid, tanh, relu, linear; softmax for the output)
* ``costs``       — C_x, ∇_a C and the output error δ^L
* ``divergence``  — when gradient descent blows up: the rule, the one routine every
  trainer runs its steps through (``descend``), the message; and ``quiet()``

Beside it: ``gradcheck`` (finite differences, the independent check), ``demon``
(the demon's nudges), ``hadamard``, ``four_equations``, ``proofs``, ``paths``,
``polyfit``, ``educational``, ``minibatch``, ``speed``, ``data``; ``autograd`` and
``forward_mode`` (chapter 15: the same gradients from a scalar graph); ``by_hand``
(chapter 12: the fill-in table and its hints); ``depth`` (chapter 14: ‖δ^l‖ against depth,
initialisations); ``broken`` and ``debugging`` (chapter 13: six broken backprops and the check that finds them); ``widgets``
(the live figures) and ``exercises`` (the in-page checks).  Each module's
docstring names the chapters that use it; see CONTRIBUTING.md.
"""
from . import algorithm
from .activations import sigmoid, sigmoid_prime
from .example import Example
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .layers import LayerError, Layers
from .network import Network

__all__ = ["algorithm", "Network", "Example", "Layers", "LayerError", "numerical_gradient",
           "gradient_check", "relative_error", "sigmoid", "sigmoid_prime"]
__version__ = "0.1.0"
