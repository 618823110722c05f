"""A live figure that steps through a computation: a step slider, a Play that
drives it, back / forward / reset buttons, and the equation of the current step.

The Play is linked to the slider in the kernel (``widgets.link``), not in the
page: a step made in the kernel (a button) then sends the page both values at
once, where a link in the page would send the Play's new value back to the
kernel and hold the page up with the reply (see bench/README.md).

Shared by the backprop stepper (chapters 7 and 11, ``widgets/stepper.py``) and
the autograd graph (chapter 15, ``widgets/autograd.py``).
"""
import ipywidgets as widgets

from .. import checks
from .base import STYLE, TEXT_DELAY, Live

BUTTONS = (("back", "◀ step back", "one step back"),
           ("forward", "step forward ▶", "one step on"),
           ("reset", "reset", "back to the start"))


class Stepping(Live):
    """A ``Live`` with the stepping controls.  A subclass calls
    :meth:`_stepping_controls` to get its "step" slider, puts it among its
    controls, and passes :meth:`_stepping_parts` as ``extra`` to ``Live``."""

    #: the equation is typeset by MathJax: in a page it follows the image
    text_delay = TEXT_DELAY
    #: the static book steps through the computation
    static_sweep = "step"

    def _stepping_controls(self, interval, width, equation_height):
        """The step slider (0..1 until :meth:`_set_last_step`); makes ``play``,
        its ``link`` to the slider, the ``buttons`` and the ``equation``."""
        step = widgets.IntSlider(value=0, min=0, max=1, description="step", style=STYLE,
                                 layout=widgets.Layout(width=width))
        self.play = widgets.Play(value=0, min=0, max=1, step=1,
                                 interval=checks.count(interval, "interval (ms)"),
                                 description="play", show_repeat=False)
        self.link = widgets.link((self.play, "value"), (step, "value"))
        self.buttons = {name: widgets.Button(description=label, tooltip=tip,
                                             layout=widgets.Layout(width="auto"))
                        for name, label, tip in BUTTONS}
        self.buttons["back"].on_click(lambda _: self.move(-1))
        self.buttons["forward"].on_click(lambda _: self.move(+1))
        self.buttons["reset"].on_click(lambda _: self.reset())
        self.equation = widgets.HTMLMath(layout=widgets.Layout(min_height=equation_height))
        self.equation.add_class("bp-equation")
        self.equation_text = ""            # what draw() wants the equation to show
        return step

    def texts(self):
        return [*super().texts(), (self.equation, self.equation_text)]

    def _stepping_parts(self):
        """The row of Play and buttons, and the equation under it."""
        return widgets.HBox([self.play, *self.buttons.values()]), self.equation

    def move(self, by):
        """One step forward (+1) or back (−1), within the slider's range."""
        slider = self.controls["step"]
        self._go_to(min(max(slider.value + by, slider.min), slider.max))

    def reset(self):
        """Back to step 0."""
        self._go_to(0)

    def _go_to(self, step):
        slider = self.controls["step"]
        with slider.hold_sync(), self.play.hold_sync():       # the image first, then these
            slider.value = step
