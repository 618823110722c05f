"""Static pictures of live widgets, for the HTML book.

A live figure needs a running kernel: its sliders are ipywidgets and its plot
is an ipympl canvas.  A static web page has no kernel, and the usual way to
embed widgets (the ipywidgets HTML manager) loads its JavaScript from a CDN,
which an offline book cannot do.  So while ``make book`` executes a chapter,
every widget the chapter displays is also drawn as plain HTML *in its state at
that moment*: a VBox/HBox becomes a flex box, a slider a disabled range input
with its value, a drop-down a disabled ``<select>``, an ``HTML`` widget (the
readout with its ``data-name`` spans) its own HTML, and a matplotlib canvas a
PNG of the figure.  The page then shows the figure's first state, and its
numbers are the ones the chapter computed.

Two halves live in this file:

* the kernel side, :func:`render` and :func:`install`, run inside the IPython
  kernel that executes a chapter (loaded by an IPython startup file);
* the Sphinx side, :func:`setup`, which writes that startup file into a private
  ``IPYTHONDIR`` for the build, so no user's IPython profile is touched and
  the chapters' sources are not changed.
"""
import base64
import html
import io
import json
import math
import os
import re
import time
from html.parser import HTMLParser
from pathlib import Path

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: Pixel density of the first state's PNGs (drawn at twice the figure's size, shown at 1x).
PNG_SCALE = 2
#: Pixel density of the swept states' PNGs: 1x, to keep the pages light.
SWEEP_SCALE = 1
#: A chapter's main figure is swept over at most this many values of its main
#: control (its first value added if the grid misses it) ...
SWEEP_STATES = 21
#: ... and at least this many where the control has that many positions.
MIN_STATES = 15
#: The href the Sphinx side replaces by the chapter's Binder address (binder_links.binder_url).
BINDER_PLACEHOLDER = "bp-binder-url-of-this-chapter"
#: Tags a control's description may keep (the book's symbols: "layer <i>l</i>", "Δ<i>z</i>").
INLINE_TAGS = ("i", "b", "sub", "sup", "span")

#: One main figure per chapter: the kernel executes one chapter.
_KERNEL = {"swept": False, "sweeps": 0}


# --------------------------------------------------------------------------
# Kernel side
# --------------------------------------------------------------------------

def _e(text):
    return html.escape(str(text), quote=True)


_STYLE_RULE = re.compile(r"^[a-z-]+\s*:\s*[-#%.\w\s]+$")


