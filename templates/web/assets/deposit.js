// Progressive enhancement of the deposit form: files dropped on the zone go into the file picker, then the
// form is sent as usual. Without JavaScript the picker alone works the same.
(function () {
  var zone = document.getElementById("drop-zone");
  var input = document.getElementById("files");
  var hint = document.getElementById("drop-hint");
  if (!zone || !input || !window.DataTransfer) return;
  function stop(event) { event.preventDefault(); event.stopPropagation(); }
  ["dragenter", "dragover"].forEach(function (name) {
    zone.addEventListener(name, function (event) { stop(event); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    zone.addEventListener(name, function (event) { stop(event); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (event) {
    var files = event.dataTransfer && event.dataTransfer.files;
    if (!files || files.length === 0) return;
    var transfer = new DataTransfer();
    for (var i = 0; i < files.length; i++) transfer.items.add(files[i]);
    input.files = transfer.files;
    if (hint) hint.textContent = Array.prototype.map.call(files, function (file) { return file.name; }).join(", ");
  });
})();
