// RIPSO autosave: one save pipeline per form. Everything works without JavaScript (each form
// is a normal POST that redirects back); this script only saves earlier and without reloads.
//
// <form data-autosave data-autosave-status="#status-id" action="..." method="post">
//   - typing shows "Unsaved changes"; 2 s after the last keystroke (or when a field is left) the
//     form is saved; at most one save per form is in flight, the latest content is queued, and
//     the same content is never sent twice;
//   - the server answers a status fragment (2xx: saved; elements with hx-swap-oob="true" replace
//     the element with the same id, e.g. the hidden version) or 409 with a conflict fragment
//     ([data-conflict] with data-version and <template data-theirs="field id">): the message
//     stays, nothing is saved again until the person chooses "keep mine", "take theirs" or
//     "put both together";
//   - the form's own Save button saves through the same pipeline (no reload); buttons marked
//     data-autosave-native (and any Save while a file or [data-autosave-skip] field is filled)
//     submit normally once the pending save is done;
//   - following a link or submitting another form waits for pending saves; leaving otherwise
//     (Back, closing the tab) asks first, and whatever is pending is sent with keepalive.
(function () {
  "use strict";
  var pipelines = [];
  var messagesBox = null;

  function msg(name) {
    if (!messagesBox) messagesBox = document.getElementById("autosave-messages");
    return (messagesBox && messagesBox.getAttribute("data-" + name)) || "";
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function skipped(el) {
    return el.closest && el.closest("[data-autosave-skip]");
  }

  // The form's content as a list of [name, value] (no files, no [data-autosave-skip] fields).
  function entries(form, submitter) {
    var out = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.disabled || skipped(el)) return;
      var type = (el.type || "").toLowerCase();
      if (type === "file" || type === "submit" || type === "button" || type === "reset") return;
      if ((type === "checkbox" || type === "radio") && !el.checked) return;
      if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { out.push([el.name, o.value]); });
        return;
      }
      out.push([el.name, el.value]);
    });
    if (submitter && submitter.name) out.push([submitter.name, submitter.value]);
    return out;
  }

  function content(form) {
    // What the person wrote: everything but the token and the version it started from.
    return JSON.stringify(entries(form).filter(function (e) {
      return e[0] !== "csrfmiddlewaretoken" && !/(^|_)version$/.test(e[0]);
    }));
  }

  function Pipeline(form) {
    this.form = form;
    this.status = document.querySelector(form.getAttribute("data-autosave-status"));
    this.saved = content(form); // the content the server has
    this.inFlight = null;
    this.timer = null;
    this.conflict = false;
    this.failures = 0;
    this.delay = parseInt(form.getAttribute("data-autosave-delay") || "2000", 10);
  }

  Pipeline.prototype.dirty = function () {
    return content(this.form) !== this.saved;
  };

  Pipeline.prototype.pending = function () {
    return this.conflict || !!this.inFlight || this.dirty();
  };

  Pipeline.prototype.say = function (html, cls) {
    if (!this.status || this.conflict) return;
    this.status.innerHTML = "";
    var span = document.createElement("span");
    if (cls) span.className = cls;
    span.textContent = html;
    this.status.appendChild(span);
  };

  Pipeline.prototype.edited = function (immediately) {
    var self = this;
    window.clearTimeout(this.timer);
    if (this.conflict) {
      // Still waiting for the person's choice: "your text" follows what is in the box.
      if (this.status) {
        this.status.querySelectorAll("[data-mine-for]").forEach(function (el) {
          var field = document.getElementById(el.getAttribute("data-mine-for"));
          if (field) el.textContent = field.value;
        });
      }
      return;
    }
    if (!this.dirty()) {
      return;
    }
    if (!this.inFlight) this.say(msg("unsaved"), "text-warning-emphasis autosave-unsaved");
    this.timer = window.setTimeout(function () { self.save(); }, immediately ? 0 : this.delay);
  };

  // Send the current content once (unless it is already saved or being saved). Resolves when
  // that save (and any queued one) is over; never rejects.
  Pipeline.prototype.save = function (submitter) {
    var self = this;
    window.clearTimeout(this.timer);
    if (this.conflict) return Promise.resolve(false);
    if (this.inFlight) {
      // One save at a time: the latest content goes once the one in flight is answered.
      this.queued = true;
      return this.inFlight.then(function () { return self.flush(); });
    }
    var sent = content(this.form);
    if (sent === this.saved && !(submitter && submitter.name)) return Promise.resolve(true);
    var body = new URLSearchParams();
    entries(this.form, submitter).forEach(function (e) { body.append(e[0], e[1]); });
    this.say(msg("saving"), "autosave-saving");
    this.inFlight = fetch(this.form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "X-CSRFToken": csrfToken(this.form), "X-Autosave": "1" },
    }).then(function (response) {
      return response.text().then(function (text) { return [response.status, text]; });
    }).then(function (result) {
      self.inFlight = null;
      return self.answered(result[0], result[1], sent);
    }, function () {
      self.inFlight = null;
      return self.failed();
    });
    return this.inFlight;
  };

  Pipeline.prototype.answered = function (status, text, sent) {
    if (status === 409 || (status < 300 && /data-conflict/.test(text))) {
      this.failures = 0;
      this.conflict = true;
      this.show(text);
      this.form.classList.add("autosave-conflict");
      return false;
    }
    if (status >= 200 && status < 300) {
      this.failures = 0;
      this.saved = sent;
      this.show(text);
      if (this.dirty()) {
        // Typed while the save was under way: say so, and save the newer text too.
        this.say(msg("unsaved"), "text-warning-emphasis autosave-unsaved");
        this.edited(this.queued);
      }
      this.queued = false;
      return true;
    }
    if (status >= 400 && status < 500 && status !== 429) {
      this.show(text || msg("failed"));
      return false;
    }
    return this.failed();
  };

  Pipeline.prototype.failed = function () {
    // Server busy or network down: keep the text, say so, try again a little later.
    var self = this;
    this.failures += 1;
    this.say(msg("failed"), "text-danger");
    if (this.failures <= 5) {
      window.clearTimeout(this.timer);
      this.timer = window.setTimeout(function () { self.save(); }, 1000 * this.failures * 2);
    }
    return false;
  };

  // Put a status fragment in place: out-of-band parts replace the element with their id.
  Pipeline.prototype.show = function (text) {
    var template = document.createElement("template");
    template.innerHTML = text;
    template.content.querySelectorAll("[hx-swap-oob]").forEach(function (el) {
      el.removeAttribute("hx-swap-oob");
      var old = el.id && document.getElementById(el.id);
      if (old) old.replaceWith(el); else el.remove();
    });
    if (this.status) {
      this.status.innerHTML = "";
      this.status.appendChild(template.content);
    }
  };

  // Save until nothing is pending (or a conflict waits for the person).
  Pipeline.prototype.flush = function (submitter) {
    var self = this;
    window.clearTimeout(this.timer);
    if (this.conflict) return Promise.resolve(false);
    if (!this.inFlight && !this.dirty() && !(submitter && submitter.name)) {
      return Promise.resolve(true);
    }
    return this.save(submitter).then(function (ok) {
      if (ok && !self.conflict && (self.inFlight || self.dirty())) return self.flush();
      return ok;
    });
  };

  // Leaving the page: send what is pending without waiting (the browser keeps the request).
  Pipeline.prototype.beacon = function () {
    if (this.conflict || !this.dirty()) return;
    var body = new URLSearchParams();
    entries(this.form).forEach(function (e) { body.append(e[0], e[1]); });
    try {
      fetch(this.form.action, {
        method: "POST", body: body, keepalive: true, credentials: "same-origin",
        headers: { "HX-Request": "true", "X-CSRFToken": csrfToken(this.form), "X-Autosave": "1" },
      });
      this.saved = content(this.form);
    } catch (e) { /* nothing more can be done while the page goes */ }
  };

  // The person's choice after a conflict.
  Pipeline.prototype.choose = function (choice, box) {
    var form = this.form;
    box.querySelectorAll("template[data-theirs]").forEach(function (t) {
      var field = document.getElementById(t.getAttribute("data-theirs"));
      if (!field || choice === "mine") return;
      var html = field.hasAttribute("data-report-editor");
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        if (choice === "merge") return; // a choice cannot be merged: mine stays
        var values = JSON.parse(t.content.textContent || "[]");
        form.querySelectorAll("[name='" + field.name + "']").forEach(function (el) {
          el.checked = values.indexOf(el.value) !== -1;
        });
        return;
      }
      var theirs = html ? t.innerHTML.trim() : t.content.textContent;
      if (choice === "merge" && field.value.trim() && theirs.trim() && field.value !== theirs) {
        var joiner = html ? "" : (field.tagName === "TEXTAREA" ? "\n\n" : " ");
        field.value = field.value + joiner + theirs;
      } else if (choice !== "merge" || !field.value.trim()) {
        field.value = theirs;
      }
      field.dispatchEvent(new CustomEvent("ripso:value-set", { bubbles: true }));
    });
    var version = box.getAttribute("data-version-input");
    var input = version ? document.getElementById(version) : null;
    if (input) input.value = box.getAttribute("data-version");
    this.conflict = false;
    form.classList.remove("autosave-conflict");
    if (this.status) this.status.innerHTML = "";
    this.saved = null; // send what is in the box now, even if it equals what was sent before
    return this.flush();
  };

  function pipelineOf(form) {
    for (var i = 0; i < pipelines.length; i += 1) {
      if (pipelines[i].form === form) return pipelines[i];
    }
    return null;
  }

  function init(root) {
    (root || document).querySelectorAll("form[data-autosave]").forEach(function (form) {
      if (!pipelineOf(form)) pipelines.push(new Pipeline(form));
    });
  }

  function anyPending() {
    return pipelines.some(function (p) { return p.pending(); });
  }

  function flushAll() {
    return Promise.all(pipelines.map(function (p) { return p.flush(); })).then(function (r) {
      return r.every(Boolean);
    });
  }

  function onEdit(event) {
    var form = event.target.form || (event.target.closest && event.target.closest("form"));
    var p = form && pipelineOf(form);
    if (!p || skipped(event.target) || (event.target.type || "") === "file") return;
    p.edited(event.type === "change");
  }
  document.addEventListener("input", onEdit);
  document.addEventListener("change", onEdit);

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-conflict-choice]") : null;
    if (button) {
      var box = button.closest("[data-conflict]");
      var form = box && document.querySelector(box.getAttribute("data-form"));
      var p = form && pipelineOf(form);
      if (p) p.choose(button.getAttribute("data-conflict-choice"), box);
      return;
    }
    // A link within the site: save what is pending first, then follow it.
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
        event.shiftKey || event.altKey || link.target === "_blank" || link.hasAttribute("download")) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin) return;
    if (url.pathname === window.location.pathname && url.search === window.location.search &&
        url.hash) return; // an anchor on this page
    if (!anyPending()) return;
    event.preventDefault();
    flushAll().then(function (ok) {
      if (ok || window.confirm(msg("leave"))) {
        leaving = true;
        window.location.assign(url.href);
      }
    });
  }, true);

  var leaving = false;
  window.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter || null;
    if (form.hasAttribute("data-autosave-flushed")) {
      form.removeAttribute("data-autosave-flushed");
      leaving = true;
      return;
    }
    var p = pipelineOf(form);
    var native = !p || (submitter && submitter.hasAttribute("data-autosave-native")) ||
      Array.prototype.some.call(form.querySelectorAll("[data-autosave-skip] input"), function (el) {
        return el.type === "file" ? el.files.length > 0 : (el.type !== "hidden" && el.value.trim());
      });
    if (!native) {
      // The Save button of an autosaved form: the same pipeline, no reload.
      event.preventDefault();
      event.stopPropagation();
      if (p.conflict) return;
      p.flush(submitter);
      return;
    }
    if (!anyPending()) {
      leaving = true;
      return;
    }
    // Another form (or a file to upload): finish the pending saves, then submit it.
    event.preventDefault();
    event.stopPropagation();
    flushAll().then(function (ok) {
      if (ok || window.confirm(msg("leave"))) {
        form.setAttribute("data-autosave-flushed", "");
        if (submitter && form.requestSubmit) form.requestSubmit(submitter);
        else if (form.requestSubmit) form.requestSubmit();
        else form.submit();
      }
    });
  }, true);

  window.addEventListener("beforeunload", function (event) {
    if (leaving && !anyPending()) return;
    if (anyPending()) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  window.addEventListener("pagehide", function () {
    pipelines.forEach(function (p) { p.beacon(); });
  });
  window.addEventListener("pageshow", function () { leaving = false; });

  init(document);
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
  // For tests and other scripts: is anything pending?
  window.ripsoAutosave = { pending: anyPending, flush: flushAll };
})();
