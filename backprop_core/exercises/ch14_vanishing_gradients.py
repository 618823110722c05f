"""Checks for chapter 14 (vanishing and exploding gradients).  Used by chapter 14.

Every check takes any value a reader can type and prints a verdict.
"""
import numpy as np

from .. import checks
from .. import clipping
from .. import depth as core
from ..activations import get_activation
from . import judge

#: The scales for which a wrong answer's hint measures its factor in a 30-layer network.
MEASURABLE = (0.01, 3.0)


def chain_factor(w, z, activation="sigmoid"):
    """δ^l / δ^{l+1} in a chain of single neurons: w^{l+1} σ′(z^l) (BP2 with 1 × 1 matrices)."""
    w = checks.finite(w, "w")
    z = checks.finite(z, "z")
    sigma = get_activation(activation)
    return w * float(sigma.prime(np.array(z)))


def check_factor(answer, w=3.0, z=0.0, activation="sigmoid"):
    """14.1: the factor δ^l/δ^{l+1} = w^{l+1} σ′(z^l) of one neuron per layer."""
    expected = np.float64(chain_factor(w, z, activation))     # its slips may overflow: inf
    sigma, z, w = get_activation(activation), np.float64(z), np.float64(w)
    return judge(answer, expected, f"δˡ = wˡ⁺¹ σ′(zˡ) δˡ⁺¹ = {expected:.6g} δˡ⁺¹: "
                                   f"each layer multiplies the error by {expected:.6g}", lambda: [
        (w, "that is w alone: BP2 also multiplies by σ′(z^l) (the ⊙ σ′(z^l) in δ^l)"),
        (sigma.prime(z), "that is σ′(z^l) alone: BP2 first multiplies δ^{l+1} by (w^{l+1})^T"),
        (w * sigma.fn(z), "that uses σ(z^l); BP2 needs its derivative σ′(z^l)"),
        (expected ** 2, "that is two layers' worth, δ^{l−1}/δ^{l+1}; the question asks for one"),
        (1 / expected, "upside down: the question asks for δ^l / δ^{l+1}, the later layer's "
                       "error below")],
        f"BP2 with 1 × 1 matrices reads δ^l = σ′(z^l) · w^{{l+1}} · δ^{{l+1}}; here σ is the "
        f"{activation}, z^l = {z:g} and w = {w:g}: what is σ′({z:g})?",
        "one real number, the ratio δ^l / δ^{l+1}")


def flat_scale(width, activation="relu"):
    """The scale s of N(0, s²) weights in square layers of ``width`` that keeps ‖δ‖ steady.

    n · s² · E[σ′²] = 1 with E[σ′²] = 1/2 for ReLU (He: s = √(2/n)) and ≈ 1 for
    tanh near 0 (Xavier: s = √(1/n)).
    """
    width = checks.count(width, "width")
    if width > core.MAX_WIDTH:
        raise ValueError(f"width must be at most {core.MAX_WIDTH}, got {width}")
    half = {"relu": 2.0, "tanh": 1.0}
    if activation not in half:
        raise ValueError(f"activation must be 'relu' or 'tanh', got {activation!r}")
    return float(np.sqrt(half[activation] / width))


def measured_factor(scale, width=30, depth=30, activation="relu", seed=0):
    """The measured geometric-mean factor r for N(0, scale²) weights (``init="normal"``).

    ``scale`` must lie in ``MEASURABLE`` (outside it the norms leave a float's range)."""
    scale = checks.positive(scale, "scale")
    if not MEASURABLE[0] <= scale <= MEASURABLE[1]:
        raise ValueError(f"scale must be in {MEASURABLE[0]}..{MEASURABLE[1]} to be measured, "
                         f"got {scale}")
    net = core.deep_network(depth, width, activation, "normal", scale, seed=seed)
    return core.mean_factor(core.log_factors(core.deep_example(net, seed=seed)))