class _Sanitiser(HTMLParser):
    """HTML kept to the inline tags INLINE_TAGS (a span keeps its plain style rules);
    every other tag and attribute is dropped, its text kept and escaped."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.open = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in INLINE_TAGS:
            return
        style = ""
        if tag == "span":
            rules = [r.strip() for r in (dict(attrs).get("style") or "").split(";")]
            kept = [r for r in rules if _STYLE_RULE.match(r)]
            style = f' style="{_e(";".join(kept))}"' if kept else ""
        self.out.append(f"<{tag}{style}>")
        self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open:
                last = self.open.pop()
                self.out.append(f"</{last}>")
                if last == tag:
                    break

    def handle_data(self, data):
        self.out.append(_e(data))

    def result(self):
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def inline_html(text):
    """``text`` (HTML) kept to the whitelist of inline tags: safe to put in a label."""
    sanitiser = _Sanitiser()
    sanitiser.feed(str(text))
    return sanitiser.result()


def _scripts(text, kind):
    """A raised (sup) or lowered (sub) script in plain text: Unicode where it has
    the characters (a², w₀), else ^/_ and the script."""
    from backprop_core.widgets.symbols import script_text
    text = text.strip()
    return script_text(text, kind == "sup") or (
        ("^" if kind == "sup" else "_") + (text if len(text) < 2 else f"({text})"))


class _Text(HTMLParser):
    """The text of a readout or a label as a reader hears it: z^l_j with its scripts
    (<sup>, <sub> and the readouts' stacked spans), table rows separated by ';'."""

    VOID = {"br", "img", "hr", "input", "meta", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.stack = [], []      # stack: [tag, role, count]

    def _role(self):
        return next((r for _, r, _ in reversed(self.stack) if r in ("sup", "sub")), None)

    def handle_starttag(self, tag, attrs):
        if tag in ("br", "p", "div", "li"):
            self.out.append(" ")
        if tag == "tr" and self.out and not "".join(self.out).rstrip().endswith(":"):
            self.out.append("; ")
        if tag in ("td", "th"):
            self.out.append(" ")
        if tag in self.VOID:
            return
        role = tag if tag in ("sup", "sub") else None
        style = (dict(attrs).get("style") or "").replace(" ", "")
        if tag == "span" and "inline-block" in style:
            role = "stack"
        elif tag == "span" and "display:block" in style and self.stack and self.stack[-1][1] == "stack":
            outer = self.stack[-1]
            role = "sup" if outer[2] == 0 else "sub"
            outer[2] += 1
        self.stack.append([tag, role, 0])

    def handle_endtag(self, tag):
        if tag == "caption":
            self.out.append(": ")
        while any(t == tag for t, _, _ in self.stack):
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        role = self._role()
        self.out.append(_scripts(data, role) if role and data.strip() else data)

    def result(self):
        self.close()
        text = re.sub(r"\s+", " ", "".join(self.out)).strip()
        return re.sub(r"\s+([;:,.])", r"\1", text)


def plain_text(text):
    """``text`` (HTML) as plain text, the scripts of its symbols kept (for
    aria-label and alt)."""
    parser = _Text()
    parser.feed(str(text))
    return parser.result()


def _alt(figure, shown):
    """The text alternative of a figure's image: what it is, then the numbers it shows."""
    from backprop_core.widgets.base import describe_figure
    alt = f"Figure: {describe_figure(figure) or 'a drawing'}."
    if shown:
        alt += f" Readout: {shown}"
    return _cut(alt)


def _cut(alt):
    return alt if len(alt) <= 1200 else alt[:1199] + "…"


def _figure_png(figure, scale):
    """The figure as a PNG data URI, drawn at ``scale`` x its dpi."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi * scale)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _state_png(figure):
    """A swept state's image: drawn at SWEEP_SCALE x the figure's dpi, its colours
    reduced to a palette of 256 (about a quarter of the bytes, no visible change)."""
    from matplotlib.layout_engine import PlaceHolderLayoutEngine
    from PIL import Image
    dpi = figure.dpi * SWEEP_SCALE
    buffer = io.BytesIO()
    engine = figure.get_layout_engine()
    # The placeholder that fig.tight_layout() leaves lays nothing out at a draw, but
    # savefig would draw the whole figure once more (for a layout) before the real draw.
    placeholder = isinstance(engine, PlaceHolderLayoutEngine)
    if placeholder:
        figure.set_layout_engine(None)      # None, with the rc defaults the figures use
    try:
        figure.savefig(buffer, format="rgba", dpi=dpi)
    finally:
        if placeholder:
            figure.set_layout_engine(engine)
    width, height = (round(x * dpi) for x in figure.get_size_inches())
    image = Image.frombuffer("RGBA", (width, height), buffer.getbuffer(), "raw", "RGBA", 0, 1)
    palette = image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    out = io.BytesIO()
    palette.save(out, format="png", optimize=True)
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _is_canvas(widget):
    import ipywidgets as w
    return (isinstance(widget, w.DOMWidget) and hasattr(widget, "figure")
            and hasattr(widget.figure, "savefig"))


def _is_html(widget):
    import ipywidgets as w
    return isinstance(widget, (w.HTML, w.HTMLMath))


def _is_figure_text(widget):
    """The hidden text alternative a live figure keeps beside its canvas (widgets/base.py)."""
    return _is_html(widget) and "bp-figure-text" in getattr(widget, "_dom_classes", ())


_DOLLARS = re.compile(r"(?<![\\$])\$(?!\$)(.+?)(?<![\\$])\$(?!\$)")


def _html_value(widget):
    """An HTML widget's content; an HTMLMath's inline $...$ written \\(...\\), as the
    book's MathJax reads it (its $$...$$ it reads as it is)."""
    import ipywidgets as w
    value = widget.value
    if isinstance(widget, w.HTMLMath):
        value = _DOLLARS.sub(lambda m: rf"\({m.group(1)}\)", value)
    return value


def _output_item(item, context):
    """One output (nbformat dict) captured by an ``Output`` widget."""
    kind = item.get("output_type")
    if kind == "stream":
        return f'<pre class="bp-static-stream">{_e(item.get("text", ""))}</pre>'
    data = item.get("data", {})
    if WIDGET_VIEW in data:
        child = _find(data[WIDGET_VIEW].get("model_id"))
        if child is not None:
            return render(child, context)
    if "text/html" in data:
        return data["text/html"]
    if "image/png" in data:
        return (f'<img class="bp-static-figure" alt="{_e(data.get("text/plain", "an image"))}" '
                f'src="data:image/png;base64,{data["image/png"]}"/>')
    if "text/plain" in data:
        return f'<pre class="bp-static-stream">{_e(data["text/plain"])}</pre>'
    return ""


def _find(model_id):
    """The live widget with this model id, if it still exists."""
    from ipywidgets.widgets import widget as widget_module
    return getattr(widget_module, "_instances", {}).get(model_id)


def _children(widget):
    """The widgets shown inside ``widget``, in page order."""
    import ipywidgets as w
    if isinstance(widget, w.Box):
        return list(widget.children)
    if isinstance(widget, w.Output):
        found = []
        for item in widget.outputs:
            view = item.get("data", {}).get(WIDGET_VIEW)
            child = _find(view.get("model_id")) if view else None
            if child is not None:
                found.append(child)
        return found
    return []


def _walk(widget):
    yield widget
    for child in _children(widget):
        yield from _walk(child)


class Context:
    """What one rendering of a root widget needs: the swept control (or None), the
    slots (the canvases and HTML widgets a state changes, in page order, each
    marked ``data-bp-slot``), and the text the figure's alt quotes."""

    def __init__(self, root, main=None, sweep=None):
        self.main, self.sweep = main, sweep
        widgets = list(_walk(root))
        self.slots = [w for w in widgets
                      if _is_canvas(w) or (_is_html(w) and not _is_figure_text(w))]
        # A live figure's own text alternative (Live.describe(), kept in a hidden
        # HTML widget): when there is one, it is the alt of the figure's image.
        self.figure_text = next((w for w in widgets if _is_figure_text(w)), None)
        self.fixed = []         # labels of the controls shown fixed

    def slot(self, widget):
        return next((i for i, w in enumerate(self.slots) if w is widget), None)

    def shown_text(self):
        return plain_text(" ".join(_html_value(w) for w in self.slots if _is_html(w)))

    def alt(self, figure):
        """The text alternative of ``figure``'s image in the widget's current state."""
        if self.figure_text is not None:
            return _cut(plain_text(self.figure_text.value))
        return _alt(figure, self.shown_text())


def _label(widget):
    """The control's description as HTML: its symbols (<i>, <sub>...) kept, nothing else."""
    description = getattr(widget, "description", "") or ""
    if not description:
        return ""
    if getattr(widget, "description_allow_html", False):
        return inline_html(description)
    return _e(description)


def _name(widget):
    """The control's accessible name: its description as plain text."""
    return plain_text(_label(widget)) or type(widget).__name__


def _fixed(widget, context):
    """A control shown as it is, disabled: fixed in this edition."""
    label = _label(widget)
    context.fixed.append(label or _e(type(widget).__name__))
    return (f'aria-label="{_e(_name(widget))} (fixed in this edition)" '
            f'title="fixed in this edition"')


def _slider(widget, context):
    value = widget.value
    label = f'<span class="bp-static-label">{_label(widget)}</span>' if _label(widget) else ""
    if isinstance(value, (tuple, list)):          # range sliders
        shown = " – ".join(_e(v) for v in value)
        context.fixed.append(_label(widget))
        return f'{label}<span class="bp-static-value">{shown}</span>'
    low, high = getattr(widget, "min", value), getattr(widget, "max", value)
    step = getattr(widget, "step", None) or "any"
    if widget.__class__.__name__ == "FloatLogSlider":   # min/max are exponents
        base = widget.base
        low, high, step = base ** low, base ** high, "any"
    return (f'{label}<input type="range" disabled {_fixed(widget, context)} min="{_e(low)}" '
            f'max="{_e(high)}" step="{_e(step)}" value="{_e(value)}"/>'
            f'<span class="bp-static-value">{_e(_value_label(widget, value))}</span>')


def _choice(widget, context):
    options = [label for label, _ in _options(widget)]
    chosen = getattr(widget, "label", None)
    items = "".join(f'<option{" selected" if o == chosen else ""}>{_e(o)}</option>'
                    for o in options)
    label = f'<span class="bp-static-label">{_label(widget)}</span>' if _label(widget) else ""
    return f'{label}<select disabled {_fixed(widget, context)}>{items}</select>'


def _swept_control(widget, sweep):
    """The one control that moves: a range input (a drop-down's: a select) over the states."""
    ident = f"bp-sweep-{sweep['id']}"
    labels, first = sweep["labels"], sweep["first"]
    label = (f'<label class="bp-static-label" for="{ident}">{_label(widget)}</label>'
             if _label(widget) else "")
    name = _e(_name(widget))
    if sweep["kind"] == "choice":
        items = "".join(f'<option value="{i}"{" selected" if i == first else ""}>{_e(o)}</option>'
                        for i, o in enumerate(labels))
        return (f'{label}<select id="{ident}" class="bp-sweep-input" aria-label="{name}">'
                f'{items}</select>')
    return (f'{label}<input type="range" id="{ident}" class="bp-sweep-input" min="0" '
            f'max="{len(labels) - 1}" step="1" value="{first}" aria-label="{name}" '
            f'aria-valuetext="{_e(labels[first])}"/>'
            f'<output class="bp-static-value bp-sweep-value" for="{ident}">{_e(labels[first])}</output>')


def render(widget, context=None):
    """Plain HTML showing ``widget`` (and its children) as it is now."""
    import ipywidgets as w

    if context is None:
        context = Context(widget)
    name = widget.__class__.__name__
    slot = context.slot(widget)
    mark = f' data-bp-slot="{slot}"' if slot is not None else ""
    if _is_canvas(widget):                                       # ipympl canvas
        figure = widget.figure
        width = round(figure.get_figwidth() * figure.dpi)
        return (f'<div class="bp-static-{_e(name.lower())}"><img class="bp-static-figure"{mark} '
                f'alt="{_e(context.alt(figure))}" width="{width}" '
                f'src="{_figure_png(figure, PNG_SCALE)}"/></div>')
    if _is_figure_text(widget):
        return ""                  # the figure's image has this text as its alt
    if isinstance(widget, w.Box):
        children = "".join(render(child, context) for child in widget.children)
        direction = "column" if isinstance(widget, w.VBox) else "row"
        return (f'<div class="bp-static-box" style="display:flex;flex-direction:{direction};'
                f'flex-wrap:wrap;gap:6px 16px;align-items:flex-start">{children}</div>')
    if isinstance(widget, w.Output):
        inner = "".join(_output_item(item, context) for item in widget.outputs)
        if not inner:
            return ""
    elif _is_html(widget):
        inner = _html_value(widget)
    elif isinstance(widget, w.Label):
        inner = _e(widget.value)
    elif isinstance(widget, w.Button):
        inner = f'<button disabled {_fixed(widget, context)}>{_e(widget.description)}</button>'
    elif isinstance(widget, w.Play):
        inner = f'<button disabled {_fixed(widget, context)}>▶ {_e(widget.description or "play")}</button>'
    elif isinstance(widget, (w.Checkbox, w.ToggleButton)):
        checked = " checked" if widget.value else ""
        inner = (f'<label><input type="checkbox" disabled {_fixed(widget, context)}{checked}/> '
                 f'{_label(widget)}</label>')
    elif widget is context.main:
        inner = _swept_control(widget, context.sweep)
        return f'<div class="bp-static-{_e(name.lower())} bp-sweep-control">{inner}</div>'
    elif "Slider" in name:
        inner = _slider(widget, context)
    elif hasattr(widget, "options") and hasattr(widget, "label"):
        inner = _choice(widget, context)
    elif hasattr(widget, "value"):
        label = f'<span class="bp-static-label">{_label(widget)}</span>' if _label(widget) else ""
        inner = f'{label}<span class="bp-static-value">{_e(widget.value)}</span>'
    else:
        return ""
    return f'<div class="bp-static-{_e(name.lower())}"{mark}>{inner}</div>'


# -- the sweep of a chapter's main figure --------------------------------------

def _options(control):
    """A drop-down's or toggle buttons' options as (label, value) pairs."""
    return (getattr(control, "_options_full", None)
            or [(str(o), o) for o in getattr(control, "options", ())])


def _value_label(control, value):
    """A control's value as its own readout shows it."""
    if hasattr(control, "options") and "Slider" not in type(control).__name__:
        return next((str(label) for label, v in _options(control) if v == value), str(value))
    form = getattr(control, "readout_format", None)
    try:
        return format(value, form) if form else str(value)
    except (TypeError, ValueError):
        return str(value)


def _pick(count, states):
    """Indices 0..count−1, at most ``states`` of them, evenly spread, both ends in.

    With more positions than that, the fewest states from MIN_STATES up whose
    spacing is a whole number of positions (so −5…5 in steps of 0.05 is swept in
    steps of 0.5); failing that, ``states`` of them, rounded to positions."""
    if count <= states:
        return list(range(count))
    n = next((n for n in range(min(MIN_STATES, states), states + 1) if (count - 1) % (n - 1) == 0),
             states)
    return sorted({round(i * (count - 1) / (n - 1)) for i in range(n)})


def grid(control, states=SWEEP_STATES):
    """The values a sweep visits: evenly spread over the control's positions (all of
    them if there are at most ``states``), the control's own value among them.
    Returns (values, index of the control's value, "range" or "choice"), or None
    for a control with fewer than two positions."""
    name = type(control).__name__
    value = control.value
    if "Slider" in name:
        if isinstance(value, (tuple, list)):
            return None
        lo, step = control.min, control.step or 1
        exps = [round(lo + i * step, 12) for i in _pick(positions(control), states)]
        if name == "FloatLogSlider":
            values = [control.base ** e for e in exps]
        elif "Int" in name:
            values = [int(round(e)) for e in exps]
        else:
            values = exps
        kind = "range"
    elif hasattr(control, "options") and hasattr(control, "label"):
        full = [v for _, v in _options(control)]
        values = [full[i] for i in _pick(len(full), states)]
        kind = "choice"
    else:
        return None
    if len(values) < 2:
        return None
    close = [i for i, v in enumerate(values) if v == value or (
        isinstance(v, float) and isinstance(value, float) and math.isclose(v, value, abs_tol=1e-9))]
    if close:
        values[close[0]] = value
    elif kind == "range":
        values = sorted([*values, value])
    else:
        values.append(value)
    return values, values.index(value), kind


def positions(control):
    """How many values the control can take (0: it cannot be swept)."""
    if "Slider" in type(control).__name__:
        if isinstance(control.value, (tuple, list)):
            return 0
        return int(math.floor((control.max - control.min) / (control.step or 1) + 1e-9)) + 1
    if hasattr(control, "options") and hasattr(control, "label"):
        return len(control.options)
    return 0


def main_control(live):
    """The control the static book sweeps: the figure's ``static_sweep``, else its
    first slider with at least MIN_STATES positions (None: nothing to sweep)."""
    controls = getattr(live, "controls", None)
    if not isinstance(controls, dict) or getattr(live, "figure", None) is None:
        return None
    name = getattr(live, "static_sweep", None)
    if name is not None:
        return name if name in controls else None
    return next((n for n, c in controls.items()
                 if "Slider" in type(c).__name__ and positions(c) >= MIN_STATES), None)


def _capture(context, images):
    """The slots as they are now: each canvas its image (an index into ``images``,
    the state's PNGs, each kept once) and alt text, each HTML widget its HTML."""
    state = []
    for w in context.slots:
        if _is_canvas(w):
            src = _state_png(w.figure)
            if src not in images:
                images.append(src)
            state.append({"img": images.index(src), "alt": context.alt(w.figure)})
        else:
            state.append({"html": _html_value(w)})
    return state


def _values(live):
    import ipywidgets as w
    return {n: c.value for n, c in live.controls.items()
            if hasattr(c, "value") and not isinstance(c, w.Play)}


def sweep(live, name, context):
    """Move the control ``name`` of ``live`` over its grid, the figure's own observer
    redrawing it each time, and capture every state; the control goes back to its
    value after (so the chapter's next cells see the first state)."""
    control = live.controls[name]
    found = grid(control)
    if found is None:
        return None
    values, first, kind = found
    original, before = control.value, _values(live)
    states, images = [], []
    try:
        for i, value in enumerate(values):
            if i == first:
                states.append(None)          # the page keeps the first state's own image
                continue
            control.value = value
            states.append(_capture(context, images))
            moved = [n for n, v in _values(live).items() if n != name and v != before[n]]
            if moved:
                raise RuntimeError(f"sweeping {name!r} of {type(live).__name__} moved {moved}: "
                                   "give the figure another static_sweep")
    finally:
        control.value = original
    if _values(live) != before:
        raise RuntimeError(f"{type(live).__name__} did not come back to its first state "
                           f"after the static book's sweep of {name!r}")
    _KERNEL["sweeps"] += 1
    return {"id": _KERNEL["sweeps"], "name": name, "kind": kind, "first": first,
            "positions": positions(control), "images": images,
            "labels": [_value_label(control, v) for v in values], "states": states}


def _note(context, live):
    """The line under a figure: what moves here, and where everything moves."""
    binder = (f'Every control is live in JupyterLab or on Binder: '
              f'<a class="bp-binder-chapter" href="{BINDER_PLACEHOLDER}">open this chapter on Binder</a>.')
    fixed = ", ".join(label for label in context.fixed if label)
    if context.sweep:
        sweep = context.sweep
        what = (f"Move {_label(context.main) or _e(sweep['name'])} to see the figure at "
                f"{len(sweep['labels'])} precomputed values")
        what += f"; {fixed} {'is' if len(context.fixed) == 1 else 'are'} fixed in this edition. " if fixed else ". "
    elif fixed:
        what = f"The figure in its first state: {fixed} {'is' if len(context.fixed) == 1 else 'are'} fixed in this edition. "
    else:
        what = "The figure as the chapter drew it. "
    return f'<p class="bp-static-note">{what}{binder}</p>'


def _json(data):
    """JSON safe inside a <script> element."""
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def picture(obj, widget):
    """The static HTML of a displayed widget; the chapter's first live figure with a
    control to sweep also gets its precomputed states and the one control that moves."""
    live = obj if getattr(obj, "widget", None) is widget else None
    context = Context(widget)
    name = main_control(live) if live is not None and not _KERNEL["swept"] else None
    seconds = None
    if name is not None:
        start = time.process_time()
        found = sweep(live, name, context)
        seconds = time.process_time() - start
        if found is not None:
            _KERNEL["swept"] = True
            context.main, context.sweep = live.controls[name], found
    body = render(widget, context)
    if live is not None:
        body += _note(context, live)
    if context.sweep is None:
        return f'<div class="bp-static-widget">{body}</div>'
    data = {k: context.sweep[k] for k in ("first", "labels", "images", "states")}
    return (f'<div class="bp-static-widget bp-sweep" data-bp-sweep-cpu="{seconds:.2f}" '
            f'data-bp-positions="{context.sweep["positions"]}">{body}'
            f'<script type="application/json" class="bp-sweep-data">{_json(data)}</script></div>')


def _root_widget(obj, bundle):
    import ipywidgets as w
    if isinstance(obj, w.Widget):
        return obj
    if isinstance(getattr(obj, "widget", None), w.Widget):     # e.g. a Live figure
        return obj.widget
    return _find(bundle.get(WIDGET_VIEW, {}).get("model_id"))


def static_bundle(obj, bundle):
    """Replace a widget view in a display bundle by its static HTML picture."""
    if WIDGET_VIEW not in bundle:
        return bundle
    widget = _root_widget(obj, bundle)
    if widget is None:
        return bundle
    return {"text/plain": bundle.get("text/plain", ""), "text/html": picture(obj, widget)}


def install(ip=None):
    """Make the running IPython shell display widgets as static HTML."""
    if ip is None:
        from IPython import get_ipython
        ip = get_ipython()
    formatter = ip.display_formatter
    original = formatter.format

    def format(obj, include=None, exclude=None):
        data, metadata = original(obj, include=include, exclude=exclude)
        return static_bundle(obj, data), metadata

    formatter.format = format


# --------------------------------------------------------------------------
# Sphinx side
# --------------------------------------------------------------------------

STARTUP = '''\
# Written by docs/_ext/static_widgets.py for the book build: show widgets as static HTML.
import importlib.util as _util
_spec = _util.spec_from_file_location("book_static_widgets", {path!r})
_module = _util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
_module.install()
del _util, _spec, _module
'''


def _private_ipython_dir(app):
    """An IPYTHONDIR inside the build's doctree folder, holding only our startup file."""
    ipython_dir = Path(app.doctreedir) / "ipython"
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-static-widgets.py").write_text(STARTUP.format(path=str(Path(__file__).resolve())))
    # The kernels' own log (e.g. ipykernel's notice that it talks over local TCP
    # without encryption) would otherwise fill the build's output, once per chapter.
    (startup.parent / "ipython_kernel_config.py").write_text('c.IPKernelApp.log_level = "ERROR"\n')
    os.environ["IPYTHONDIR"] = str(ipython_dir)      # inherited by the kernels myst-nb starts


def _binder_links(app, doctree, docname):
    """Point each figure's "open this chapter on Binder" link at the chapter's
    Binder address, made from the book's one GITHUB_REPO (docs/conf.py)."""
    from docutils import nodes

    from binder_links import page_path, binder_url
    path = page_path(app, docname)
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if BINDER_PLACEHOLDER in text:
            url = html.escape(binder_url(app.config.book_github_repo, path), quote=True)
            node.replace_self(nodes.raw("", text.replace(BINDER_PLACEHOLDER, url),
                                        format=node.get("format", "html"),
                                        classes=node.get("classes", [])))


def setup(app):
    _private_ipython_dir(app)
    app.connect("doctree-resolved", _binder_links)
    app.add_js_file("bp_sweep.js", defer="defer")      # docs/_static: the sweeps' one control
    return {"parallel_read_safe": True, "parallel_write_safe": True}
