<?cs # The camera of js/scanner.js, shared by the kiosk (verify.cs) and paper
      entry (paper-entry.cs): the video, its stop button, and the status
      line.  The start button is placed by each page. ?><?cs
def:camera_box() ?>
    <div class="cam" id="cam-box" hidden>
      <video id="cam" muted playsinline></video>
      <button type="button" id="cam-stop" class="cam-stop">Tắt camera</button>
    </div><?cs /def ?><?cs
def:camera_status() ?>
    <p id="cam-status" class="cam-status small" role="status"></p><?cs /def ?>
