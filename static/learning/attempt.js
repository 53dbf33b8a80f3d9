// The attempt page, enhanced: ordering questions moved with Up and Down buttons (so no two
// steps can share a position), answers saved as the trainee works, the time left counted
// down with warnings at 5 and 1 minutes, and a confirmation dialog before grading with the
// server's count of unanswered questions. Without this script the page works as a plain
// form; the server decides everything either way.
(function () {
    "use strict";

    var summary = document.getElementById("error-summary");
    if (summary) {
        summary.focus();
    }
    var form = document.getElementById("attempt-form");
    if (!form || !form.dataset.autosaveUrl) {
        return;
    }
    var status = form.querySelector("[data-autosave-status]");
    var dirty = false;
    var saving = null;
    var closed = false;

    function timeText(date) {
        return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    }

    // ---- Ordering: a list moved with Up and Down buttons, kept in step with the selects.
    function enhanceOrdering(container) {
        var selects = Array.prototype.slice.call(container.querySelectorAll("select"));
        var answered = selects.every(function (select) { return select.value !== ""; });
        var order = selects.slice();
        if (answered) {
            order.sort(function (a, b) { return Number(a.value) - Number(b.value); });
        }
        var list = document.createElement("ol");
        list.className = "ordering-list";
        var live = document.createElement("p");
        live.className = "visually-hidden";
        live.setAttribute("aria-live", "polite");
        var note = document.createElement("p");
        note.className = "field__help";
        var keep = document.createElement("button");
        keep.type = "button";
        keep.className = "button--secondary";
        keep.textContent = "Answer with this order";

        function sync() {
            Array.prototype.forEach.call(list.children, function (item, index) {
                item.select.value = String(index + 1);
                item.up.disabled = index === 0;
                item.down.disabled = index === list.children.length - 1;
            });
            answered = true;
            note.hidden = true;
            keep.hidden = true;
            form.dispatchEvent(new Event("change"));
        }

        function move(item, offset, button) {
            var items = Array.prototype.slice.call(list.children);
            var index = items.indexOf(item);
            var target = index + offset;
            if (target < 0 || target >= items.length) {
                return;
            }
            if (offset < 0) {
                list.insertBefore(item, items[target]);
            } else {
                list.insertBefore(item, items[target].nextSibling);
            }
            sync();
            (button.disabled ? (offset < 0 ? item.down : item.up) : button).focus();
            live.textContent = item.text + " moved to position " + (target + 1) + " of " + items.length + ".";
        }

        order.forEach(function (select) {
            var item = document.createElement("li");
            item.className = "ordering-list__item";
            item.select = select;
            item.text = select.dataset.stepText;
            var label = document.createElement("span");
            label.className = "ordering-list__text";
            label.textContent = item.text;
            item.appendChild(label);
            [["up", "Up", -1], ["down", "Down", 1]].forEach(function (spec) {
                var button = document.createElement("button");
                button.type = "button";
                button.className = "button--secondary ordering-list__move";
                button.innerHTML = spec[1] + '<span class="visually-hidden"></span>';
                button.lastChild.textContent = ": move " + item.text + " " + spec[1].toLowerCase();
                button.addEventListener("click", function () { move(item, spec[2], button); });
                item[spec[0]] = button;
                item.appendChild(button);
            });
            list.appendChild(item);
        });
        Array.prototype.forEach.call(list.children, function (item, index) {
            item.up.disabled = index === 0;
            item.down.disabled = index === list.children.length - 1;
        });
        if (!answered) {
            note.textContent = "Not answered yet: move the steps into order, or keep this one.";
            keep.addEventListener("click", function () {
                sync();
                live.textContent = "Answered with this order.";
                list.querySelector("button:not([disabled])").focus();
            });
        } else {
            note.hidden = true;
            keep.hidden = true;
        }
        var help = container.querySelector(".field__help");
        help.textContent = "Put the steps in order, first at the top: move a step with its Up and Down buttons.";
        container.querySelectorAll(".ordering-step").forEach(function (row) { row.hidden = true; });
        container.appendChild(list);
        container.appendChild(note);
        container.appendChild(keep);
        container.appendChild(live);
    }

    // Only where the saved answer is valid: a marked question keeps its selects to correct.
    form.querySelectorAll("[data-ordering]").forEach(function (container) {
        if (!container.querySelector("[aria-invalid]")) {
            enhanceOrdering(container);
        }
    });

    // ---- Autosave.
    function save() {
        if (closed) {
            return Promise.resolve(null);
        }
        if (saving) {
            return saving.then(save);
        }
        dirty = false;
        var body = new FormData(form);
        saving = fetch(form.dataset.autosaveUrl, {
            method: "POST",
            body: body,
            credentials: "same-origin",
            headers: { "X-Requested-With": "fetch" }
        }).then(function (response) {
            return response.json().catch(function () { return {}; }).then(function (data) {
                if (response.status === 409 && data.url) {
                    closed = true;
                    window.location.assign(data.url);
                    return null;
                }
                if (!response.ok) {
                    throw new Error(data.error || "Not saved");
                }
                var text = "Answers saved at " + timeText(new Date()) + ".";
                if (data.errors && data.errors.length) {
                    text += " Not saved: " + data.errors.map(function (error) {
                        return "question " + error.question + " (" + error.message + ")";
                    }).join("; ") + ".";
                }
                status.textContent = text;
                return data;
            });
        }).catch(function () {
            dirty = true;
            status.textContent = "Your latest answers could not be saved automatically. Use Save answers.";
            return null;
        }).finally(function () {
            saving = null;
        });
        return saving;
    }

    var timer = null;
    form.addEventListener("change", function () {
        dirty = true;
        clearTimeout(timer);
        timer = setTimeout(save, 800);
    });
    setInterval(function () {
        if (dirty) {
            save();
        }
    }, 20000);

    // ---- Confirmation dialog with the server's count of unanswered questions.
    var dialog = document.getElementById("confirm-submit");
    var submitButton = form.querySelector("[data-confirm-submit]");
    var confirmed = false;
    if (dialog && typeof dialog.showModal === "function" && submitButton) {
        dialog.querySelector("[data-close-dialog]").addEventListener("click", function () {
            dialog.close();
        });
        form.addEventListener("submit", function (event) {
            if (confirmed || event.submitter !== submitButton) {
                return;
            }
            event.preventDefault();
            clearTimeout(timer);
            save().then(function (data) {
                if (!data || (data.errors && data.errors.length)) {
                    confirmed = true;  // the server's own page shows the count or the problem
                    form.requestSubmit(submitButton);
                    return;
                }
                var n = data.unanswered;
                dialog.querySelector("[data-unanswered-text]").textContent = n
                    ? "You have " + n + " unanswered question" + (n === 1 ? "" : "s") + ". Unanswered questions score zero."
                    : "You have answered every question.";
                dialog.querySelector("button[type=submit]").textContent = n ? "Submit anyway" : "Submit for grading";
                dialog.showModal();
            });
        });
    }

    // ---- Countdown in the trainee's local time, with warnings at 5 and 1 minutes.
    var box = document.getElementById("time-left");
    if (box) {
        var left = box.querySelector(".time-limit__left");
        var deadlineElement = box.querySelector("time");
        var deadline = new Date(deadlineElement.getAttribute("datetime"));
        if (!isNaN(deadline)) {
            deadlineElement.textContent = timeText(deadline) + " (your time)";
        }
        // Counted from the server's figure, so a wrong clock on this device does not matter.
        var end = Date.now() + Number(box.dataset.secondsLeft) * 1000;
        var warned = {};
        var polite = box.querySelector("[data-warning=polite]");
        var assertive = box.querySelector("[data-warning=assertive]");
        var finished = false;
        var tick = function () {
            var seconds = Math.max(0, Math.round((end - Date.now()) / 1000));
            var minutes = Math.floor(seconds / 60);
            var rest = seconds % 60;
            left.textContent = minutes + ":" + (rest < 10 ? "0" : "") + rest;
            if (seconds <= 300 && seconds > 60 && !warned[5]) {
                warned[5] = true;
                polite.textContent = "5 minutes left. Your answers are being saved as you go.";
                save();
            }
            if (seconds <= 60 && seconds > 0 && !warned[1]) {
                warned[1] = true;
                polite.textContent = "";
                assertive.textContent = "1 minute left. When time is up, your answers are submitted.";
                save();
            }
            if (seconds === 0 && !finished) {
                finished = true;
                assertive.textContent = "Time is up: your answers are being submitted.";
                confirmed = true;
                var input = document.createElement("input");
                input.type = "hidden";
                input.name = "confirmed";
                input.value = "1";
                form.appendChild(input);
                form.requestSubmit(submitButton);
            }
        };
        tick();
        setInterval(tick, 1000);
    }
}());
