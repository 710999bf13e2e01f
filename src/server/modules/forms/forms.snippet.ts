// The copy-paste script for a site (docs/forms.md shows it too). Plain ES2017, no dependencies.
// On every page it keeps the first tagged touch (UTM tags, yclid, referrer, landing page) in a
// first-party cookie for 90 days; on the submit of a `<form data-flame-form>` it posts the form's fields
// and those tags to the form's endpoint and fires `flame:success` or `flame:error` on the form.

const SCRIPT = String.raw`(function (ENDPOINT) {
  "use strict";
  // Twice on one page (two forms' snippets): the first one serves both, by data-flame-form="<token>".
  if (window.__flameForms) return;
  window.__flameForms = true;
  var COOKIE = "flame_touch";
  var DAYS = 90;
  var TAGS = ["utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term", "yclid"];

  function read() {
    var m = document.cookie.match(/(?:^|;\s*)flame_touch=([^;]*)/);
    if (!m) return null;
    try { return JSON.parse(decodeURIComponent(m[1])); } catch (e) { return null; }
  }
  function save(touch) {
    document.cookie = COOKIE + "=" + encodeURIComponent(JSON.stringify(touch)) +
      "; max-age=" + DAYS * 86400 + "; path=/; SameSite=Lax" +
      (location.protocol === "https:" ? "; Secure" : "");
  }
  function tagged(touch) {
    return !!touch && TAGS.some(function (k) { return !!touch[k]; });
  }

  // First touch wins; only a stored visit without tags gives way to a later tagged one.
  var stored = read();
  var params = new URLSearchParams(location.search);
  var now = { page_url: location.href.slice(0, 2000), referrer: document.referrer.slice(0, 2000) };
  TAGS.forEach(function (k) { var v = params.get(k); if (v) now[k] = v.slice(0, 500); });
  if (!stored || (!tagged(stored) && tagged(now))) { save(now); stored = now; }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-flame-form")) return;
    event.preventDefault();
    var token = form.getAttribute("data-flame-form");
    var url = token ? ENDPOINT.replace(/[^/]+$/, encodeURIComponent(token)) : ENDPOINT;
    var body = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string") body.append(key, value);
    });
    var touch = read() || stored || {};
    Object.keys(touch).forEach(function (k) { if (!body.has(k) && touch[k]) body.set(k, touch[k]); });
    if (!body.has("page_url")) body.set("page_url", location.href.slice(0, 2000));
    var done = function (ok, detail) {
      form.dispatchEvent(new CustomEvent(ok ? "flame:success" : "flame:error", { detail: detail, bubbles: true }));
      if (ok) {
        form.reset();
        var text = form.getAttribute("data-flame-success");
        if (text) { var p = document.createElement("p"); p.textContent = text; form.replaceWith(p); }
      }
    };
    fetch(url, { method: "POST", body: body, mode: "cors", credentials: "omit" })
      .then(function (res) {
        return res.json().catch(function () { return null; }).then(function (json) {
          done(res.ok, { status: res.status, body: json });
        });
      })
      .catch(function (error) { done(false, { status: 0, error: String(error) }); });
  });
})`;

/** The script for one form: its endpoint baked in. */
export function snippetFor(endpoint: string) {
  return `/* Flame CRM lead form: ${endpoint} */\n${SCRIPT}(${JSON.stringify(endpoint)});\n`;
}
