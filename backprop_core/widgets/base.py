"""The shape every live figure shares: controls, a readout of numbers, a figure.

Figures are made under ``plt.ioff()`` (so ipympl does not display them twice)
and updated in place with ``set_data`` + ``draw_idle``, never redrawn from
scratch: that keeps a slider step fast in the browser.

Every number shown is rendered by :func:`fmt` inside an element
``<span class="bp-value" data-name="NAME">``, so a browser test can read the
number for NAME and compare it with the core's own computation formatted by
the same :func:`fmt`.
"""
import html

import ipywidgets as widgets
import matplotlib.pyplot as plt


def fmt(x):
    """The one way a number is displayed: 6 significant digits."""
    return f"{float(x):.6g}"


def new_figure(width=5.0, height=3.0, **subplots_kw):
    """A small figure and its axes, created without being displayed."""
    with plt.ioff():
        fig, ax = plt.subplots(figsize=(width, height), **subplots_kw)
    canvas = fig.canvas
    for name, value in (("header_visible", False), ("toolbar_visible", False),
                        ("footer_visible", False), ("resizable", False)):
        if hasattr(canvas, name):
            setattr(canvas, name, value)
    return fig, ax


def figure_widget(fig):
    """The widget that shows ``fig``: the ipympl canvas itself.  With a static
    backend (headless tests, which read ``values`` rather than pixels) it is an
    empty Output placeholder."""
    if isinstance(fig.canvas, widgets.DOMWidget):
        return fig.canvas
    return widgets.Output()


def readout_html(rows, title=None):
    """An HTML table of (label, name, value) rows; values are shown with fmt()."""
    parts = ['<table class="bp-readout" style="border-collapse:collapse">']
    if title:
        parts.append(f'<caption style="text-align:left"><b>{html.escape(title)}</b></caption>')
    for label, name, value in rows:
        shown = fmt(value) if isinstance(value, (int, float)) or hasattr(value, "__float__") else html.escape(str(value))
        parts.append(
            f'<tr><td style="padding:1px 10px 1px 0">{label}</td>'
            f'<td style="text-align:right;font-family:monospace">'
            f'<span class="bp-value" data-name="{html.escape(name)}">{shown}</span></td></tr>')
    parts.append("</table>")
    return "".join(parts)


class Live:
    """A live figure: ``controls`` (name → widget), ``values`` (name → number
    shown), ``readout`` (HTML widget showing them), ``figure`` and ``widget``
    (the whole thing, which is what a notebook displays).

    Subclasses implement ``compute()`` (returning the dict of values for the
    controls' current state) and ``draw(values)`` (moving the figure's
    artists), and list ``rows`` as (label, name) pairs for the readout.
    """

    rows = ()
    title = None

    def __init__(self, controls, figure=None, extra=()):
        self.controls = dict(controls)
        self.figure = figure
        self.values = {}
        self.readout = widgets.HTML()
        parts = [widgets.HBox(list(self.controls.values()),
                              layout=widgets.Layout(flex_flow="row wrap"))]
        if figure is not None:
            parts.append(widgets.HBox([figure_widget(figure), self.readout]))
        else:
            parts.append(self.readout)
        parts.extend(extra)
        self.widget = widgets.VBox(parts)
        self.widget.add_class("bp-live")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")

    def compute(self):
        raise NotImplementedError

    def draw(self, values):
        """Move the figure's artists to show ``values`` (default: nothing to draw)."""

    def update(self):
        """Recompute, refresh the readout, redraw the figure."""
        self.values = self.compute()
        self.readout.value = readout_html(
            [(label, name, self.values[name]) for label, name in self.rows], self.title)
        if self.figure is not None:
            self.draw(self.values)
            self.figure.canvas.draw_idle()
        return self.values

    def _on_change(self, change):
        self.update()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
