"""The by-hand table (chapter 12): right values from the engine and finite
differences, every slip diagnosed, "right given your earlier value", reveal,
progress, and a verdict for anything a reader can type."""
import copy
import math

import numpy as np
import pytest

from backprop_core import by_hand as bh
from backprop_core.exercises.ch12_backprop_by_hand import Table     # bh.Table, said
from backprop_core.gradcheck import central_differences


@pytest.fixture
def table():
    return Table()


def said(capsys):
    return capsys.readouterr().out


def sigma(z):                      # a deliberately separate reference for the tests
    return 1.0 / (1.0 + math.exp(-z))


# ----- the right values -----------------------------------------------------------
def test_the_table_lists_every_number_in_the_algorithms_order(table):
    kinds = [e.kind for e in table.entries]
    assert len(table.entries) == 4 + 4 + 1 + 4 + 4 + 8 + 8 + 4 == 37
    assert kinds[:9] == ["z", "a"] * 4 + ["cost"]
    assert kinds[9:13] == ["delta", "delta", "nabla_b", "nabla_b"]
    assert [e.l for e in table.entries if e.kind == "delta"] == [3, 3, 2, 2]
    assert set(kinds[-12:]) == {"w_new", "b_new"}
    assert len(set(table.names)) == 37


def test_every_value_is_the_engines(table):
    ex = bh.friendly_example()
    for e in table.entries:
        if e.kind == "cost":
            assert e.value == ex.cost
            continue
        source = {"z": ex.z, "a": ex.a, "delta": ex.delta, "nabla_b": ex.nabla_b,
                  "nabla_w": ex.nabla_w, "w_new": ex.w, "b_new": ex.b}[e.kind]
        j, k = e.j, (0 if e.k is None else e.k)
        if e.kind == "w_new":
            assert e.value == pytest.approx(ex.w[e.l][j, k] - bh.ETA * ex.nabla_w[e.l][j, k],
                                            abs=1e-15)
        elif e.kind == "b_new":
            assert e.value == pytest.approx(ex.b[e.l][j, 0] - bh.ETA * ex.nabla_b[e.l][j, 0],
                                            abs=1e-15)
        else:
            assert e.value == source[e.l][j, k]


def test_the_friendly_numbers_are_the_stated_ones():
    net = bh.friendly_network()
    assert net.sizes == [2, 2, 2]
    for l in (2, 3):
        assert net.w[l].tolist() == [list(r) for r in bh.W[l]]
        assert net.b[l][:, 0].tolist() == list(bh.B[l])
    ex = bh.friendly_example()
    z = 1.5 * -0.1 + 0.8 * 0.7 - 0.2          # by hand, separately
    assert ex.z[2][0, 0] == pytest.approx(z) and ex.a[2][0, 0] == pytest.approx(sigma(z))


def test_the_gradient_entries_agree_with_finite_differences(table):
    net = bh.friendly_network()
    x, y = np.array([bh.X]).T, np.array([bh.Y]).T
    for e in table.entries:
        if e.kind not in ("nabla_b", "nabla_w"):
            continue
        param = net.w[e.l] if e.kind == "nabla_w" else net.b[e.l]
        where = (e.j, e.k) if e.kind == "nabla_w" else (e.j, 0)
        start = param[where]

        def cost(v, e=e, where=where):
            other = copy.deepcopy(net)
            target = other.w[e.l] if e.kind == "nabla_w" else other.b[e.l]
            target[where] = v
            return other.example(x, y).cost

        assert central_differences(cost, start) == pytest.approx(e.value, rel=1e-6, abs=1e-10)
        assert param[where] == start


def test_the_update_lowers_the_cost(table):
    net = bh.friendly_network()
    for e in table.entries:
        if e.kind == "w_new":
            net.w[e.l][e.j, e.k] = e.value
        elif e.kind == "b_new":
            net.b[e.l][e.j, 0] = e.value
    after = net.example(np.array([bh.X]).T, np.array([bh.Y]).T).cost
    assert after < table.correct("C")


def test_the_formulas_on_the_right_inputs_give_the_engines_values(table):
    for e in table.entries:
        rights, _ = table._formulas(e, lambda n: table.correct(n))
        assert all(r == pytest.approx(e.value, rel=1e-12, abs=1e-14) for r in rights), e.name


def test_no_slip_of_the_friendly_network_looks_right(table):
    """Each slip is told apart from the right value (else its hint could never show)."""
    for e in table.entries:
        _, slips = table._formulas(e, lambda n: table.correct(n))
        assert slips, e.name
        for value, hint in slips:
            assert not e.close(value), (e.name, hint)


