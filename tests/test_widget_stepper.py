"""The backprop stepper, driven by setting its controls as a reader would."""
import ipywidgets as widgets
import numpy as np
import pytest

from backprop_core import Network
from backprop_core.steps import algorithm_steps
from backprop_core.widgets.stepper import backprop_stepper


def _values(control):
    if isinstance(control, (widgets.Dropdown, widgets.ToggleButtons)):
        return [v for _, v in control.options] if isinstance(control.options[0], tuple) \
            else list(control.options)
    if isinstance(control, widgets.IntSlider):
        return list(range(control.min, control.max + 1))
    return list(np.linspace(control.min, control.max, 9))


def test_every_step_shows_the_engines_value():
    st = backprop_stepper(sizes=(2, 3, 2), seed=4, x=(0.3, -0.9), y=(0.0, 1.0))
    ex = Network([2, 3, 2], seed=4).example(np.array([[0.3], [-0.9]]), np.array([[0.0], [1.0]]))
    steps = algorithm_steps(ex)
    assert [s.writes for s in st.steps] == [s.writes for s in steps]
    for i, step in enumerate(steps, start=1):
        st.controls["step"].value = i
        assert st.values["value"] == step.value
        assert st.values["position"] == i
        assert step.equation in st.equation.value


def test_every_control_takes_every_value_it_allows():
    for kind in (dict(), dict(output_activation="softmax", cost="log_likelihood"),
                 dict(activation="relu")):
        st = backprop_stepper(sizes=(2, 2, 3), y=(1.0, 0.0, 0.0), **kind)
        for name, control in st.controls.items():
            for value in _values(control):
                control.value = value
                assert st.values["position"] <= len(st.steps)
        for button in st.buttons.values():
            button.click()


def test_the_position_stays_when_the_example_or_the_network_changes():
    st = backprop_stepper()
    st.controls["step"].value = 17
    before = st.values["value"]
    st.controls["x0"].value = -1.5
    assert st.position == 17 and st.values["value"] != before
    st.controls["seed"].value = 7
    assert st.position == 17
    ex = Network([2, 3, 2], seed=7).example(np.array([[-1.5], [-0.4]]), np.array([[1.0], [0.0]]))
    assert st.values["value"] == algorithm_steps(ex)[16].value


def test_a_layer_at_a_time_stops_at_each_layers_end_and_keeps_the_position():
    st = backprop_stepper()
    st.controls["step"].value = 3                      # inside layer 2's forward pass
    st.controls["granularity"].value = "layer"
    assert st.position == 6                            # the end of layer 2's forward pass (3 neurons)
    assert st.steps[st.position - 1].writes == ("a", 2, 2, None)
    stops = []
    for v in range(st.controls["step"].max + 1):
        st.controls["step"].value = v
        stops.append(st.position)
    assert stops == [0, 6, 10, 11, 13, 15, 21, 24, 27, 33]
    st.controls["granularity"].value = "neuron"
    assert st.position == 33 and st.controls["step"].max == 33


def test_buttons_step_and_reset_and_play_is_linked_to_the_slider():
    st = backprop_stepper()
    st.buttons["forward"].click()
    st.buttons["forward"].click()
    assert st.position == 2
    st.buttons["back"].click()
    assert st.position == 1
    st.buttons["back"].click()
    st.buttons["back"].click()                         # not below 0
    assert st.position == 0
    st.controls["step"].value = st.controls["step"].max
    st.buttons["forward"].click()                      # not past the end
    assert st.position == len(st.steps)
    st.buttons["reset"].click()
    assert st.position == 0
    assert st.link.source == (st.play, "value") and st.link.target == (st.controls["step"], "value")
    assert st.play.max == st.controls["step"].max
    st.play.value = 4                                  # linked in the kernel, both ways
    assert st.controls["step"].value == 4 and st.position == 4
    st.buttons["forward"].click()
    assert st.play.value == 5


def test_a_step_is_a_blit_of_the_moving_artists():
    st = backprop_stepper()
    full = st.redraws["full"]
    for v in range(1, 12):
        st.controls["step"].value = v
    assert st.redraws["full"] == full and st.redraws["blit"] >= 11
    st.controls["x1"].value = 0.5                      # new numbers everywhere: a full draw
    assert st.redraws["full"] == full + 1


