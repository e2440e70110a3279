// The site's live feed and the reads that follow it: counts change at once from the events,
// the next numbers, the tickets transferred to this counter and the officer's day are re-read
// (coalesced) when an event touches them.
import { connectStaff } from "/assets/js/live.js";
import { t } from "/assets/js/i18n.js";
import { st, call, current, mine, counterOf } from "./state.js";
import { $ } from "/assets/js/dom.js";
import { toast, after, seen } from "./util.js";
import { render, renderQueues } from "./desk.js";
import { renderPicker, showPicker } from "./pick.js";

/** follow connects to a site's live feed (once per site). */
export function follow(siteId) {
  if (st.live && st.live.site === siteId) return;
  st.live?.close();
  $("offline").classList.add("hidden");
  const live = connectStaff(siteId, {
    onSnapshot,
    onEvent,
    // a feed this page closed itself (signed out) is no lost connection
    onStatus: (up) => $("offline").classList.toggle("hidden", up || st.live !== live),
  });
  live.site = siteId;
  st.live = live;
}

function onSnapshot(site) {
  if (site.id !== st.siteId) return;
  st.site = site;
  if (screen() === "pick") return renderPicker();
  if (screen() !== "desk") return;
  const c = counterOf(st.counterId);
  if (!c || c.state === "closed" || !mine(c)) return lost(c, "");
  st.counter = c;
  refreshDesk();
}

function onEvent(ev) {
  seen(ev.at);
  if (!st.site || ev.site !== st.siteId) return;
  // a read of the site or of the queues may be newer than an event still on its way: apply
  // to each only the events after what it reflects
  const fresh = after(ev.id, st.site.last_event);
  if (ev.waiting && fresh) {
    for (const s of st.site.services) s.waiting = ev.waiting[s.id] ?? 0;
  }
  if (ev.waiting && after(ev.id, st.queuesAt)) {
    for (const q of st.queues) q.waiting = ev.waiting[q.id] ?? 0;
    st.queuesAt = ev.id;
  }
  if (fresh) st.site.last_event = ev.id;
  const me = st.user?.username;
  if (ev.counter && fresh) {
    const i = st.site.counters.findIndex((x) => x.id === ev.counter.id);
    if (i >= 0) st.site.counters[i] = ev.counter;
  }
  if (screen() === "pick") return renderPicker();
  if (screen() !== "desk") return;
  if (ev.counter && fresh && ev.counter.id === st.counterId) {
    // the counter's state now, whoever changed it: a supervisor, or this officer elsewhere
    // (another window, a script); this page's own actions come back the same
    const other = ev.by !== me ? ev.by : "";
    if (ev.type === "counter.closed" || !mine(ev.counter)) return lost(ev.counter, other);
    if (ev.type === "counter.paused" && other) toast(t("msg.pausedBy", { who: other }), "info");
    st.counter = ev.counter;
  } else if (ev.ticket && current() && ev.ticket.id === current().id && !ev.counter) {
    st.counter.ticket = ev.ticket; // a priority change has no counter
  }
  const tk = ev.ticket;
  if (tk) {
    if ((st.counter?.services || []).includes(tk.service)) schedule("queues");
    if (tk.reserved_for === st.counterId || st.reserved.some((r) => r.id === tk.id)) schedule("reserved");
    if (tk.officer === me && /done|no_show|rated/.test(ev.type)) schedule("day");
  }
  render();
}

function lost(c, by) {
  localStorage.removeItem("luot.counter.last");
  const n = c ? c.number : st.counterId;
  showPicker(by ? t("msg.closedBy", { c: n, who: by }) : t("msg.lost", { c: n }));
}

function screen() {
  return document.body.dataset.screen;
}

const pending = {};
const running = {};
const again = {};

/** schedule re-reads one part of the desk soon, once however many events ask for it; an
 * event that comes while a read is on its way gets a read of its own after it. */
export function schedule(part) {
  if (running[part]) {
    again[part] = true;
    return;
  }
  if (pending[part]) return;
  pending[part] = setTimeout(async () => {
    pending[part] = 0;
    running[part] = true;
    try {
      await loaders[part]();
      render();
    } catch (e) {
      /* a later event or the minute refresh tries again; 401 shows the login */
    } finally {
      running[part] = false;
      if (again[part]) {
        again[part] = false;
        schedule(part);
      }
    }
  }, 60);
}

const loaders = {
  async queues() {
    const res = await call(`/sites/${encodeURIComponent(st.siteId)}/counters/${encodeURIComponent(st.counterId)}/queues?limit=5`);
    if (st.queuesAt && after(st.queuesAt, res.last_event)) {
      // events newer than this read were applied meanwhile: keep their counts
      const counts = Object.fromEntries(st.queues.map((q) => [q.id, q.waiting]));
      for (const q of res.services) q.waiting = counts[q.id] ?? q.waiting;
    } else {
      st.queuesAt = res.last_event;
    }
    st.queues = res.services;
  },
  async reserved() {
    const res = await call(`/sites/${encodeURIComponent(st.siteId)}/waiting?limit=500`);
    st.reserved = res.tickets.filter((tk) => tk.reserved_for === st.counterId);
  },
  async day() {
    st.day = await call(`/sites/${encodeURIComponent(st.siteId)}/officers/me/today`);
  },
};

/** refreshDesk re-reads everything the desk shows besides the counter itself. */
export async function refreshDesk() {
  await Promise.allSettled([loaders.queues(), loaders.reserved(), loaders.day()]);
  if (screen() === "desk") {
    render();
    renderQueues();
  }
}

/** refresh re-reads what an action of this page changed. */
export function refresh(action) {
  if (["next", "finish", "no-show", "call", "close"].includes(action)) schedule("day");
  if (["next", "call", "transfer"].includes(action)) schedule("queues");
  if (["next", "call"].includes(action) && st.reserved.length) schedule("reserved");
}
