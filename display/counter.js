// The counter display, /display/counter/{counter}: the counter's number and its current
// ticket, huge, live from the site's feed. The site comes from the paired display device or
// from ?site= (as `bin/luot demo` prints).
import { connectSite } from "/assets/js/live.js";
import { t, onChange } from "/assets/js/i18n.js";
import { Board } from "./board.js";
import { setupPage, showScreen, offlineMarker, waitForSite } from "./common.js";
import { $, el } from "/assets/js/dom.js";

const dict = {
  vi: { counter: "Quầy", called: "Mời công dân", serving: "Đang phục vụ", paused: "Tạm dừng",
    closed: "Quầy đóng", open: "Sẵn sàng", priority: "Ưu tiên" },
  en: { counter: "Counter", called: "Please come", serving: "Now serving", paused: "Paused",
    closed: "Closed", open: "Ready", priority: "Priority" },
};

const board = new Board(1);
const key = decodeURIComponent(location.pathname.split("/").filter(Boolean).pop() || "");
window.__display = { board, state: "starting" };

function render() {
  const c = board.counter(key);
  if (!c) {
    if (board.site) showScreen("unknown_counter");
    return;
  }
  showScreen(null);
  $("cd-num").textContent = c.number;
  $("cd-name").textContent = c.name && c.name !== `Quầy ${c.number}` ? c.name : "";
  const tk = c.ticket;
  const ticket = $("cd-ticket");
  ticket.textContent = tk ? tk.number : "—";
  ticket.classList.toggle("none", !tk);
  const status = $("cd-status");
  const state = c.state === "paused" || c.state === "closed" ? c.state : tk ? tk.status : "open";
  status.className = "cd-status " + state;
  status.textContent = t(state === "called" || state === "serving" || state === "paused" || state === "closed" ? state : "open");
  if (tk && tk.priority) {
    status.append(el("span.prio", {}, "★ " + t("priority")));
  }
}

function flash() {
  const main = $("cd-main");
  main.classList.remove("called");
  void main.offsetWidth;
  main.classList.add("called");
}

async function start() {
  setupPage(dict);
  onChange(render);
  const site = await waitForSite();
  if (!site) return;
  const marker = offlineMarker();
  connectSite(site, {
    onSnapshot(s) {
      board.snapshot(s);
      window.__display.state = "live";
      render();
    },
    onEvent(ev) {
      const call = board.apply(ev);
      render();
      const c = board.counter(key);
      if (call && c && String(call.counterNumber) === String(c.number)) flash();
    },
    onStatus(up) {
      marker(up);
      window.__display.state = up ? "live" : "offline";
    },
  });
}

start();
