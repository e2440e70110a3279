// The ticket just taken: shown large with its QR code, printed at once from the server's
// 80 mm PDF, and closed after a few seconds or a tap.
import { lang } from "/assets/js/api.js";
import { t, name } from "/assets/js/i18n.js";
import { hhmm, shortDate, minutes } from "./time.js";
import { $ } from "/assets/js/dom.js";

const SHOW_SECONDS = 15;
let timer = 0;
let onClose = null;

/** show displays ticket tk of service svc and prints it; close() is called when it closes. */
export function show(tk, svc, close) {
  onClose = close;
  $("tk-number").textContent = tk.number;
  $("tk-service").textContent = svc ? name(svc) : tk.service;
  $("tk-prio").classList.toggle("hidden", !tk.priority);
  // an appointment's ticket says so, with its slot's time
  $("tk-appt").classList.toggle("hidden", tk.channel !== "appointment");
  $("tk-appt").textContent = tk.channel === "appointment" ? t("tk.appt", { slot: tk.slot || "" }) : "";
  const ahead = tk.ahead ?? 0;
  $("tk-ahead").textContent = String(ahead);
  $("tk-wait").textContent = tk.beyond_closing ? t("tk.late") : tk.estimated_wait_min > 0 ? minutes(tk.estimated_wait_min) : t("tk.soon");
  $("tk-wait").classList.toggle("late", !!tk.beyond_closing);
  const issued = new Date(tk.issued_at);
  $("tk-time").textContent = `${hhmm(issued)} · ${shortDate(issued)}`;
  const qr = $("tk-qr");
  qr.src = `/api/v1/tickets/${encodeURIComponent(tk.id)}/qr.svg`;
  qr.alt = t("tk.scan");
  $("ticket").dataset.id = tk.id;
  $("ticket").classList.remove("hidden");
  print(tk);
  // twice as long in the large-text mode: whoever needs larger words may need more time
  let left = document.body.classList.contains("large") ? 2 * SHOW_SECONDS : SHOW_SECONDS;
  const tick = () => {
    $("tk-count").textContent = t("tk.count", { n: left });
    if (left-- <= 0) hide();
  };
  clearInterval(timer);
  tick();
  timer = setInterval(tick, 1000);
}

/** hide closes the ticket screen. */
export function hide() {
  clearInterval(timer);
  const el = $("ticket");
  if (el.classList.contains("hidden")) return;
  el.classList.add("hidden");
  if (onClose) onClose();
}

/** visible reports whether a ticket is on screen. */
export function visible() {
  return !$("ticket").classList.contains("hidden");
}

/**
 * print sends the ticket's PDF to the printer: the PDF is loaded into a hidden frame, whose
 * print() prints it silently when Chromium runs with --kiosk-printing (docs/kiosk-printing.md).
 * ?print=off on the kiosk's address turns printing off (a kiosk without a printer).
 */
function print(tk) {
  const status = $("tk-print");
  if (new URLSearchParams(location.search).get("print") === "off") {
    status.textContent = "";
    return;
  }
  status.textContent = t("tk.printing");
  const frame = $("print-frame");
  frame.onload = () => {
    try {
      frame.contentWindow.focus();
      frame.contentWindow.print();
      document.body.dataset.printed = tk.number;
    } catch (e) {
      status.textContent = t("tk.noprint");
    }
  };
  frame.onerror = () => {
    status.textContent = t("tk.noprint");
  };
  frame.src = `/api/v1/tickets/${encodeURIComponent(tk.id)}/pdf?lang=${lang()}`;
}

// a tap anywhere on the ticket (or its Done button) returns to the start
$("ticket").addEventListener("click", hide);
