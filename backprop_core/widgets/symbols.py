"""The book's symbols in a readout: ``z^l_j`` shown as *z* with *l* above and *j* below.

Every readout of every live figure (chapters 0–15) goes through
:func:`readout_html <backprop_core.widgets.base.readout_html>`, which renders its
labels with :func:`symbol_html`.  A label is written the way the text writes its
mathematics, in a small TeX-like shorthand:

* ``^`` starts a superscript and ``_`` a subscript: ``w^l_jk``, ``a^{l−1}_k``,
  ``(w^4)^T``, ``n_{l−1}``, ``a_in``; a script is a run of letters and digits, or a
  ``{...}`` group;
* the letters of a script, a base letter and a single Latin letter standing
  alone are set in italics, like the text's $z^l_j$; words (``in``, ``out``,
  ``layer``) stay upright, and so does the article in "a neuron at a time".

It is plain HTML (``<sup>``, ``<sub>``, ``<i>``), not MathJax, so a readout that
changes at every step of a drag costs nothing extra to show.  Where HTML cannot
go (a drop-down's options, chapter 12's list of entries), :func:`symbol_text`
writes the same label with Unicode scripts: ``a^2_0`` → a²₀.
"""
import html
import re

__all__ = ["symbol_html", "symbol_text"]

_SCRIPT = r"(\{[^{}]*\}|[A-Za-z0-9]+)"
#: a base character (or ')' closing a group), then a superscript and/or a subscript
_TOKEN = re.compile(rf"(?P<base>[^\s\^_{{}}])(?:\^{_SCRIPT})?(?:_{_SCRIPT})?")
_LETTER = re.compile(r"(?<![A-Za-z0-9'’])([A-Za-z])(?![A-Za-z0-9])")
_ARTICLE = re.compile(r"^(a|A)$")


#: scripts that are words, set upright: a_in, δ_out
_WORDS = {"in", "out", "max", "min"}


def _script(text):
    """A script's content: braces dropped, its letters in italics (each one is an
    index: w^l_jk), unless the script is a word (a_in)."""
    if text.startswith("{"):
        text = text[1:-1]
    if text in _WORDS:
        return html.escape(text)
    return re.sub(r"([A-Za-z])", r"<i>\1</i>", html.escape(text))


def _italic_letters(text):
    """Single Latin letters standing alone set in italics, except the article "a"
    before a word ("a neuron", "a layer")."""
    out, pos = [], 0
    for m in _LETTER.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        after = text[m.end():m.end() + 2]
        article = _ARTICLE.match(m.group(1)) and len(after) == 2 and after[0] == " " and after[1].isalpha()
        out.append(html.escape(m.group(1)) if article else f"<i>{html.escape(m.group(1))}</i>")
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _scripts(sup, sub):
    if sup and sub:   # stacked, the subscript under the superscript, as in z^l_j
        return ('<span style="display:inline-block;vertical-align:-0.45em;line-height:1.05;'
                f'font-size:75%;text-align:left"><span style="display:block">{_script(sup)}</span>'
                f'<span style="display:block">{_script(sub)}</span></span>')
    if sup:
        return f"<sup>{_script(sup)}</sup>"
    return f"<sub>{_script(sub)}</sub>"


#: A name from code, with an underscore after two or more letters (``my_dC_db``,
#: ``sigma_prime``): not a symbol with a subscript (``z^l_j``, ``a_in``, ``C_x``).
_CODE_NAME = re.compile(r"(?<![\^\w{])[A-Za-z][A-Za-z0-9]+(?:_[A-Za-z0-9]+)+\b")


def symbol_html(label):
    """``label`` as HTML, its ``^`` and ``_`` scripts raised and lowered; a part
    in backticks (```net.w[2]```) is code, shown as written.

    >>> symbol_html("z^l_j").count("<i>")
    3
    >>> symbol_html("layer l")
    'layer <i>l</i>'
    """
    text = str(label)
    if "`" not in text and _CODE_NAME.search(text):    # my_dC_db, sigma_prime: code, as written
        text = _CODE_NAME.sub(lambda m: f"`{m.group(0)}`", text)
    if "`" in text:
        parts = text.split("`")
        if len(parts) % 2:                  # balanced: every other part is code
            return "".join(f"<code>{html.escape(part)}</code>" if i % 2 else symbol_html(part)
                           for i, part in enumerate(parts) if part)
    out, pos = [], 0
    for m in _TOKEN.finditer(text):
        sup, sub = m.group(2), m.group(3)
        if not (sup or sub):
            continue
        out.append(_italic_letters(text[pos:m.start()]))
        base = m.group("base")
        out.append(f"<i>{html.escape(base)}</i>" if re.fullmatch("[A-Za-z]", base)
                   else html.escape(base))
        out.append(_scripts(sup, sub))
        pos = m.end()
    out.append(_italic_letters(text[pos:]))
    return "".join(out)


_SUP = dict(zip("0123456789+-−()=lLTjkn", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁽⁾⁼ˡᴸᵀʲᵏⁿ"))
_SUB = dict(zip("0123456789+-−()=jklnmx", "₀₁₂₃₄₅₆₇₈₉₊₋₋₍₎₌ⱼₖₗₙₘₓ"))


def script_text(text, raised):
    """One script in Unicode (raised: ``2`` → ², lowered: ``0`` → ₀), or None when
    a character of it has no raised or lowered form in Unicode."""
    table = _SUP if raised else _SUB
    return "".join(table[c] for c in text) if text and all(c in table for c in text) else None


def symbol_text(label):
    """``label`` in plain text with Unicode scripts (``a^2_0`` → a²₀), for the
    places that cannot show HTML: a drop-down's options.  A script with a
    character Unicode has no raised or lowered form for is left as written."""
    def scripts(m):
        sup, sub = m.group(2), m.group(3)
        out = m.group("base")
        for text, raised, mark in ((sup, True, "^"), (sub, False, "_")):
            if not text:
                continue
            bare = text[1:-1] if text.startswith("{") else text
            out += script_text(bare, raised) or mark + text
        return out
    return _TOKEN.sub(scripts, str(label))
