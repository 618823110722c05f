"""The three places the live figures reach into ipympl's private state, together.

ipympl (the JupyterLab canvas of matplotlib) has no public way to do three
things the live figures need, so they set or read its private attributes.  They
are written here, and only here, because a new ipympl may rename them: pyproject
bounds ipympl (``<0.11``) and ``tests/test_widget_base.py`` checks all three
against the installed version.

* :func:`size_now`: ``Canvas._size``.  ipympl sizes a canvas when the canvas
  itself is displayed (``Canvas._repr_mimebundle_``); inside a box it waits for
  the page's resize message and shows a 0×0 figure if that never arrives.
* :func:`send_whole_images`: ``Canvas._force_full``.  ipympl's page drops an
  image that arrives while the one before is still loading, and a dropped
  *diff* image leaves stale pixels for good; a whole image does not.
* :func:`page_is_ready`: ``Canvas.syncing_data_url``.  Until the page says it
  is ready, ipympl keeps each image as the widget's data URL and the page must
  not be sent any.

Used by ``widgets/base.py`` (every live figure, chapters 0–15).
"""
import ipywidgets as widgets


def is_ipympl(canvas):
    """Whether ``canvas`` is a widget canvas (ipympl), not a static backend's."""
    return isinstance(canvas, widgets.DOMWidget)


def size_now(fig):
    """Give ``fig``'s ipympl canvas its size in CSS pixels now, computed as ipympl does."""
    canvas = fig.canvas
    ratio = getattr(canvas, "device_pixel_ratio", 1) or 1
    canvas._size = (fig.get_figwidth() * fig.get_dpi() / ratio,
                    fig.get_figheight() * fig.get_dpi() / ratio)


def send_whole_images(canvas):
    """Make the next image ``canvas`` sends a whole one, not a diff against the last."""
    canvas._force_full = True


def page_is_ready(canvas):
    """Whether a page has said it shows ``canvas`` and is ready for images."""
    return is_ipympl(canvas) and not getattr(canvas, "syncing_data_url", True)