def check_flat_scale(answer, width=30, activation="relu"):
    """14.2: the s in w^l_jk ~ N(0, s²) that keeps ‖δ^l‖ the same from layer to layer."""
    expected = flat_scale(width, activation)
    slips = [(expected ** 2, "that is the variance s²; the question asks for the standard deviation s")]
    if activation == "relu":
        slips.append((np.sqrt(1.0 / width), "that is Xavier's √(1/n): ReLU sets σ′ = 0 on about "
                                            "half the neurons, so the variance must be twice as big"))

    def otherwise(s):
        if s <= 0:
            return f"a standard deviation is a positive finite number, got {s!r}"
        if not MEASURABLE[0] <= s <= MEASURABLE[1]:
            return (f"s = {s:.3g} is far {'too large' if s > 1 else 'too small'}: each layer "
                    "multiplies ‖δ‖ by about s · √(n · E[σ′²]); solve for the s that makes this 1")
        r = measured_factor(s, width, activation=activation)
        return (f"with s = {s:.4g} the measured factor per layer is r = {r:.3g}, so ‖δ‖ "
                f"{'shrinks' if r < 1 else 'grows'} by about r^28 = {r ** 28:.3g} over the 30 "
                "layers; find the s with n · s² · E[σ′(z)²] = 1")

    return judge(answer, expected, lambda s: (
        f"s = √({'2' if activation == 'relu' else '1'}/{width}) = {expected:.4f}: measured "
        f"factor per layer {measured_factor(expected, width, activation=activation):.3f}"),
        slips, otherwise, "one positive number, the standard deviation s of the weights",
        rtol=0.05, atol=0)


def check_sigmoid_bound(answer):
    """14.3: the spectral norm ‖w^{l+1}‖₂ below which a sigmoid layer must shrink δ: 4."""
    return judge(answer, 4.0, "‖δˡ‖ ≤ (1/4) ‖wˡ⁺¹‖₂ ‖δˡ⁺¹‖ < ‖δˡ⁺¹‖ whenever ‖wˡ⁺¹‖₂ < 4", [
        (0.25, "0.25 is max σ′ itself; the bound is max σ′ · ‖w‖₂, so which ‖w‖₂ makes that "
               "product 1?"),
        (1.0, "with ‖w‖₂ = 1 the bound is 1/4, well below 1; how large can ‖w‖₂ be before "
              "max σ′ · ‖w‖₂ reaches 1?"),
        (2.0, "solve (1/4) · ‖w‖₂ = 1")],
        "the bound is ‖δ^l‖ ≤ max σ′ · ‖w^{l+1}‖₂ · ‖δ^{l+1}‖ with the sigmoid's max σ′ = "
        "σ′(0) = 1/4; set the factor to 1", "one number, a value of ‖w^{l+1}‖₂")


def clipped_step_length(g_norm, c, eta):
    """How long the step −η g̃ is when a gradient of length ``g_norm`` is clipped at ``c``:
    η · min(‖g‖, c), measured on a gradient of that length by ``clipping.clip_by_norm``."""
    g_norm = checks.positive(g_norm, "g_norm")
    c, eta = checks.positive(c, "c"), checks.positive(eta, "eta")
    g = {2: np.array([[g_norm * 0.6, g_norm * 0.8]])}          # ‖g‖ = g_norm
    _, clipped = clipping.clip_by_norm({}, g, c)
    return eta * clipping.gradient_norm({}, clipped)


def check_clipped_step(answer, g_norm=40.0, c=5.0, eta=0.3):
    """14.4: the length of one gradient-descent step when the gradient (length ``g_norm``)
    is clipped at ``c`` and the learning rate is ``eta``."""
    expected = clipped_step_length(g_norm, c, eta)
    return judge(answer, expected, f"the clipped gradient has length min(‖g‖, c) = "
                                   f"{min(g_norm, c):g}, and the step η times that: "
                                   f"{expected:.6g}", [
        (eta * g_norm, "that is the step without clipping, η‖g‖; clipping caps the gradient's "
                       "length at c before η multiplies it"),
        (min(g_norm, c), "that is the clipped gradient's length; the step is η times it"),
        (eta * c / g_norm, "that is η times the scale factor c/‖g‖; the clipped gradient's "
                           "length is ‖g‖ · c/‖g‖ = c"),
        (c / g_norm, "that is the scale factor c/‖g‖ that clipping multiplies g by; the step "
                     "is η times the clipped length")],
        f"clipping keeps g's direction and sets its length to min(‖g‖, c) = "
        f"min({g_norm:g}, {c:g}); the step is η times that length",
        "one real number, the length of the step")


def residual_chain_factor(w, z, activation="sigmoid"):
    """δ^l / δ^{l+1} in a residual chain of single neurons, z^{l+1} = z^l + w a^l + b:
    1 + w σ′(z^l), measured on the engine's residual network of 1-neuron layers."""
    from ..network import Network
    w, z = checks.finite(w, "w"), checks.finite(z, "z")
    net = Network([1, 1, 1, 1], activation=activation, output_activation="linear",
                  residual=True)
    net.w[2], net.b[2] = np.array([[0.0]]), np.array([[z]])         # z^2 = z
    net.w[3], net.b[3] = np.array([[w]]), np.array([[0.0]])
    net.w[4], net.b[4] = np.array([[1.0]]), np.array([[0.0]])
    ex = net.example(np.zeros((1, 1)), np.array([[-1.0]]))
    return float(ex.delta[2][0, 0] / ex.delta[3][0, 0])


