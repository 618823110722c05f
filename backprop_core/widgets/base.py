"""The shape every live figure shares: controls, a readout of numbers, a figure.

Every live figure of every chapter (0–17) is a :class:`Live`; the l/j/k
controls of the demon labs (chapter 6), the weight finder (chapter 1) and the
paths (chapter 9) come from :func:`neuron_controls`.

Figures are made under ``plt.ioff()`` (so ipympl does not display them twice)
and updated in place (``set_data``...), never rebuilt from scratch.

A slider step can be faster still: a figure may name its ``moving`` artists
(attribute names) and its ``fast`` controls (control names) whose change only
moves those artists.  Such a step is drawn with matplotlib's blitting API: the
moving artists are ``animated`` (left out of a full draw and not marking the
figure stale when they move); after every full draw the figure without them is
kept (``canvas.copy_from_bbox``, on the canvas's ``draw_event``) and they are
drawn on top; a fast step restores that background, draws only the moving
artists (``figure.draw_artist``) and calls ``canvas.blit``.  If the step
changed anything else (the figure became stale, e.g. an axis limit moved), or
the background is missing or of another size, it is a full draw instead.

Why this is fast with ipympl (``ipympl/backend_nbagg.py`` builds on
matplotlib's ``backend_webagg_core``): its ``draw_idle`` only sends the page a
"draw" request, and the page answers with a "draw" message before the kernel
renders: a second round trip.  ``canvas.draw()`` renders with Agg and sends the
image at once (``manager.refresh_all()``), and ``canvas.blit()`` sends the
changed pixels at once (webagg's diff PNG) without rendering.  Webagg still
sets ``supports_blit = False`` (so matplotlib's own widgets do not blit on it),
but its ``copy_from_bbox`` / ``restore_region`` (from Agg) and ``blit`` work,
and the diff image it sends is computed from the whole pixel buffer, so it is
right whatever was redrawn.  With a static backend (Agg: headless tests) the
full draw stays ``draw_idle`` (which there draws at once), and a blit only
updates the pixel buffer.

The figure goes first, its text after: :meth:`Live.update` redraws the
figure, then shows :meth:`Live.texts` (the readout, and a subclass's equation or
table).  A figure whose text is heavy (the stepper's equation, typeset by
MathJax) sets ``text_delay``: when a page shows the figure, its text then goes
that much later, from the kernel's event loop, so that the page draws the image
before it lays out the text (measured in ``bench/README.md``: a stepper's step
drawn in about 50 ms instead of about 100; for chapter 6's small readout the
delay only made the numbers later, so there it is 0).

Every number shown is rendered by :func:`fmt` inside an element
``<span class="bp-value" data-name="NAME">``, so a browser test can read the
number for NAME and compare it with the core's own computation formatted by
the same :func:`fmt`.
"""
import asyncio
import contextlib
import html
import itertools
import re

import ipywidgets as widgets
import matplotlib.pyplot as plt

from . import ipympl_private
from .symbols import symbol_html, symbol_text
from .theme import NeutralFigure, neutral_artist


#: How long (s) the text of a figure with heavy text (an equation MathJax
#: typesets, a long readout) waits after the figure's new image is sent, when a
#: page shows them: the page then draws the image before it lays out the text,
#: which would otherwise hold the image back by a frame or two (bench/README.md).
#: A figure opts in with ``text_delay = TEXT_DELAY``.
TEXT_DELAY = 0.03

#: The controls' style: the whole description shown, however long.
STYLE = {"description_width": "initial"}


def fmt(x):
    """The one way a number is displayed: 6 significant digits."""
    return f"{float(x):.6g}"


#: numbers for the figures of live figures (pyplot's own start at 1)
_NUMBERS = itertools.count(1001)
#: cell id -> the figures its last run made (see _replaces)
_BY_CELL = {}
_CELL = {"id": None, "watching": False}


