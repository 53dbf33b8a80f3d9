// Private notes under reflection prompts: the form posts and reloads without this script;
// with it, a note is also saved a moment after the trainee stops typing, and the result is
// announced in the form's status line.
(function () {
    document.querySelectorAll("form[data-note-form]").forEach(function (form) {
        var text = form.querySelector("textarea");
        var status = form.querySelector("[data-note-status]");
        var timer = null;
        var saved = text.value;
        function save() {
            if (text.value === saved) { return; }
            var sending = text.value;
            fetch(form.action, {
                method: "POST",
                body: new FormData(form),
                headers: { "Accept": "application/json" },
                credentials: "same-origin"
            }).then(function (response) {
                return response.json().then(function (data) {
                    if (response.ok) {
                        saved = sending;
                        status.textContent = data.message;
                    } else {
                        status.textContent = data.error || "Your note could not be saved. Use Save note to try again.";
                    }
                });
            }).catch(function () {
                status.textContent = "Your note could not be saved just now. Use Save note to try again.";
            });
        }
        text.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(save, 2000);
        });
        text.addEventListener("blur", function () { clearTimeout(timer); save(); });
    });
})();
