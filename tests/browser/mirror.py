"""The test process's own copy of a live figure, to say what the page must show.

A chapter builds a live figure with a call such as
``activation_explorer(activations=("sigmoid",), z=0.0)``.  :class:`FigureSpec`
names that call (it must appear verbatim in the chapter, so the copy is built
with the same arguments); :func:`build` makes the copy here (matplotlib Agg);
:func:`sync` sets the copy's controls to the values the page's controls show;
:func:`shown` lists the ``(data-name, text)`` pairs of every ``bp-value`` span
the copy renders, i.e. exactly what the page must display.
"""
import importlib
from dataclasses import dataclass
from html.parser import HTMLParser

import ipywidgets as widgets


@dataclass(frozen=True)
class FigureSpec:
    """How a chapter builds its ``index``-th live figure.

    ``module`` is imported and its public names are made available to
    ``setup`` (statements run first, e.g. building a network) and to ``call``
    (the builder expression).  Both must be found verbatim in the chapter.
    """
    index: int
    module: str
    call: str
    setup: str = ""
    name: str = ""

    def label(self):
        return self.name or self.call.split("(")[0]


def build(spec, chapter_text):
    """Build the figure ``spec`` names; fail if the chapter does not contain its code."""
    for code in (spec.setup, spec.call):
        for line in filter(None, (ln.strip() for ln in code.splitlines())):
            assert line in chapter_text, (
                f"the chapter no longer contains {line!r}: update the FigureSpec "
                f"of figure {spec.index} so the test builds the same widget")
    namespace = {name: getattr(module, name) for module in [importlib.import_module(spec.module)]
                 for name in dir(module) if not name.startswith("_")}
    exec(spec.setup, namespace)           # noqa: S102 (the chapter's own code)
    return eval(spec.call, namespace)     # noqa: S307


def controls_in_page_order(live):
    """The copy's sliders and drop-downs in the order the page shows them."""
    sliders = [(name, c) for name, c in live.controls.items()
               if isinstance(c, (widgets.IntSlider, widgets.FloatSlider))]
    dropdowns = [(name, c) for name, c in live.controls.items() if isinstance(c, widgets.Dropdown)]
    return sliders, dropdowns


def slider_value(control, readout_text):
    """The slider's value from its readout text on the page."""
    text = readout_text.strip().replace("\u2212", "-")
    if isinstance(control, widgets.IntSlider):
        return int(text)
    value = float(text)
    # The readout rounds (readout_format); snap to the slider's grid as the page does.
    steps = round((value - control.min) / control.step)
    snapped = control.min + steps * control.step
    return snapped if abs(snapped - value) < control.step / 2 else value


def sync(live, slider_texts, dropdown_labels):
    """Set the copy's controls to what the page shows (sliders in order, then drop-downs)."""
    sliders, dropdowns = controls_in_page_order(live)
    assert len(slider_texts) == len(sliders), (
        f"the page shows {len(slider_texts)} sliders, the figure has {len(sliders)}")
    assert len(dropdown_labels) == len(dropdowns), (
        f"the page shows {len(dropdown_labels)} drop-downs, the figure has {len(dropdowns)}")
    for (_, control), label in zip(dropdowns, dropdown_labels):
        control.label = label
    for (_, control), text in zip(sliders, slider_texts):
        control.value = slider_value(control, text)


class _Spans(HTMLParser):
    """The text of each ``span.bp-value`` as the page's ``textContent`` reads it,
    including the text of elements inside it (a symbol's <sup>, <sub>, <i>)."""

    def __init__(self):
        super().__init__()
        self.found, self._name, self._text, self._depth = [], None, [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self._name is not None:
            self._depth += 1
        elif tag == "span" and "bp-value" in (attrs.get("class") or "").split():
            self._name, self._text, self._depth = attrs.get("data-name"), [], 0

    def handle_data(self, data):
        if self._name is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if self._name is None:
            return
        if self._depth:
            self._depth -= 1
        else:
            self.found.append((self._name, "".join(self._text).strip()))
            self._name = None


def _html_widgets(widget):
    if isinstance(widget, widgets.HTML):
        yield widget
    for child in getattr(widget, "children", ()):
        yield from _html_widgets(child)


def shown(live):
    """Every (data-name, text) the copy displays, in page order."""
    parser = _Spans()
    for w in _html_widgets(live.widget):
        parser.feed(w.value)
    return parser.found