def test_every_slip_of_every_entry_gets_its_own_hint(capsys):
    for e in bh.Table().entries:
        t = Table()
        _, slips = t._formulas(e, t.correct)
        for value, hint in slips:
            t.enter(e.name, value)
            out = said(capsys)
            v = t.verdict(e.name)
            assert v.status == "wrong" and "not yet" in out, (e.name, hint, out)
            assert "none of the usual slips" not in out, (e.name, hint, out)


# ----- the slips, computed here from the engine's numbers -------------------------
def _slip_cases():
    ex = bh.friendly_example()
    w, b, x, y, z, a, d = ex.w, ex.b, ex.x[:, 0], ex.y[:, 0], ex.z, ex.a, ex.delta
    s = lambda v: sigma(v)                                      
    sp = lambda v: sigma(v) * (1 - sigma(v))                    
    z20, z30, z31 = z[2][0, 0], z[3][0, 0], z[3][1, 0]
    back0 = w[3][0, 0] * d[3][0, 0] + w[3][1, 0] * d[3][1, 0]     # ((w^3)^T δ^3)_0
    row0 = w[3][0, 0] * d[3][0, 0] + w[3][0, 1] * d[3][1, 0]      # (w^3 δ^3)_0: no transpose
    return [
        ("z^2_0", w[2][0, 0] * x[0] + w[2][0, 1] * x[1], "left out the bias"),
        ("z^2_0", w[2][0, 0] * x[0] + w[2][1, 0] * x[1] + b[2][0, 0], "missing transpose"),
        ("z^3_0", w[3][0, 0] * z[2][0, 0] + w[3][0, 1] * z[2][1, 0] + b[3][0, 0],
         "used z^2"),
        ("z^3_0", w[3][0, 0] * x[0] + w[3][0, 1] * x[1] + b[3][0, 0], "wrong layer's activation"),
        ("a^2_0", sp(z20), "σ′"),
        ("a^2_0", z20, "forgot σ"),
        ("a^2_0", s(-z20), "sign slip"),
        ("C", (a[3][0, 0] - y[0]) ** 2 + (a[3][1, 0] - y[1]) ** 2, "forgot the ½"),
        ("C", 0.5 * ((a[2][0, 0] - y[0]) ** 2 + (a[2][1, 0] - y[1]) ** 2),
         "wrong layer's activation"),
        ("δ^3_0", (y[0] - a[3][0, 0]) * sp(z30), "sign slip"),
        ("δ^3_0", (a[3][0, 0] - y[0]) * s(z30), "σ(z^3_0) instead of σ′"),
        ("δ^3_0", (a[3][0, 0] - y[0]), "forgot the factor σ′"),
        ("δ^3_1", (a[2][1, 0] - y[1]) * sp(z31), "wrong layer's activation"),
        ("δ^2_0", back0 * s(z20), "σ(z^2_0) instead of σ′"),
        ("δ^2_0", row0 * sp(z20), "missing transpose"),
        ("δ^2_0", back0, "forgot the factor σ′"),
        ("δ^2_0", -back0 * sp(z20), "sign slip"),
        ("δ^2_0", back0 * sp(z30), "wrong layer"),
        ("∂C/∂b^3_0", -d[3][0, 0], "sign slip"),
        ("∂C/∂b^3_0", d[3][0, 0] * a[2][0, 0], "BP3 has no activation"),
        ("∂C/∂w^3_01", a[2][0, 0] * d[3][1, 0], "indices are swapped (a transpose)"),
        ("∂C/∂w^3_01", a[3][1, 0] * d[3][0, 0], "wrong layer's activation"),
        ("∂C/∂w^3_01", d[3][0, 0], "forgot the factor a^2_1"),
        ("∂C/∂w^2_10", -x[0] * d[2][1, 0], "sign slip"),
        ("w'^3_01", w[3][0, 1] + bh.ETA * ex.nabla_w[3][0, 1], "sign slip"),
        ("w'^3_01", w[3][0, 1] - ex.nabla_w[3][0, 1], "forgot η"),
        ("b'^2_1", b[2][1, 0] + bh.ETA * ex.nabla_b[2][1, 0], "sign slip"),
        ("b'^2_1", b[2][1, 0] - ex.nabla_b[2][1, 0], "forgot η"),
    ]


