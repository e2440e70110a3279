// A device's pairing, for the kiosk, the hall and counter displays and the rating panel: its
// token (from a #pair=<token> link that `bin/luot demo` or the admin page gives, or from the
// 6-digit code of the admin page typed on the pad), kept in localStorage and sent as the
// bearer token; which device the server says it is; and the pad of a device without a
// keyboard (a TV with its remote, a touch kiosk, a rating tablet), which works by touch, by a
// remote's arrows and OK, and by a keyboard's digits, Backspace and Enter.
//
// One way with errors for the three pages. A refused token (401, 403) or one of another kind
// of device is forgotten and the page pairs again; a refused code (wrong, expired, another
// kind's, too many tries) is said in the server's words and the pad starts again; a server
// that cannot answer — no connection, a timeout, Redis down (503) — is tried again by itself
// with a growing wait, the token or the typed code kept, and says so meanwhile.
import { api, setBearer, takePairToken, lang, ApiError } from "./api.js";
import { el } from "./dom.js";

/** unreachable reports whether e means the server could not answer now (no connection, a
 * timeout, a 5xx such as Redis down): the same request is worth trying again later. */
export function unreachable(e) {
  return !(e instanceof ApiError) || e.status === 0 || e.status >= 500;
}

/** backoff gives the waits between tries, in ms: first, doubled each time, up to max. */
export function backoff(first = 1000, max = 8000) {
  let wait = first;
  return {
    next() {
      const w = wait;
      wait = Math.min(wait * 2, max);
      return w;
    },
    reset() {
      wait = first;
    },
  };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Device is the token of a page's device of kind ("kiosk", "display" or "rating"), kept
 * under key in localStorage. */
export class Device {
  constructor(kind, key) {
    this.kind = kind;
    this.key = key;
  }

  /** takeLink keeps a token given in the address (#pair=…) and removes it from the address. */
  takeLink() {
    takePairToken(this.key);
  }

  /** token is the kept token, or "". */
  token() {
    return localStorage.getItem(this.key) || "";
  }

  /** keep stores a token (the pad's, or one a supervisor's sign-in registered). */
  keep(token) {
    localStorage.setItem(this.key, token.trim());
  }

  /** forget drops the token (revoked, or another kind of device's). */
  forget() {
    localStorage.removeItem(this.key);
    setBearer("");
  }

  /**
   * check asks the server which device the kept token is. It returns {device} for a device of
   * this kind, or {reason} when the page must pair: "unpaired" (no token), "revoked" (the
   * server refuses it) or "wrongkind" (another kind's); a refused token is forgotten. A server
   * that cannot answer throws (unreachable), the token kept for the next try.
   */
  async check() {
    const token = this.token();
    if (!token) return { reason: "unpaired" };
    setBearer(token);
    let device;
    try {
      device = await api("/devices/me");
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        this.forget();
        return { reason: "revoked" };
      }
      throw e;
    }
    if (device.kind !== this.kind) {
      this.forget();
      return { reason: "wrongkind" };
    }
    return { device };
  }

  /** wait is check() tried again, with a growing wait, while the server cannot answer;
   * down(error, ms) is told before each wait, so the page can say it is unavailable. */
  async wait(down) {
    const waits = backoff();
    for (;;) {
      try {
        return await this.check();
      } catch (e) {
        const ms = waits.next();
        if (down) down(e, ms);
        await sleep(ms);
      }
    }
  }

  /** pad builds the pairing pad in root; once the server accepts a code the token is kept and
   * paired(token, device) called. It returns the pad's {focus, relabel}. */
  pad(root, paired) {
    return pairPad(root, this.kind, (token, device) => {
      this.keep(token);
      paired(token, device);
    });
  }
}

const DIGITS = 6;
const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok"];
const COLUMNS = 3;

const words = {
  vi: {
    label: "Nhập mã ghép nối gồm 6 chữ số đang hiện trên trang quản trị",
    del: "Xóa", ok: "Ghép nối", sending: "Đang ghép nối…",
    code: "Mã ghép nối",
    retry: "Chưa kết nối được tới máy chủ; tự thử lại sau {n} giây…",
  },
  en: {
    label: "Enter the 6-digit pairing code shown on the admin page",
    del: "Delete", ok: "Pair", sending: "Pairing…",
    code: "Pairing code",
    retry: "Cannot reach the server; trying again in {n} s…",
  },
};

const say = (key, n) => (words[lang()] || words.vi)[key].replace("{n}", String(n));

/**
 * pairPad builds the pad in root for a device of kind and calls paired(token, device) once
 * the server accepts a code (POST /api/v1/devices/pair). It returns {focus, relabel}: focus
 * puts the remote's focus on the pad, relabel redraws its words after a language change.
 */
function pairPad(root, kind, paired) {
  let code = "";
  let busy = false;
  let waiting = 0; // the seconds until the next try while the server cannot answer
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
    if (waiting) message(say("retry", waiting), true);
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

  // message shows text (or hides the line); a wait is said calmly, a refusal as an error
  function message(text, wait = false) {
    msg.textContent = text;
    msg.classList.toggle("hidden", !text);
    msg.classList.toggle("wait", wait);
  }

  // send posts the code; while the server cannot answer it tries again by itself, the code
  // kept, counting the seconds down on the pad
  async function send() {
    if (busy || code.length < DIGITS) return;
    busy = true;
    relabel();
    const waits = backoff();
    for (;;) {
      if (!pad.isConnected) return; // the page moved on (paired by a sign-in, a new pad)
      try {
        setBearer(""); // a stale token would be refused before the code is even read
        const res = await api("/devices/pair", { method: "POST", body: { code, kind } });
        waiting = 0;
        message("");
        busy = false;
        relabel();
        paired(res.token, res.device);
        return;
      } catch (e) {
        if (!unreachable(e)) {
          waiting = 0;
          message(e instanceof ApiError ? e.message : String(e));
          code = "";
          busy = false;
          relabel();
          return;
        }
        for (waiting = Math.round(waits.next() / 1000); waiting > 0; waiting--) {
          message(say("retry", waiting), true);
          await sleep(1000);
        }
      }
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
