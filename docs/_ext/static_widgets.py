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
import os
from pathlib import Path

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

#: Pixel density of the PNGs (drawn at twice the figure's size, shown at 1x).
PNG_SCALE = 2


# --------------------------------------------------------------------------
# Kernel side
# --------------------------------------------------------------------------

def _e(text):
    return html.escape(str(text), quote=True)


def _label(widget):
    description = getattr(widget, "description", "") or ""
    return f'<span class="bp-static-label">{_e(description)}</span>' if description else ""


def _figure_png(figure):
    """The figure as an <img>: a PNG data URI, drawn at PNG_SCALE x its dpi."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi * PNG_SCALE)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    width = round(figure.get_figwidth() * figure.dpi)
    return (f'<img class="bp-static-figure" alt="figure (first state)" width="{width}" '
            f'src="data:image/png;base64,{data}"/>')


def _output_item(item):
    """One output (nbformat dict) captured by an ``Output`` widget."""
    kind = item.get("output_type")
    if kind == "stream":
        return f'<pre class="bp-static-stream">{_e(item.get("text", ""))}</pre>'
    data = item.get("data", {})
    if WIDGET_VIEW in data:
        child = _find(data[WIDGET_VIEW].get("model_id"))
        if child is not None:
            return render(child)
    if "text/html" in data:
        return data["text/html"]
    if "image/png" in data:
        return f'<img class="bp-static-figure" alt="output" src="data:image/png;base64,{data["image/png"]}"/>'
    if "text/plain" in data:
        return f'<pre class="bp-static-stream">{_e(data["text/plain"])}</pre>'
    return ""


def _find(model_id):
    """The live widget with this model id, if it still exists."""
    from ipywidgets.widgets import widget as widget_module
    return getattr(widget_module, "_instances", {}).get(model_id)


def _slider(widget):
    value = widget.value
    if isinstance(value, (tuple, list)):          # range sliders
        shown = " – ".join(_e(v) for v in value)
        return f'{_label(widget)}<span class="bp-static-value">{shown}</span>'
    low, high = getattr(widget, "min", value), getattr(widget, "max", value)
    step = getattr(widget, "step", None) or "any"
    if widget.__class__.__name__ == "FloatLogSlider":   # min/max are exponents
        base = widget.base
        low, high = base ** low, base ** high
    return (f'{_label(widget)}<input type="range" disabled min="{_e(low)}" max="{_e(high)}" '
            f'step="{_e(step)}" value="{_e(value)}"/>'
            f'<span class="bp-static-value">{_e(value)}</span>')


def _choice(widget):
    options = [label for label, _ in getattr(widget, "_options_full", [])] or [
        str(o) for o in getattr(widget, "options", ())]
    chosen = getattr(widget, "label", None)
    items = "".join(f'<option{" selected" if o == chosen else ""}>{_e(o)}</option>'
                    for o in options)
    return f'{_label(widget)}<select disabled>{items}</select>'


def render(widget):
    """Plain HTML showing ``widget`` (and its children) as it is now."""
    import ipywidgets as w

    name = widget.__class__.__name__
    if hasattr(widget, "figure") and isinstance(widget, w.DOMWidget) and hasattr(widget.figure, "savefig"):
        inner = _figure_png(widget.figure)                       # ipympl canvas
    elif isinstance(widget, w.Box):
        children = "".join(render(child) for child in widget.children)
        direction = "column" if isinstance(widget, w.VBox) else "row"
        return (f'<div class="bp-static-box" style="display:flex;flex-direction:{direction};'
                f'flex-wrap:wrap;gap:6px 16px;align-items:flex-start">{children}</div>')
    elif isinstance(widget, w.Output):
        inner = "".join(_output_item(item) for item in widget.outputs)
        if not inner:
            return ""
    elif isinstance(widget, (w.HTML, w.HTMLMath)):
        inner = widget.value
    elif isinstance(widget, w.Label):
        inner = _e(widget.value)
    elif isinstance(widget, w.Button):
        inner = f'<button disabled>{_e(widget.description)}</button>'
    elif isinstance(widget, (w.Checkbox, w.ToggleButton)):
        checked = " checked" if widget.value else ""
        inner = f'<label><input type="checkbox" disabled{checked}/> {_e(widget.description)}</label>'
    elif "Slider" in name:
        inner = _slider(widget)
    elif hasattr(widget, "options") and hasattr(widget, "label"):
        inner = _choice(widget)
    elif hasattr(widget, "value"):
        inner = f'{_label(widget)}<span class="bp-static-value">{_e(widget.value)}</span>'
    else:
        return ""
    return f'<div class="bp-static-{_e(name.lower())}">{inner}</div>'


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
    picture = (f'<div class="bp-static-widget" title="A live figure, shown in its first state">'
               f'{render(widget)}</div>')
    return {"text/plain": bundle.get("text/plain", ""), "text/html": picture}


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


def setup(app):
    _private_ipython_dir(app)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
