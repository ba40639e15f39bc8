/* Small helpers shared by the pages. Untrusted text only ever goes through textContent. */
(function () {
  "use strict";
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === "text") { node.textContent = attrs[k]; } else { node.setAttribute(k, attrs[k]); }
    });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }
  function citeHref(ev) {
    return "/documents/" + encodeURIComponent(ev.document_id) + "?hl=" + encodeURIComponent(ev.sentence_id) +
      "#s" + encodeURIComponent(ev.sentence_id);
  }
  function evidenceList(evidence) {
    var ul = el("ul", {"class": "evidence-list"});
    (evidence || []).forEach(function (ev) {
      ul.appendChild(el("li", {}, [
        el("q", {text: ev.sentence}), " — ",
        el("a", {href: citeHref(ev), "class": "cite", text: ev.document_title || ("document " + ev.document_id)}),
        el("span", {"class": "muted", text: " " + (ev.published || "") + " · rule " + ev.rule})
      ]));
    });
    return ul;
  }
  function download(blob, name) {
    var url = URL.createObjectURL(blob);
    var a = el("a", {href: url, download: name});
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(url); a.remove(); }, 1000);
  }
  function getJSON(url) {
    return fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}}).then(function (r) {
      if (!r.ok) { throw new Error(url + ": HTTP " + r.status); }
      return r.json();
    });
  }
  window.AG = {el: el, citeHref: citeHref, evidenceList: evidenceList, download: download, getJSON: getJSON};
})();
