"""backprop_core: the numpy code behind *Backprop, Interactively*.

One module per idea:

* ``activations`` — σ and σ′ (sigmoid, tanh, relu, linear; softmax for the output)
* ``costs``       — C_x, ∇_a C and the output error δ^L
* ``network``     — ``Network``: feedforward, backprop (BP1–BP4), mini-batch SGD
* ``gradcheck``   — finite-difference gradients, the independent check
* ``widgets``     — the live figures the chapters display
"""
from .activations import sigmoid, sigmoid_prime
from .gradcheck import gradient_check, numerical_gradient, relative_error
from .network import Network

__all__ = ["Network", "numerical_gradient", "gradient_check", "relative_error",
           "sigmoid", "sigmoid_prime"]
__version__ = "0.1.0"