def new_figure(width=5.0, height=3.0, **subplots_kw):
    """A small figure and its axes, created without being displayed.

    It is a :class:`~backprop_core.widgets.theme.NeutralFigure`: transparent,
    its text and axes in a grey that reads on JupyterLab's light and dark
    themes alike (``widgets/theme.py``).

    It is made by the backend (``plt.new_figure_manager``), not registered with
    pyplot: pyplot's list of open figures would grow by one each time a reader
    re-runs a figure's cell, and warn at 21.  Instead, when a cell runs again in
    JupyterLab, the figures its previous run made are closed (their output is
    being replaced), which frees their canvases.
    """
    with plt.ioff():
        manager = plt.new_figure_manager(next(_NUMBERS), figsize=(width, height),
                                         FigureClass=NeutralFigure)
    fig = manager.canvas.figure
    ax = fig.subplots(**subplots_kw)
    _replaces(fig)
    canvas = fig.canvas
    for name, value in (("header_visible", False), ("toolbar_visible", False),
                        ("footer_visible", False), ("resizable", False)):
        if hasattr(canvas, name):
            setattr(canvas, name, value)
    return fig, ax


def _replaces(fig):
    """Record ``fig`` as made by the running cell; the first time, ask IPython to
    tell us when a cell starts, so that the figures of its last run are closed."""
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is None:
        return
    if not _CELL["watching"]:
        shell.events.register("pre_run_cell", _on_cell_start)
        _CELL["watching"] = True
    if _CELL["id"] is not None:
        _BY_CELL.setdefault(_CELL["id"], []).append(fig)


def _on_cell_start(info):
    """A cell starts (JupyterLab names it by its id): close what its last run drew."""
    cell = getattr(info, "cell_id", None)
    _CELL["id"] = cell
    for old in _BY_CELL.pop(cell, []) if cell is not None else []:
        manager = old.canvas.manager
        if manager is not None:
            manager.destroy()


def figure_widget(fig):
    """The widget that shows ``fig``: the ipympl canvas itself.  With a static
    backend (headless tests, which read ``values`` rather than pixels) it is an
    empty Output placeholder."""
    if ipympl_private.is_ipympl(fig.canvas):
        ipympl_private.size_now(fig)        # in a box it would wait for the page to size it
        return fig.canvas
    return widgets.Output()


def neuron_controls(net, l, j, k=None, labels=("layer l", "neuron j", "input k"),
                    dropdown=False, style=None):
    """The controls for a neuron j of layer l (and an input k of layer l − 1):
    sliders (or drop-downs) whose ranges are the network's, checked first.

    The one builder of l/j/k controls; :meth:`Live.follow` keeps j and k in
    range when l moves.  Used by the demon labs (ch 6), the weight finder
    (ch 1), the paths (ch 9) and the stepper.
    """
    from .. import checks
    style = style or STYLE
    if k is None:
        l, j = checks.neuron(net.sizes, l, j)
    else:
        l, j, k = checks.weight(net.sizes, l, j, k)
    ranges = {"l": (2, net.num_layers, l), "j": (0, net.n[l] - 1, j)}
    if k is not None:
        ranges["k"] = (0, net.n[l - 1] - 1, k)
    controls = {}
    for (name, (lo, hi, value)), label in zip(ranges.items(), labels):
        if dropdown:
            controls[name] = widgets.Dropdown(options=list(range(lo, hi + 1)), value=value,
                                              description=label, style=style)
        else:
            controls[name] = widgets.IntSlider(value=value, min=lo, max=hi,
                                               description=label, style=style)
    controls["l"].layer_widths = net.n          # for Live.follow: n_l of every layer
    return controls


def _fit_range(control, n):
    """Give a neuron control the choices 0..n−1, keeping its value when still valid."""
    if isinstance(control, widgets.Dropdown):
        old = control.value
        control.options = list(range(n))
        control.value = old if old < n else 0
    else:
        control.max = n - 1                 # a slider clamps its value itself


def readout_html(rows, title=None):
    """An HTML table of (label, name, value) rows: numbers shown with fmt(); the
    labels, the title and values that are text are written in the book's symbols
    (``z^l_j``, rendered by :func:`~backprop_core.widgets.symbols.symbol_html`)."""
    parts = ['<table class="bp-readout" style="border-collapse:collapse">']
    if title:
        parts.append(f'<caption style="text-align:left"><b>{symbol_html(title)}</b></caption>')
    for label, name, value in rows:
        shown = fmt(value) if isinstance(value, (int, float)) or hasattr(value, "__float__") else symbol_html(value)
        parts.append(
            f'<tr><td style="padding:1px 10px 1px 0">{symbol_html(label)}</td>'
            f'<td style="text-align:right;font-family:monospace;white-space:nowrap">'
            f'<span class="bp-value" data-name="{html.escape(name)}">{shown}</span></td></tr>')
    parts.append("</table>")
    return "".join(parts)