def check_residual_factor(answer, w=3.0, z=0.0, activation="sigmoid"):
    """14.5: the factor δ^l/δ^{l+1} = 1 + w^{l+1} σ′(z^l) of a residual chain."""
    expected = residual_chain_factor(w, z, activation)
    plain = chain_factor(w, z, activation)
    sigma = get_activation(activation)
    return judge(answer, expected, f"δ^l = δ^{{l+1}} + w σ′(z^l) δ^{{l+1}} = (1 + {plain:.6g}) "
                                   f"δ^{{l+1}}: the skip passes δ^{{l+1}} back whole, and BP2 "
                                   f"adds its {plain:.6g} on top", [
        (plain, "that is the plain network's factor w σ′(z^l); the skip adds δ^{l+1} itself"),
        (1.0, "that is the skip alone; BP2's term w σ′(z^l) δ^{l+1} comes on top"),
        (1 + w, "that leaves out σ′(z^l): BP2's term is w σ′(z^l) δ^{l+1}"),
        (1 + w * float(sigma.fn(np.array(z))), "that uses σ(z^l); BP2 needs σ′(z^l)"),
        (1 - plain, "a sign slip: the two terms add")],
        "write z^{l+1} = z^l + w σ(z^l) + b, differentiate with respect to z^l, and "
        "multiply by δ^{l+1}",
        "one real number, the ratio δ^l / δ^{l+1}")


def check_normalised_delta(answer, z=(2.0, 0.0, 4.0), d_hat=(0.0, 1.0, 0.0)):
    """14.6: δ = ∂C/∂z of one layer normalised without ε, from δ_ẑ = ∂C/∂ẑ."""
    from ..layernorm import normalisation_backward
    z = checks.real_array(z, "z").reshape(-1, 1)
    d_hat = checks.real_array(d_hat, "d_hat").reshape(-1, 1)
    if z.shape != d_hat.shape or z.shape[0] < 2 or np.ptp(z) == 0:
        raise ValueError("z and d_hat must be columns of one length ≥ 2, z not all equal")
    expected = normalisation_backward(z, d_hat, 0.0).ravel()
    s = float(np.sqrt(np.mean((z - z.mean()) ** 2)))
    zh = (z - z.mean()) / s
    m, mz = float(d_hat.mean()), float(np.mean(d_hat * zh))
    n = expected.size
    what = f"{n} numbers, " + ", ".join(f"δ_{j}" for j in range(1, n + 1))

    def otherwise(v):
        if np.size(v) != n:
            return f"the answer should be {what}, got {np.size(v)}"
        if not np.all(np.isfinite(v)):
            return f"the answer should be {n} finite numbers, got NaN or infinity"
        return (f"with μ = mean z = {float(z.mean()):g} and s = √(mean (z − μ)²) = {s:.6g}, "
                "ẑ = (z − μ)/s; then δ = (1/s)(δ_ẑ − mean δ_ẑ − ẑ · mean(δ_ẑ ⊙ ẑ))")

    return judge(answer, expected, f"δ = (1/s)(δ_ẑ − mean δ_ẑ − ẑ · mean(δ_ẑ ⊙ ẑ)) = "
                                   f"{np.round(expected, 6).tolist()}: it sums to 0, so a "
                                   "shift of every z_j by one amount changes nothing", lambda: [
        ((d_hat / s).ravel(), "that is δ_ẑ / s alone: the mean and the ẑ term come from μ and s "
                              "depending on z too"),
        (((d_hat - m) / s).ravel(), "that leaves out the ẑ · mean(δ_ẑ ⊙ ẑ) term: s depends on "
                                    "z as well as μ does"),
        ((d_hat - m - zh * mz).ravel(), "that forgets the factor 1/s in front"),
        (((d_hat - zh * mz) / s).ravel(), "that leaves out − mean(δ_ẑ): μ depends on z"),
        (((d_hat - m + zh * mz) / s).ravel(), "a sign slip in the ẑ term: it is subtracted")],
        otherwise, what, read=lambda v: np.ravel(v) if np.size(v) == expected.size
        else v)
