"""Figures that read on a light and on a dark page, without knowing which.

Every figure of every chapter (0–17) is drawn this way: ``new_figure`` in
``widgets/base.py`` makes each one a :class:`NeutralFigure`.

JupyterLab's light theme puts the outputs on white, its dark theme on #111; the
kernel cannot know which one the reader uses (nor when they switch), and a
figure drawn black on white shows as a white card on the dark page.  So every
figure made by :func:`~backprop_core.widgets.base.new_figure` is drawn in
colours that need no theme:

* its backgrounds (the figure's and each axes') are transparent, so the page's
  own colour shows through;
* its "ink" -- text, spines, ticks, tick labels, and any black or dark-grey
  line, marker, edge or text a figure chose -- is :data:`INK`, a mid grey with a
  contrast of at least 3.9:1 on white, on JupyterLab Dark's #111 and on its
  #212121 (:func:`contrast` computes it; ``tests/test_widget_reach.py`` checks
  it);
* a legend's box is transparent, edged in :data:`INK`.

Colours that carry meaning (``tab:blue``, a colormap, a light guide line) are
left alone: the tab10 colours read on both.  White boxes behind labels (which
hide a line under the text) stay white, and their text, now grey, still reads.

The figure applies this just before every full draw (:class:`NeutralFigure`),
so artists added or recoloured later (a rebuilt graph, a status colour set in
``draw``) are covered too; a blit draws only moving artists, which
:meth:`Live._blit` passes through :func:`neutral_artist` first.
"""
import matplotlib.colors as mcolors
from matplotlib.collections import Collection
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

__all__ = ["INK", "NeutralFigure", "contrast", "neutral_artist", "neutral_figure"]

#: The ink of every figure: reads on white (3.9:1) and on #111 (4.8:1).
INK = "#808080"
_INK = mcolors.to_rgba(INK)
#: A neutral colour darker than this relative luminance is ink (black, "0.2", "0.4"...).
_DARK = 0.16


def luminance(colour):
    """WCAG relative luminance of a colour."""
    r, g, b = mcolors.to_rgb(colour)
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a, b):
    """WCAG contrast ratio of two colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _is_ink(rgba):
    """A visible, neutral (grey) colour too dark to read on a dark page."""
    r, g, b, a = rgba
    return a > 0 and max(r, g, b) - min(r, g, b) < 0.08 and luminance((r, g, b)) < _DARK


def _is_white(rgba):
    r, g, b, a = rgba
    return a > 0 and min(r, g, b) > 0.97


def _inked(rgba):
    """``rgba`` with INK instead if it is ink (keeping its alpha)."""
    return (*_INK[:3], rgba[3]) if _is_ink(rgba) else None


def _fix(get, set_):
    """Set the colour to INK if ``get()`` is ink; a colour spec that is not a
    single colour ('none', 'auto', an array) is handled by the caller."""
    try:
        rgba = mcolors.to_rgba(get())
    except (ValueError, TypeError):
        return
    new = _inked(rgba)
    if new is not None:
        set_(new)


def _fix_array(get, set_):
    colours = get()
    if len(colours) == 0:
        return
    rows = [tuple(c) for c in mcolors.to_rgba_array(colours)]
    new = [_inked(c) or c for c in rows]
    if new != rows:
        set_(new)


def neutral_artist(artist):
    """Give one artist INK instead of a dark neutral colour (text, line, marker,
    patch edge or face, collection)."""
    if isinstance(artist, Text):
        _fix(artist.get_color, artist.set_color)
    elif isinstance(artist, Line2D):
        _fix(artist.get_color, artist.set_color)
        _fix(artist.get_markeredgecolor, artist.set_markeredgecolor)
        _fix(artist.get_markerfacecolor, artist.set_markerfacecolor)
    elif isinstance(artist, Patch):
        _fix(artist.get_edgecolor, artist.set_edgecolor)
        _fix(artist.get_facecolor, artist.set_facecolor)
    elif isinstance(artist, Collection):
        _fix_array(artist.get_edgecolor, artist.set_edgecolor)
        _fix_array(artist.get_facecolor, artist.set_facecolor)


def neutral_figure(fig):
    """Make ``fig`` read on any page: transparent backgrounds, INK for its ink."""
    if _is_white(mcolors.to_rgba(fig.patch.get_facecolor())):
        fig.patch.set_facecolor("none")
    for ax in fig.axes:
        if not getattr(ax, "_bp_neutral", False):
            # future ticks too (an axis makes new ticks from these settings)
            ax.tick_params(which="both", colors=INK)
            ax._bp_neutral = True
        if _is_white(mcolors.to_rgba(ax.patch.get_facecolor())):
            ax.patch.set_facecolor("none")
    for artist in fig.findobj():
        if isinstance(artist, Legend):
            frame = artist.get_frame()
            if _is_white(mcolors.to_rgba(frame.get_facecolor())):
                frame.set_facecolor("none")
                frame.set_edgecolor(INK)
        elif artist is not fig.patch:
            neutral_artist(artist)


class NeutralFigure(Figure):
    """A figure that makes itself theme-neutral (:func:`neutral_figure`) before
    each full draw."""

    def draw(self, renderer):
        neutral_figure(self)
        return super().draw(renderer)