#: Greek letters and symbols of mathtext labels ($\\delta^l$), written out for
#: the text alternative of a figure.
_TEX = {"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε",
        "varepsilon": "ε", "eta": "η", "theta": "θ", "lambda": "λ", "mu": "μ", "sigma": "σ",
        "Sigma": "Σ", "partial": "∂", "nabla": "∇", "odot": "⊙", "cdot": "·", "times": "×",
        "prime": "′", "to": "→", "log": "log", "ln": "ln", "exp": "exp", "max": "max",
        "min": "min", "leq": "≤", "geq": "≥", "le": "≤", "ge": "≥", "approx": "≈", "ell": "ℓ",
        "infty": "∞", "sum": "Σ", "top": "T", "mathsf": "",
        "mathrm": "", "mathbf": "", "mathit": "", "rm": "", "|": "‖", ",": " ", ";": " "}


def plain_text(label):
    """A figure's label (matplotlib mathtext, the book's ``z^l_j``) as plain text
    with Unicode scripts: ``$\\delta^{l}_{j}$`` → δˡⱼ."""
    text = str(label)
    # a command's name ends at its first space, which TeX drops: \partial C → ∂C
    text = re.sub(r"\\([A-Za-z]+ ?|[|,;])", lambda m: _TEX.get(m.group(1).strip(), m.group(1).strip()),
                  text)
    text = text.replace("$", "").replace("\\", "")
    return " ".join(re.sub(r"[{}]", "", symbol_text(text)).split())


def _visible_text(markup):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def describe_figure(fig):
    """What a figure shows, in words: each axes' title and axis labels."""
    parts = []
    for ax in fig.axes if fig is not None else ():
        if not ax.get_visible():
            continue
        said = [plain_text(t) for t in (ax.get_title(),) if t.strip()]
        for axis, label in (("horizontal axis", ax.get_xlabel()), ("vertical axis", ax.get_ylabel())):
            if label.strip() and ax.axison:
                said.append(f"{axis}: {plain_text(label)}")
        if said:
            parts.append(", ".join(said))
    return "; ".join(parts)


#: The text alternative of a figure: in the page for screen readers (announced
#: when it changes), but not shown (the usual "visually hidden" styles).
_HIDDEN = ("position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;"
           "clip:rect(0,0,0,0);white-space:nowrap;border:0")


def _describe_in_symbols(control):
    """A control's description written like a readout label: "bias b^l_j" shows
    as bias *b* with *l* above and *j* below, "layer l" as layer *l*."""
    text = getattr(control, "description", "")
    if not (isinstance(text, str) and control.has_trait("description_allow_html")):
        return                            # a button's text is not HTML
    shown = symbol_html(text)
    if shown != html.escape(text):
        control.description_allow_html = True
        control.description = shown


def _shown_value(value):
    """A readout value as the readout shows it: a number by fmt(), text as plain text."""
    if isinstance(value, (int, float)) or hasattr(value, "__float__"):
        return fmt(value)
    return plain_text(value)


def _unshowable(value):
    """A value no control of a figure may hold: None, or a float that is NaN."""
    return value is None or (isinstance(value, float) and value != value)


