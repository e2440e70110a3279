// The pairing pad of a device without a keyboard (a hall TV with its remote, a touch kiosk, a
// rating tablet): the six digits of the code the admin page shows, on an on-screen pad that
// works by touch, by a remote's arrows and OK, and by a keyboard's digits, Backspace and
// Enter. The sixth digit sends the code (POST /api/v1/devices/pair); the server answers the
// device's own token, which the page keeps.
import { api, setBearer, lang, ApiError } from "./api.js";
import { el } from "./dom.js";

const DIGITS = 6;
const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok"];
const COLUMNS = 3;

const words = {
  vi: {
    label: "Nhập mã ghép nối gồm 6 chữ số đang hiện trên trang quản trị",
    del: "Xóa", ok: "Ghép nối", sending: "Đang ghép nối…",
    code: "Mã ghép nối",
  },
  en: {
    label: "Enter the 6-digit pairing code shown on the admin page",
    del: "Delete", ok: "Pair", sending: "Pairing…",
    code: "Pairing code",
  },
};

const say = (key) => (words[lang()] || words.vi)[key];

/**
 * pairPad builds the pad in root for a device of kind ("kiosk", "display" or "rating") and
 * calls paired(token, device) once the server accepts a code. It returns {focus, relabel}:
 * focus puts the remote's focus on the pad, relabel redraws its words after a language change.
 */
export function pairPad(root, kind, paired) {
  let code = "";
  let busy = false;
  const label = el("p.pp-label#pp-label-" + kind);
  const boxes = Array.from({ length: DIGITS }, () => el("span.pp-digit"));
  const shown = el("div.pp-code", { role: "status" }, boxes);
  const buttons = KEYS.map((k) => el("button.pp-key", {
    class: k === "ok" ? "pp-ok" : k === "del" ? "pp-del" : "", type: "button", dataset: { key: k }, onclick: () => press(k),
  }, /\d/.test(k) ? k : ""));
  const keys = el("div.pp-keys", {}, buttons);
  const msg = el("p.pp-msg.hidden", { role: "alert" });
  const pad = el("div.pairpad", { role: "group", "aria-labelledby": label.id }, label, shown, keys, msg);
  root.replaceChildren(pad);

  function relabel() {
    label.textContent = say("label");
    shown.setAttribute("aria-label", say("code"));
    buttons[9].textContent = "⌫ " + say("del");
    buttons[11].textContent = busy ? say("sending") : say("ok");
    draw();
  }

  function draw() {
    boxes.forEach((b, i) => {
      b.textContent = code[i] || "";
      b.classList.toggle("filled", i < code.length);
      b.classList.toggle("next", i === code.length);
    });
    pad.dataset.code = code; // for tests and for people reading over a shoulder: the digits typed
    buttons[11].disabled = busy || code.length < DIGITS;
  }

  function press(k) {
    if (busy) return;
    if (k === "del") code = code.slice(0, -1);
    else if (k === "ok") return send();
    else if (code.length < DIGITS) code += k;
    if (code.length) message("");
    draw();
    if (code.length === DIGITS) send();
  }

  function message(text) {
    msg.textContent = text;
    msg.classList.toggle("hidden", !text);
  }

  async function send() {
    if (busy || code.length < DIGITS) return;
    busy = true;
    relabel();
    try {
      setBearer(""); // a stale token would be refused before the code is even read
      const res = await api("/devices/pair", { method: "POST", body: { code, kind } });
      paired(res.token, res.device);
    } catch (e) {
      message(e instanceof ApiError ? e.message : String(e));
      code = "";
    } finally {
      busy = false;
      relabel();
    }
  }

  // The keyboard and a remote's keys: digits type, Backspace deletes, Enter sends (or presses
  // the focused key), the arrows move between the keys. Only while the pad is on screen.
  const onKey = (e) => {
    if (!pad.isConnected) return document.removeEventListener("keydown", onKey);
    if (pad.offsetParent === null) return;
    const target = e.target instanceof HTMLElement ? e.target : null;
    if (target && target.closest("input, select, textarea")) return; // a sign-in form beside the pad
    if (/^[0-9]$/.test(e.key)) press(e.key);
    else if (e.key === "Backspace") press("del");
    else if (e.key === "Enter" && !(target && buttons.includes(target))) press("ok");
    else if (e.key.startsWith("Arrow")) move(e.key, target);
    else return;
    e.preventDefault();
  };
  document.addEventListener("keydown", onKey);

  function move(key, from) {
    let i = buttons.indexOf(from);
    if (i < 0) i = 4; // the middle key, "5"
    else if (key === "ArrowLeft") i = (i + KEYS.length - 1) % KEYS.length;
    else if (key === "ArrowRight") i = (i + 1) % KEYS.length;
    else if (key === "ArrowUp") i = (i + KEYS.length - COLUMNS) % KEYS.length;
    else if (key === "ArrowDown") i = (i + COLUMNS) % KEYS.length;
    if (buttons[i].disabled) i = 10; // OK is disabled until six digits: go to "0"
    buttons[i].focus();
  }

  relabel();
  return { focus: () => buttons[4].focus(), relabel };
}