@pytest.mark.parametrize("name, value, hint", _slip_cases(), ids=lambda c: str(c)[:24])
def test_a_slip_is_diagnosed_and_the_equation_named(table, name, value, hint, capsys):
    table.enter(name, value)
    out = said(capsys)
    assert table.verdict(name).status == "wrong"
    assert hint in out, out
    rule = table.entry(name).rule.split(",")[0].split(" z")[0]
    assert rule.lower() in out.lower(), (rule, out)


def test_a_wrong_number_with_no_known_slip_still_gets_the_equation_and_a_recipe(table, capsys):
    table.enter("δ^2_1", 0.9)
    out = said(capsys)
    assert "not yet" in out and "BP2" in out and "column 1 of w^3" in out
    assert "wrong" not in out.split(":")[0]
    table.enter("z^2_1", -0.8805 * 1.01)       # within 5 %: a rounding matter
    assert "close, but not to four significant figures" in said(capsys)


def test_four_significant_figures_are_right(table, capsys):
    for e in table.entries:
        table.enter(e.name, float(f"{e.value:.4g}"))
    assert table.counts()["right"] == 37
    assert table.progress() == "37 of 37 entries right"
    assert said(capsys).count("right") == 37


# ----- right given your earlier value -----------------------------------------------
def test_right_given_your_earlier_value(table, capsys):
    ex = bh.friendly_example()
    wrong_a21 = 0.7
    table.enter("a^2_1", wrong_a21)
    z30 = ex.w[3][0, 0] * ex.a[2][0, 0] + ex.w[3][0, 1] * wrong_a21 + ex.b[3][0, 0]
    table.enter("z^3_0", z30)
    out = said(capsys)
    assert table.verdict("z^3_0").status == "given"
    assert "right given your earlier value of a^2_1 = 0.7" in out
    table.enter("a^3_0", sigma(z30))                      # the chain goes on
    assert table.verdict("a^3_0").status == "given"
    assert "given your earlier value of z^3_0" in said(capsys)
    table.enter("a^2_1", ex.a[2][1, 0])                   # fix it: the later ones are now wrong
    assert table.verdict("z^3_0").status == "wrong"
    assert table.counts()["given"] == 1                   # a^3_0 still follows z^3_0


def test_a_slip_made_on_your_earlier_values_is_named_too(table, capsys):
    ex = bh.friendly_example()
    table.enter("δ^3_0", 0.2)
    table.enter("δ^3_1", 0.1)
    back = ex.w[3][0, 0] * 0.2 + ex.w[3][1, 0] * 0.1
    table.enter("δ^2_0", back)                            # forgot σ′, on the reader's δ^3
    out = said(capsys).splitlines()[-1]
    assert "forgot the factor σ′" in out and "from your earlier δ^3_0" in out
    table.enter("δ^2_0", back * ex.a[2][0, 0] * (1 - ex.a[2][0, 0]))
    assert table.verdict("δ^2_0").status == "given"


def test_rounded_earlier_entries_carry_their_rounding(table, capsys):
    ex = bh.friendly_example()
    a = [round(float(ex.a[2][k, 0]), 3) for k in (0, 1)]
    for k in (0, 1):
        table.enter(f"a^2_{k}", a[k])
    z = ex.w[3][1, 0] * a[0] + ex.w[3][1, 1] * a[1] + ex.b[3][1, 0]
    table.enter("z^3_1", z)
    assert table.verdict("z^3_1").status == "right"


# ----- reveal and progress ------------------------------------------------------------
def test_reveal_fills_the_entry_with_its_derivation(table, capsys):
    shown = table.reveal("dC/dw^3_01")
    e = table.entry("∂C/∂w^3_01")
    assert shown.tex == e.equation and shown._repr_latex_() == f"$${e.equation}$$"
    assert "0.2932" in shown.tex and "0.124" in shown.tex and "a^{2}_{1}" in shown.tex
    assert table.verdict("∂C/∂w^3_01").status == "revealed"
    assert table.progress() == "0 of 37 entries right (1 revealed)"
    shown = table.reveal("w'^3_01")
    assert "\\eta" in shown.tex and "{-}0.6" in shown.tex
    table.enter("w'^3_01", 5.0)                           # entering again un-reveals it
    assert table.verdict("w'^3_01").status == "wrong"


def test_a_revealed_entry_is_read_by_the_later_ones(table):
    table.enter("a^2_0", 0.9)
    table.reveal("a^2_0")
    table.enter("z^3_0", table.correct("z^3_0"))
    assert table.verdict("z^3_0").status == "right"