def test_the_drawing_marks_what_a_step_reads_and_writes():
    st = backprop_stepper(sizes=(2, 3, 2))
    st.controls["step"].value = 1                      # z^2_0 reads x_0, x_1 and the weights into it
    assert len(st.read_rings.get_offsets()) == 2 and len(st.write_rings.get_offsets()) == 1
    assert len(st.read_edges.get_segments()) == 2
    last = len(st.steps)
    st.controls["step"].value = last                   # ∂C/∂w^2_21 writes its edge
    assert len(st.write_edges.get_segments()) == 1
    assert all(len(line.get_xdata()) == 2 for line in st.grad_lines.values())   # every ∂C/∂w known
    assert any(t.get_text() for t in st.edge_text.values())


@pytest.mark.parametrize("kwargs,match", [
    (dict(sizes=(2, 9, 2)), "up to 6 neurons"),
    (dict(sizes=(1, 1, 1, 1, 1, 1)), "up to 5 layers"),
    (dict(seed=-1), "seed must be an integer in 0..99"),
    (dict(seed="abc"), "seed must be an integer"),
    (dict(granularity="word"), "granularity must be 'neuron' or 'layer'"),
    (dict(step=1000), r"step must be an integer in 0..33"),
    (dict(x=(1.0,)), r"input x has shape"),
    (dict(x=(np.nan, 0.0)), "NaN"),
    (dict(y="abc"), "target y must be numeric"),
    (dict(interval=0), "interval"),
    (dict(cost="cross_entropy", output_activation="softmax"), "cost 'cross_entropy' needs"),
    (dict(y=(0.5, 0.5), output_activation="softmax", cost="log_likelihood"), "one-hot"),
])
def test_bad_arguments_get_a_clear_message(kwargs, match):
    with pytest.raises(ValueError, match=match):
        backprop_stepper(**kwargs)


def test_a_net_that_is_not_a_network_is_named():
    with pytest.raises(TypeError, match="net must be a backprop_core Network"):
        backprop_stepper("net")


# ----- the reader's own network ---------------------------------------------------
def mazur():
    """The famous 2-2-2 worked example (Matt Mazur's "A Step by Step Backpropagation
    Example"): w1..w8 = .15, .20, .25, .30, .40, .45, .50, .55, b = .35, .60."""
    net = Network([2, 2, 2], seed=0)
    net.w[2] = [[0.15, 0.20], [0.25, 0.30]]
    net.w[3] = [[0.40, 0.45], [0.50, 0.55]]
    net.b[2] = [[0.35], [0.35]]
    net.b[3] = [[0.60], [0.60]]
    return net, (0.05, 0.10), (0.01, 0.99)


def _step_to(st, what):
    """Drive the slider to the step that computes ``what`` (as the readout names it)."""
    for i in range(1, len(st.steps) + 1):
        st.controls["step"].value = i
        if st.values["what"] == what:
            return st.values["value"]
    raise AssertionError(f"no step computes {what}")


def test_it_steps_the_famous_worked_example_to_its_published_digits():
    net, x, y = mazur()
    st = backprop_stepper(net, x, y)
    assert "seed" not in st.controls
    assert _step_to(st, "the cost C_x") == pytest.approx(0.298371109, abs=1e-9)
    assert _step_to(st, "∂C/∂w^3_00") == pytest.approx(0.082167041, abs=1e-9)      # ∂E/∂w5
    assert _step_to(st, "∂C/∂w^2_00") == pytest.approx(0.000438568, abs=1e-9)      # ∂E/∂w1
    for name, value in (("x0", 0.05), ("x1", 0.10), ("y0", 0.01), ("y1", 0.99)):
        control = st.controls[name]
        assert control.value == value and control.min <= value <= control.max
    net.w[3][0, 0] = 9.0                               # the stepper stepped a copy
    assert st.net.w[3][0, 0] == 0.40


