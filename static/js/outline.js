// The lesson's module outline: open beside the lesson on wide screens, folded above it on
// narrow ones (a <details>, so it works without this script too, open).
(function () {
    var wide = window.matchMedia("(min-width: 60rem)");
    function fit() {
        document.querySelectorAll("details[data-open-on-wide-screens]").forEach(function (details) {
            details.open = wide.matches;
        });
    }
    fit();
    wide.addEventListener("change", fit);
})();