def test_progress_counts_every_state(table, capsys):
    assert table.progress() == "0 of 37 entries right"
    table.enter("z^2_0", table.correct("z^2_0"))
    table.enter("a^2_0", 0.3)
    w300 = table.ex.w[3][0, 0]
    table.enter("z^3_0", table.correct("z^3_0") + w300 * (0.3 - table.correct("a^2_0")))
    table.enter("C", "abc")
    table.reveal("δ^3_0")
    c = table.counts()
    assert (c["right"], c["given"], c["wrong"], c["invalid"], c["revealed"], c["empty"]) == \
        (1, 1, 1, 1, 1, 32)
    assert table.progress() == ("1 of 37 entries right (1 right given your earlier values, "
                                "1 revealed, 2 to fix)")


# ----- names and odd answers ----------------------------------------------------------
@pytest.mark.parametrize("typed, name", [
    ("z^2_0", "z^2_0"), ("z^{2}_{0}", "z^2_0"), (" a^3_1 ", "a^3_1"), ("C_x", "C"),
    ("cost", "C"), ("delta^3_0", "δ^3_0"), ("δ^{2}_{1}", "δ^2_1"), ("dC/db^2_1", "∂C/∂b^2_1"),
    ("∂C/∂w^3_{01}", "∂C/∂w^3_01"), ("dC/dw^3_0,1", "∂C/∂w^3_01"), ("nabla_w^2_10", "∂C/∂w^2_10"),
    ("w′^3_01", "w'^3_01"), ("b'^2_0", "b'^2_0")])
def test_names_are_the_books_symbols(table, typed, name):
    assert table.lookup(typed) == name


ODD = [np.nan, float("inf"), -float("inf"), 10**400, True, False, "abc", "0.2", b"1", 1j,
       np.complex128(1 + 2j), [1, 2], [[0.2]], (0.2,), None, {}, object(), print, np.array([1., 2.]),
       np.array(["x"]), np.bool_(True), np.array([True]), [], [[1], [2, 3]], ["abc"], [None],
       np.array([1j]), -10**400]


@pytest.mark.parametrize("odd", ODD, ids=lambda a: type(a).__name__ + repr(a)[:10])
def test_an_odd_answer_gets_a_verdict(table, odd, capsys):
    table.enter("δ^3_0", odd)
    out = said(capsys)
    assert out.startswith("δ^3_0") and len(out) > 20
    assert table.verdict("δ^3_0").status in ("invalid", "wrong")
    assert "Traceback" not in out
    table.enter("z^3_0", table.correct("z^3_0"))          # the rest still works
    assert table.verdict("z^3_0").status == "right"


def test_a_one_number_array_or_numpy_scalar_is_a_number(table):
    for value in (np.float32(0.21), np.array(0.21), np.array([0.21]), np.int64(0)):
        table.enter("z^2_0", value)
    assert table.verdict("z^2_0").status == "wrong"      # 0 is wrong, but judged
    table.enter("z^2_0", np.array([[0.21]]))
    assert table.verdict("z^2_0").status == "right"


def test_huge_earlier_entries_stay_finite_and_quiet(table, capsys):
    for e in table.entries:
        table.enter(e.name, 1e300)
    table.verdicts()
    assert table.counts()["right"] == 0


@pytest.mark.parametrize("name", ["z^4_0", "z^1_0", "zz", "", 5, None, 2.5, b"C", ["C"], "w^2_00"])
def test_an_entry_that_does_not_exist_is_named_with_the_valid_ones(table, name, capsys):
    table.enter(name, 0.1)
    out = said(capsys)
    assert out.startswith("There is no entry") and "z^2_0" in out and "b'^3_1" in out
    assert table.reveal(name) is None and "There is no entry" in said(capsys)
    with pytest.raises(ValueError, match="the entries are"):
        table.lookup(name)


def test_dicts_of_entries_and_the_ellipsis(table, capsys):
    table.enter({"z^2_0": 0.21, "a^2_0": ..., "z^2_1": ...})
    out = said(capsys)
    assert "z^2_0 = 0.21: right." in out and "Your turn: 2 entries still ..." in out
    table.enter("a^2_0", ...)
    assert "your turn" in said(capsys)
    table.enter({"z^2_0": 0.21}, 0.3)
    assert "on its own" in said(capsys)


def test_other_networks_are_refused_with_a_message():
    from backprop_core import Network
    net = Network([2, 2, 2], output_activation="softmax", cost="log_likelihood", seed=0)
    with pytest.raises(ValueError, match="sigmoid networks with the quadratic cost"):
        bh.Table(net.example(np.ones((2, 1)), np.array([[1.0], [0.0]])))