def test_it_steps_chapter_12s_table_network():
    from backprop_core import by_hand
    net = by_hand.friendly_network()
    st = backprop_stepper(net, by_hand.X, by_hand.Y)
    table = by_hand.Table()
    for i, step in enumerate(st.steps, start=1):
        st.controls["step"].value = i
        assert st.values["value"] == step.value
    assert _step_to(st, "δ^2_1") == table.correct("δ^2_1")


def test_any_x_and_y_and_the_sliders_reach_them():
    net = Network([3, 2, 2], activation="linear", seed=3)
    x, y = (250.0, -5.5, 0.01), (-40.0, 7.0)
    st = backprop_stepper(net, x, y)
    ex = net.example(np.array([x]).T, np.array([y]).T)
    assert [s.value for s in st.steps] == [s.value for s in algorithm_steps(ex)]
    assert st.controls["x0"].max == 300 and st.controls["x0"].min == -300
    assert st.controls["y0"].min == -40 and st.controls["y1"].max == 40
    for name in ("x0", "x1", "x2", "y0", "y1"):
        control = st.controls[name]
        for value in _values(control):                  # every value a slider reaches is drawn
            control.value = value
            assert np.isfinite(st.steps[-1].value)


def test_a_list_of_sizes_in_place_of_the_network_is_the_convenience():
    st = backprop_stepper([2, 3, 2], seed=4, x=(0.3, -0.9), y=(0.0, 1.0))
    ex = Network([2, 3, 2], seed=4).example(np.array([[0.3], [-0.9]]), np.array([[0.0], [1.0]]))
    assert [s.value for s in st.steps] == [s.value for s in algorithm_steps(ex)]


def test_the_readout_says_no_value_before_the_first_step():
    st = backprop_stepper()
    assert st.values["value"] == "none yet"
    assert "nan" not in st.readout.value


def _pixels(st):
    """What the canvas shows now (after the widget's own blits)."""
    return np.asarray(st.figure.canvas.buffer_rgba()).copy()


def _rendered(st):
    """The same figure rendered by matplotlib in one go (savefig draws every artist,
    animated ones included), independent of the widget's drawing code."""
    import io
    buffer = io.BytesIO()
    st.figure.savefig(buffer, format="rgba", dpi=st.figure.dpi)
    width, height = st.figure.canvas.get_width_height()
    return np.frombuffer(buffer.getvalue(), dtype=np.uint8).reshape(height, width, 4)


def _without_markers(st, picture):
    for marker in st.markers:
        marker.set_visible(False)
    try:
        return picture(st)
    finally:
        for marker in st.markers:
            marker.set_visible(True)


def _full(st):
    st.figure.canvas.draw()                # a full draw: the widget redraws every value
    return _pixels(st)


def test_the_widget_draws_every_value_matplotlib_would():
    st = backprop_stepper(step=25)
    mismatch = np.any(_without_markers(st, _full) != _without_markers(st, _rendered), axis=2)
    assert mismatch.mean() < 0.001


def test_a_step_forward_draws_only_what_it_adds_and_looks_like_a_full_redraw():
    st = backprop_stepper()
    for v in range(1, len(st.steps) + 1):
        st.controls["step"].value = v
        if v in (5, 14, 20, 33):
            stepped = _pixels(st)
            fresh = _pixels(backprop_stepper(step=v))        # every value drawn in one go
            before = _pixels(backprop_stepper(step=v - 1))
            step_change = np.any(fresh != before, axis=2).sum()
            mismatch = np.any(stepped != fresh, axis=2).sum()
            assert step_change > 0
            # only the order of overlapping strokes may differ, far less than what the step drew
            assert mismatch < 0.2 * step_change, (v, mismatch, step_change)
    assert st.redraws["full"] == 1


def test_a_step_back_redraws_the_values_it_removes():
    st = backprop_stepper()
    st.controls["step"].value = 20
    st.controls["step"].value = 3
    assert np.any(_pixels(st) != _pixels(backprop_stepper(step=3)), axis=2).mean() < 0.001
    assert st.delta_text[(3, 0)].get_text() == "" and st.z_text[(2, 1)].get_text() != ""
