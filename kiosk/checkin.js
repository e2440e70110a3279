// "Tôi đã đặt lịch": a citizen with an appointment types its 6-character code on the
// on-screen keys, or holds its QR code to the USB reader (which types the code and Enter like
// a keyboard, also while the services are shown), and gets the ticket, printed as any other.
import { api } from "/assets/js/api.js";
import { t } from "/assets/js/i18n.js";
import { $, el } from "/assets/js/dom.js";

const ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"; // no look-alikes: no 0/O, 1/I/L
const SCAN_GAP = 120; // ms between a reader's keystrokes; a person types slower

let opts = null;
let busy = false;

/** setupCheckin wires the check-in: site() is the kiosk's site, issued(tk) shows and prints
 * the ticket, failed(e) handles what is not the citizen's (network, revoked device). */
export function setupCheckin(o) {
  opts = o;
  const keys = $("ci-keys");
  keys.replaceChildren(...[...ALPHABET].map((c) => el("button.ci-key", { type: "button", onclick: () => typeChar(c) }, c)));
  $("checkin-open").addEventListener("click", open);
  $("ci-camera").addEventListener("click", startCamera);
  $("ci-close").addEventListener("click", close);
  $("ci-del").addEventListener("click", () => setCode($("ci-code").value.slice(0, -1)));
  $("ci-form").addEventListener("submit", (ev) => {
    ev.preventDefault();
    submit($("ci-code").value);
  });
  $("ci-code").addEventListener("input", () => setCode($("ci-code").value));
  listenReader();
}

function open() {
  setCode("");
  message("");
  $("checkin").classList.remove("hidden");
  $("ci-camera").classList.toggle("hidden", !cameraPossible());
  $("ci-code").focus();
}

function close() {
  stopCamera();
  $("checkin").classList.add("hidden");
}

// ---- the camera, where the browser offers a barcode detector (Chromium with a camera) ----

let camera = null; // {stream, timer}

function cameraPossible() {
  return "BarcodeDetector" in window && !!(navigator.mediaDevices && navigator.mediaDevices.getUserMedia);
}

/** startCamera reads QR codes from the camera until one holds a code of the alphabet. */
async function startCamera() {
  if (camera) return stopCamera();
  try {
    const detector = new window.BarcodeDetector({ formats: ["qr_code"] });
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "user" } });
    const video = $("ci-video");
    video.srcObject = stream;
    video.classList.remove("hidden");
    video.play().catch(() => {}); // frames come when they come: the scan waits for them
    camera = { stream, timer: 0 };
    const scan = async () => {
      if (!camera) return;
      try {
        const found = await detector.detect(video);
        const code = found.map((f) => f.rawValue.trim().toUpperCase()).find((v) => v.length === 6 && [...v].every((c) => ALPHABET.includes(c)));
        if (code) {
          stopCamera();
          setCode(code);
          return submit(code);
        }
      } catch (e) { /* a frame not ready yet */ }
      camera.timer = setTimeout(scan, 250);
    };
    scan();
  } catch (e) {
    stopCamera();
    message(t("ci.camera.none"));
  }
}

function stopCamera() {
  if (!camera) return;
  clearTimeout(camera.timer);
  camera.stream.getTracks().forEach((tr) => tr.stop());
  camera = null;
  $("ci-video").classList.add("hidden");
  $("ci-video").srcObject = null;
}

function typeChar(c) {
  setCode($("ci-code").value + c);
}

function setCode(v) {
  $("ci-code").value = v.toUpperCase().replace(/[^0-9A-Z]/g, "").slice(0, 6);
  $("ci-ok").disabled = $("ci-code").value.length !== 6;
}

function message(text) {
  $("ci-msg").textContent = text;
  $("ci-msg").classList.toggle("hidden", !text);
}

/** submit checks in the code; the citizen's answers are said in the dialog. */
async function submit(code) {
  code = code.toUpperCase().replace(/\s+/g, "");
  if (busy) return;
  if (code.length !== 6) return message(t("ci.err.not_found"));
  busy = true;
  try {
    const tk = await api(`/sites/${encodeURIComponent(opts.site())}/checkin`, { method: "POST", body: { code } });
    close();
    opts.issued(tk);
  } catch (e) {
    $("checkin").classList.remove("hidden");
    if (["too_early", "too_late", "checked_in", "cancelled", "not_found"].includes(e.code)) message(t("ci.err." + e.code));
    else if (e.status === 0 || e.status >= 500 || e.status === 401) {
      close();
      opts.failed(e);
    } else message(e.message);
  } finally {
    busy = false;
  }
}

/** listenReader takes a code typed by a USB QR reader anywhere on the kiosk: six letters of
 * the alphabet in quick succession, then Enter. */
function listenReader() {
  let buf = "";
  let last = 0;
  document.addEventListener("keydown", (ev) => {
    if (document.activeElement === $("ci-code")) return; // the field takes it
    const now = performance.now();
    if (now - last > SCAN_GAP) buf = "";
    last = now;
    if (ev.key === "Enter") {
      if (buf.length === 6) {
        ev.preventDefault();
        submit(buf);
      }
      buf = "";
      return;
    }
    const c = ev.key.length === 1 ? ev.key.toUpperCase() : "";
    if (c && ALPHABET.includes(c)) buf = (buf + c).slice(-6);
  });
}