def test_another_sigmoid_network_works_too():
    from backprop_core import Network
    ex = Network([3, 2, 2], seed=5).example(np.array([[0.5], [-1.0], [2.0]]),
                                            np.array([[0.0], [1.0]]))
    t = bh.Table(ex, eta=0.5)
    assert len(t.entries) == 4 + 4 + 1 + 4 + 4 + 10 + 10 + 4
    for e in t.entries:
        rights, _ = t._formulas(e, lambda n: t.correct(n))
        assert rights[0] == pytest.approx(e.value, rel=1e-12, abs=1e-14)


def test_the_table_refuses_what_is_not_an_example_or_a_learning_rate():
    with pytest.raises(TypeError, match="net.example"):
        bh.Table("ex")
    for eta in (0, -1.0, "fast", float("nan")):
        with pytest.raises(ValueError, match="learning rate eta"):
            bh.Table(eta=eta)


def test_the_table_returns_what_it_finds_and_the_page_says_it(capsys):
    """by_hand is a topic module: it returns its verdicts (the exercise layer says them)."""
    from pathlib import Path
    t = bh.Table()
    assert t.record("z^2_0", 0.21) == ["z^2_0 = 0.21: right."]
    assert t.record("zz", 1)[0].startswith("There is no entry") and t.reveal("zz") is None
    assert said(capsys) == ""
    source = Path(bh.__file__).read_text(encoding="utf-8")
    assert not any(line.startswith(("from .exercises", "from . import exercises"))
                   for line in source.splitlines())


# ----- the classic worked example, with biases that stay fixed ------------------------
@pytest.fixture
def classic():
    return Table(bh.classic_example(), eta=bh.CLASSIC_ETA, fixed_biases=True)


def test_the_classic_table_has_no_b_prime_and_its_w_prime_leave_b_alone(classic):
    kinds = [e.kind for e in classic.entries]
    assert len(classic.entries) == 37 - 4 == 33 and "b_new" not in kinds
    assert kinds[-8:] == ["w_new"] * 8 and classic.fixed_biases is True
    assert not classic.is_entry("b'^2_0")
    assert "There is no entry" in classic.record("b'^2_0", 0.35)[0]
    ex = bh.classic_example()
    stepped = copy.deepcopy(ex.net)             # the step written out: w moves, b does not
    for l in (2, 3):
        stepped.w[l] = ex.w[l] - bh.CLASSIC_ETA * ex.nabla_w[l]
    for e in classic.entries[-8:]:
        assert e.value == pytest.approx(stepped.w[e.l][e.j, e.k], abs=1e-15)
    assert stepped.b[2].tolist() == [[0.35], [0.35]] and stepped.b[3].tolist() == [[0.6], [0.6]]
    # the same table with biases trained has the 4 b' on top, and the same w'
    trained = Table(ex, eta=bh.CLASSIC_ETA)
    assert len(trained.entries) == 37
    assert all(trained.correct(e.name) == e.value for e in classic.entries)


def test_the_classic_gradients_are_finite_differences(classic):
    ex = bh.classic_example()
    x, y = ex.x, ex.y
    for e in classic.entries:
        if e.kind not in ("nabla_w", "nabla_b"):
            continue
        store = ex.w if e.kind == "nabla_w" else ex.b
        k = 0 if e.k is None else e.k

        def cost(t, e=e, k=k):
            net = copy.deepcopy(ex.net)
            (net.w if e.kind == "nabla_w" else net.b)[e.l][e.j, k] = t
            return net.example(x, y).cost
        assert central_differences(cost, store[e.l][e.j, k]) == pytest.approx(
            e.value, rel=1e-6, abs=1e-10)


def test_the_classic_table_fills_in_and_its_formulas_are_the_engines(classic, capsys):
    for e in classic.entries:
        rights, _ = classic._formulas(e, lambda n: classic.correct(n))
        assert rights[0] == pytest.approx(e.value, rel=1e-12, abs=1e-14)
    classic.enter({name: round(classic.correct(name), 7) for name in classic.names})
    assert classic.progress() == "33 of 33 entries right"
    classic.enter("w'^3_00", 0.40 + 0.5 * classic.correct("∂C/∂w^3_00"))
    assert "sign slip" in said(capsys).splitlines()[-1]


def test_fixed_biases_is_true_or_false():
    for odd in ("yes", 1, None):
        with pytest.raises(TypeError, match="fixed_biases must be True or False"):
            bh.Table(fixed_biases=odd)
    assert len(bh.Table(fixed_biases=False).entries) == 37
