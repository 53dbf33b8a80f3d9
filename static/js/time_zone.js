// The profile's time zone: where none is chosen yet, offer the browser's own zone with one
// button. Without this script the list works as it is.
(function () {
    var select = document.querySelector("select[data-browser-time-zone]");
    if (!select || select.value || !window.Intl) { return; }
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var known = Array.prototype.some.call(select.options, function (option) {
        return option.value === zone;
    });
    if (!zone || !known) { return; }
    var hint = document.createElement("p");
    hint.className = "field__help";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = "Use your device's time zone (" + zone + ")";
    button.addEventListener("click", function () {
        select.value = zone;
        hint.textContent = "Time zone set to " + zone + ". Save your profile to keep it.";
        hint.setAttribute("role", "status");
        select.focus();
    });
    hint.appendChild(button);
    select.insertAdjacentElement("afterend", hint);
})();
