/* The static book's moving figures (docs/_ext/static_widgets.py).
 *
 * A chapter's main figure was drawn, when the book was built, at a grid of values
 * of its main control; the states are in the figure's <script class="bp-sweep-data">
 * (per state: each slot's image, an index into data.images, and alt, or its HTML;
 * null for the first state, which is the page's own).  The figure's one live control (a range input, or a select)
 * picks a state, and every element marked data-bp-slot takes that state's content.
 * No server, no library: plain DOM.
 */
(function () {
    "use strict";

    function typeset(element) {
        var mathjax = window.MathJax;
        if (mathjax && mathjax.typesetPromise && /\$\$|\\\(|\\\[/.test(element.innerHTML)) {
            mathjax.typesetPromise([element]).catch(function () {});
        }
    }

    function setUp(figure) {
        var script = figure.querySelector("script.bp-sweep-data");
        var input = figure.querySelector(".bp-sweep-input");
        if (!script || !input) { return; }
        var data = JSON.parse(script.textContent);
        var output = figure.querySelector("output.bp-sweep-value");
        var slots = Array.prototype.slice.call(figure.querySelectorAll("[data-bp-slot]"));
        var first = slots.map(function (el) {
            return el.tagName === "IMG" ? {src: el.getAttribute("src"), alt: el.getAttribute("alt")}
                                        : {html: el.innerHTML};
        });
        var shown = data.first;

        function show(index) {
            if (!(index >= 0 && index < data.labels.length) || index === shown) { return; }
            var state = data.states[index] || first;
            slots.forEach(function (el, k) {
                var content = state[k];
                if (!content) { return; }
                if (el.tagName === "IMG") {
                    el.setAttribute("src", content.src || data.images[content.img]);
                    el.setAttribute("alt", content.alt);
                } else if (el.innerHTML !== content.html) {
                    el.innerHTML = content.html;
                    if (index !== data.first) { typeset(el); }
                }
            });
            if (output) { output.textContent = data.labels[index]; }
            if (input.type === "range") { input.setAttribute("aria-valuetext", data.labels[index]); }
            figure.setAttribute("data-bp-state", String(index));
            shown = index;
        }

        input.addEventListener("input", function () { show(parseInt(input.value, 10)); });
        input.addEventListener("change", function () { show(parseInt(input.value, 10)); });
        figure.setAttribute("data-bp-state", String(shown));
        figure.classList.add("bp-sweep-ready");
    }

    function setUpAll() {
        Array.prototype.forEach.call(document.querySelectorAll(".bp-sweep"), setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUpAll);
    } else {
        setUpAll();
    }
})();