class Live:
    """A live figure: ``controls`` (name → widget), ``values`` (name → number
    shown), ``readout`` (HTML widget showing them), ``figure`` and ``widget``
    (the whole thing, which is what a notebook displays).

    Subclasses implement ``compute()`` (returning the dict of values for the
    controls' current state) and ``draw(values)`` (moving the figure's
    artists), and list ``rows`` as (label, name) pairs for the readout.  A
    subclass with more text than the readout adds it in ``texts()``.

    To opt in to the fast path, a subclass lists ``moving`` (names of its
    attributes holding the artists a fast control moves) and ``fast`` (names
    of those controls); ``redraws`` counts the "full" and "blit" redraws.
    """

    rows = ()
    title = None
    #: attribute names of the artists that a ``fast`` control moves
    moving = ()
    #: names of the controls whose change only moves the ``moving`` artists
    fast = ()
    #: a figure that needs the page's width has its readout under it (after ``extra``)
    readout_below = False
    #: seconds its text waits after the image when a page shows it (TEXT_DELAY: heavy text)
    text_delay = 0.0
    #: the control the static book sweeps for a chapter's main figure (docs/_ext/
    #: static_widgets.py); None: the first slider with at least 15 positions
    static_sweep = None

    def __init__(self, controls, figure=None, extra=()):
        self.controls = dict(controls)
        self.figure = figure
        self.values = {}
        self.redraws = {"full": 0, "blit": 0}
        self._changed = None
        self._quiet = False
        self._background, self._background_key = None, None
        self._texts, self._texts_due = (), False
        self.readout = widgets.HTML()
        #: the figure's text alternative (see :meth:`describe`), next to its canvas
        self.alt = widgets.HTML(layout=widgets.Layout(width="1px", height="1px", margin="0",
                                                      padding="0", overflow="hidden",
                                                      flex="0 0 auto"))
        self.alt.add_class("bp-figure-text")
        for control in self.controls.values():
            _describe_in_symbols(control)
        parts = [widgets.HBox(list(self.controls.values()),
                              layout=widgets.Layout(flex_flow="row wrap"))]
        if figure is None:
            parts += [self.readout, *extra]
        elif self.readout_below:
            self.readout.layout.width = "auto"
            parts += [figure_widget(figure), self.alt, *extra, self.readout]
        else:
            parts += [widgets.HBox([figure_widget(figure), self.alt, self.readout]), *extra]
        self.widget = widgets.VBox(parts)
        self.widget.add_class("bp-live")
        for control in self.controls.values():
            control.observe(self._on_change, names="value")
        if figure is not None and self.moving:
            unknown = [n for n in self.fast if n not in self.controls]
            if unknown:
                raise ValueError(f"fast controls {unknown} are not among the controls "
                                 f"{list(self.controls)}")
            for artist in self.moving_artists():
                artist.set_animated(True)
            figure.canvas.mpl_connect("draw_event", self._on_draw)

    def compute(self):
        raise NotImplementedError

    def draw(self, values):
        """Move the figure's artists to show ``values`` (default: nothing to draw)."""

    def moving_artists(self):
        """The artists named by ``moving``."""
        return [getattr(self, name) for name in self.moving]

    def texts(self):
        """The text widgets that show ``values`` and what each is to show: the
        readout; a subclass adds its own (an equation, a table)."""
        return [(self.readout, readout_html(
            [(label, name, self.values[name]) for label, name in self.rows], self.title))]

    def describe(self):
        """The figure's text alternative, in its current state: what it shows
        (the readout's title, each axes' title and axis labels) and the numbers
        it shows now (the readout's rows; a readout without rows, its text)."""
        parts = [plain_text(self.title)] if self.title else []
        axes = describe_figure(self.figure)
        if axes:
            parts.append(f"Figure: {axes}")
        if self.rows:
            now = "; ".join(f"{plain_text(label)} = {_shown_value(self.values[name])}"
                            for label, name in self.rows if name in self.values)
        else:
            texts = self.texts()
            now = _visible_text(texts[0][1]) if texts else ""
        if now:
            parts.append(f"Now: {now}")
        return ". ".join(parts)

    def _alt_text(self):
        return (f'<p class="bp-alt" aria-live="polite" style="{_HIDDEN}">'
                f"{html.escape(self.describe())}</p>")

    def update(self):
        """Recompute, redraw the figure (only the moving artists if only a fast
        control changed since the last update), then refresh the text (and the
        figure's text alternative)."""
        changed, self._changed = self._changed, None
        self.values = self.compute()
        if self.figure is not None:
            fast = self._can_blit(changed)
            self.draw(self.values)
            self._redraw(fast and not self.figure.stale)
        texts = list(self.texts())
        if self.figure is not None:
            texts.append((self.alt, self._alt_text()))
        self._show(texts)
        return self.values

    def _show(self, texts):
        """Put ``texts`` in their widgets: at once, or ``text_delay`` after the
        figure's image when a page is showing the figure (the latest texts win
        if several updates come within that time)."""
        self._texts = texts
        if self._texts_due:
            return
        loop = self._page_loop()
        if loop is None:
            self._flush_texts()
        else:
            self._texts_due = True
            loop.call_later(self.text_delay, self._flush_texts)

    def _flush_texts(self):
        self._texts_due = False
        texts, self._texts = self._texts, ()
        for widget, value in texts:
            widget.value = value

    def _page_loop(self):
        """The kernel's event loop, if a page is showing this figure (else None)."""
        if self.figure is None or not self.text_delay or not self._page_is_live():
            return None
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return None

    def _redraw(self, fast):
        if ipympl_private.is_ipympl(self.figure.canvas):
            # a whole image, not a diff: a dropped diff would leave stale pixels
            # (seen in a mouse drag: old markers stayed on the figure)
            ipympl_private.send_whole_images(self.figure.canvas)
        if fast:
            self._blit()
        else:
            self._full_draw()

    # -- the two ways to redraw -------------------------------------------------
    def _background_size(self):
        return self.figure.dpi, self.figure.canvas.get_width_height(physical=True)

    def _can_blit(self, changed):
        """A blit is right only for a fast control, over a background of the
        current size, when nothing else in the figure is waiting to be drawn."""
        static = not ipympl_private.is_ipympl(self.figure.canvas)
        return (changed is not None and changed in self.fast and bool(self.moving)
                and (static or self._page_is_live())
                and self._background is not None
                and self._background_key == self._background_size()
                and not self.figure.stale)

    def _draw_moving(self):
        for artist in self.moving_artists():
            neutral_artist(artist)        # a blit does not go through NeutralFigure.draw
            self.figure.draw_artist(artist)

    def _on_draw(self, event):
        """After a full draw (ours or one the page asked for): keep the figure
        without the moving artists, then draw them on top before it is sent."""
        canvas = self.figure.canvas
        if canvas.is_saving():            # savefig draws animated artists itself
            return
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        self._background_key = self._background_size()
        self._draw_moving()

    def _blit(self):
        canvas = self.figure.canvas
        canvas.restore_region(self._background)
        self._draw_moving()
        canvas.blit(self.figure.bbox)     # ipympl: sends the changed pixels now
        self.redraws["blit"] += 1

    def _page_is_live(self):
        """An ipympl canvas whose page has said it is ready for images (until
        then ipympl keeps every image it sends as the widget's ``_data_url``
        and the page must not be sent any)."""
        return ipympl_private.page_is_ready(self.figure.canvas)

    def _full_draw(self):
        canvas = self.figure.canvas
        if self._page_is_live():
            canvas.draw()                 # ipympl: render and send now, no round trip
        else:
            canvas.draw_idle()            # static backends draw here at once; ipympl asks the page
        self.redraws["full"] += 1

    def _control_name(self, widget):
        return next((name for name, c in self.controls.items() if c is widget), None)

    def _note_change(self, change):
        """Remember which control changed, for the next ``update()``; a second
        change before it (e.g. a range that moved j) makes it a full draw."""
        name = self._control_name(change["owner"])
        self._changed = name if self._changed in (None, name) else "several"

    @contextlib.contextmanager
    def quietly(self):
        """Change controls inside this block without each change updating the
        figure on its own (so nothing is drawn half-updated)."""
        quiet, self._quiet = self._quiet, True
        try:
            yield
        finally:
            self._quiet = quiet

    def follow(self, change):
        """Adjust other controls after ``change``, before the one update it causes.

        By default: when the layer control "l" moves, the neuron controls "j"
        (layer l) and "k" (layer l − 1) take that layer's range, keeping their
        value while it is still valid (the widths n_l are the ones
        :func:`neuron_controls` gave the "l" control).
        """
        if "l" not in self.controls or change["owner"] is not self.controls["l"]:
            return
        l, n = self.controls["l"].value, self.controls["l"].layer_widths
        for name, n in (("j", n[l]), ("k", n[l - 1])):
            if name in self.controls:
                _fit_range(self.controls[name], n)

    def _on_change(self, change):
        if self._quiet:
            return
        if _unshowable(change["new"]):
            # NaN in a float slider, None in a drop-down: no figure can show it, so
            # the control goes back to the value the figure shows
            with self.quietly():
                change["owner"].value = change["old"]
            return
        self._note_change(change)
        with self.quietly():
            self.follow(change)
        self.update()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)
