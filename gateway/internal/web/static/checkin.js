// Check-in at the door: where the browser has a BarcodeDetector and a
// camera, a button scans the attendee's QR code and sends its code through
// the same form as typing it. Without either, the page works as it is.
(function () {
  "use strict";
  var box = document.querySelector("[data-scan]");
  var form = document.querySelector(".checkin-form");
  if (!box || !form || !("BarcodeDetector" in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    return;
  }
  var start = box.querySelector("[data-scan-start]");
  var video = box.querySelector("[data-scan-video]");
  var status = box.querySelector("[data-scan-status]");
  var input = form.querySelector("input[name=code]");
  box.hidden = false;
  start.addEventListener("click", function () {
    var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      return video.play().then(function () {
        var look = function () {
          detector.detect(video).then(function (codes) {
            if (codes.length > 0) {
              stream.getTracks().forEach(function (t) { t.stop(); });
              input.value = codes[0].rawValue;
              form.submit();
              return;
            }
            window.requestAnimationFrame(look);
          }, function () { window.requestAnimationFrame(look); });
        };
        look();
      });
    }).catch(function () {
      status.textContent = status.getAttribute("data-failed");
    });
  });
})();
