// The bid desk's own script: drag to reorder (SortableJS), the annex upload, and the events the
// server pushes (a change on disk: the cards and the open preview are fetched again).
(function () {
  "use strict";
  htmx.onLoad(function (root) {
    var lists = root.querySelectorAll ? root.querySelectorAll(".sortable") : [];
    lists.forEach(function (list) {
      if (list.dataset.sortable) return;
      list.dataset.sortable = "1";
      Sortable.create(list, {
        animation: 120, forceFallback: true, fallbackTolerance: 3, filter: "button", preventOnFilter: false,
        onEnd: function (event) {
          if (event.oldIndex !== event.newIndex) htmx.trigger(list.closest("form"), "end");
        }
      });
    });
  });

  // an annex or the buyer's logo: the file's bytes as the body, its name (and title) in the address
  function upload(button) {
    var input = document.getElementById(button.dataset.file);
    var file = input && input.files[0];
    if (!file) return;
    var url = button.dataset.url + "?filename=" + encodeURIComponent(file.name);
    if (button.dataset.title) url += "&title=" + encodeURIComponent(document.getElementById(button.dataset.title).value);
    fetch(url, {method: "POST", body: file, headers: {"content-type": "application/octet-stream"}}).then(function (response) {
      return response.text().then(function (text) {
        if (!response.ok) { alert(text); return; }
        var panel = document.getElementById("bid-panel");
        panel.outerHTML = text;
        htmx.process(document.getElementById("bid-panel"));
      });
    });
  }
  // a thumbnail not drawn yet (the library's one-pagers are being built): an empty frame
  document.addEventListener("error", function (event) {
    if (event.target.tagName === "IMG") event.target.classList.add("missing");
  }, true);
  document.addEventListener("submit", function (event) {
    if (event.target.id === "filters") event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    if (event.target.classList.contains("send")) upload(event.target);
  });

  var source = new EventSource("/events");
  source.onmessage = function (event) {
    var bid = document.body.dataset.bid;
    if (event.data === "library") htmx.trigger("#cards", "refresh");
    if (bid && event.data === "preview:" + bid && document.getElementById("job"))
      htmx.ajax("GET", "/bids/" + bid + "/preview/state", {target: "#job", swap: "outerHTML"});
  };
})();
