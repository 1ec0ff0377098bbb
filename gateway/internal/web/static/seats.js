// Live seat counts on an event page: the server-rendered count is kept up
// to date from the gateway's Server-Sent Events stream. Without this
// script (or EventSource) the page simply shows the count it was served
// with.
(function () {
  "use strict";
  var el = document.querySelector("[data-seats-event]");
  if (!el || !window.EventSource) {
    return;
  }
  var id = el.getAttribute("data-seats-event");
  var source = new EventSource("/api/v1/events/" + encodeURIComponent(id) + "/seats/stream");
  source.addEventListener("seats", function (msg) {
    var c;
    try {
      c = JSON.parse(msg.data);
    } catch (e) {
      return;
    }
    var free = Math.max(0, c.seatsFree | 0);
    var text = free === 0 ? el.getAttribute("data-full")
      : el.getAttribute(free === 1 ? "data-free-one" : "data-free-other").replace("{n}", String(free));
    if (el.textContent !== text) {
      el.textContent = text;
    }
    el.classList.toggle("seats-full", free === 0);
  });
})();
