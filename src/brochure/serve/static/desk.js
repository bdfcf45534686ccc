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
  // (a consultation's document: the suggestions it gives replace data-target, an error included)
  function upload(button, dropped) {
    var input = document.getElementById(button.dataset.file);
    var file = dropped || (input && input.files[0]);
    if (!file) return;
    var url = button.dataset.url + "?filename=" + encodeURIComponent(file.name);
    if (button.dataset.title) url += "&title=" + encodeURIComponent(document.getElementById(button.dataset.title).value);
    var target = button.dataset.target || "bid-panel";
    if (button.dataset.target) document.getElementById(target).textContent = "Reading " + file.name + "…";
    fetch(url, {method: "POST", body: file, headers: {"content-type": "application/octet-stream"}}).then(function (response) {
      return response.text().then(function (text) {
        var html = (response.headers.get("content-type") || "").indexOf("text/html") === 0;
        if (!response.ok && !(button.dataset.target && html)) { alert(text); return; }
        document.getElementById(target).outerHTML = text;
        htmx.process(document.getElementById(target));
      });
    });
  }
  // a consultation's document dropped on its box
  document.addEventListener("dragover", function (event) {
    if (event.target.closest && event.target.closest(".drop")) event.preventDefault();
  });
  document.addEventListener("drop", function (event) {
    var box = event.target.closest && event.target.closest(".drop");
    if (!box || !event.dataTransfer.files.length) return;
    event.preventDefault();
    upload(box.querySelector(".send"), event.dataTransfer.files[0]);
  });
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
