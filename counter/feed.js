// The desk's live feed and the reads that follow it: counts change at once from the events,
// the next numbers, the tickets transferred to this counter and the officer's day are re-read
// (coalesced) when an event touches them.
import { t } from "/assets/js/i18n.js";
import { mine as holds, counterOf, after, applyEvent } from "./state.js";
import { toast, seen } from "./util.js";
import { render, renderQueues, current } from "./desk.js";

/**
 * deskFeed is the feed of desk d: the handlers {onSnapshot, onEvent} it gives ctx.follow, and
 * schedule, refreshDesk, refresh, mine, and close (the view's cleanup: no read after it).
 */
export function deskFeed(d) {
  const { ctx } = d;
  const pending = {};
  const running = {};
  const again = {};
  const base = () => `/sites/${encodeURIComponent(d.siteId)}`;
  const mine = (c) => holds(ctx, c);

  function onSnapshot(site) {
    if (site.id !== d.siteId) return;
    d.site = site;
    const c = counterOf(site, d.counterId);
    if (!c || c.state === "closed" || !mine(c)) return lost(c, "");
    d.counter = c;
    refreshDesk();
  }

  function onEvent(ev) {
    seen(ev.at);
    if (!d.site || ev.site !== d.siteId) return;
    // a read of the site or of the queues may be newer than an event still on its way: apply
    // to each only the events after what it reflects
    if (ev.waiting && after(ev.id, d.queuesAt)) {
      for (const q of d.queues) q.waiting = ev.waiting[q.id] ?? 0;
      d.queuesAt = ev.id;
    }
    const fresh = applyEvent(d.site, ev);
    const me = ctx.user?.username;
    if (ev.counter && fresh && ev.counter.id === d.counterId) {
      // the counter's state now, whoever changed it: a supervisor, or this officer elsewhere
      // (another window, a script); this page's own actions come back the same
      const other = ev.by !== me ? ev.by : "";
      if (ev.type === "counter.closed" || !mine(ev.counter)) return lost(ev.counter, other);
      if (ev.type === "counter.paused" && other) toast(t("msg.pausedBy", { who: other }), "info");
      d.counter = ev.counter;
    } else if (ev.ticket && current(d) && ev.ticket.id === current(d).id && !ev.counter) {
      d.counter.ticket = ev.ticket; // a priority change has no counter
    }
    const tk = ev.ticket;
    if (tk) {
      if ((d.counter?.services || []).includes(tk.service)) schedule("queues");
      if (tk.reserved_for === d.counterId || d.reserved.some((r) => r.id === tk.id)) schedule("reserved");
      if (tk.officer === me && /done|no_show|rated/.test(ev.type)) schedule("day");
    }
    render(d);
  }

  function lost(c, by) {
    localStorage.removeItem("luot.counter.last");
    const n = c ? c.number : d.counterId;
    ctx.pick(by ? t("msg.closedBy", { c: n, who: by }) : t("msg.lost", { c: n }));
  }

  // schedule re-reads one part of the desk soon, once however many events ask for it; an
  // event that comes while a read is on its way gets a read of its own after it
  function schedule(part) {
    if (d.closed) return;
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
        render(d);
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
      const res = await ctx.call(`${base()}/counters/${encodeURIComponent(d.counterId)}/queues?limit=5`);
      if (d.queuesAt && after(d.queuesAt, res.last_event)) {
        // events newer than this read were applied meanwhile: keep their counts
        const counts = Object.fromEntries(d.queues.map((q) => [q.id, q.waiting]));
        for (const q of res.services) q.waiting = counts[q.id] ?? q.waiting;
      } else {
        d.queuesAt = res.last_event;
      }
      d.queues = res.services;
    },
    async reserved() {
      const res = await ctx.call(`${base()}/waiting?limit=500`);
      d.reserved = res.tickets.filter((tk) => tk.reserved_for === d.counterId);
    },
    async day() {
      d.day = await ctx.call(`${base()}/officers/me/today`);
    },
  };

  // refreshDesk re-reads everything the desk shows besides the counter itself
  async function refreshDesk() {
    await Promise.allSettled([loaders.queues(), loaders.reserved(), loaders.day()]);
    if (!d.closed) {
      render(d);
      renderQueues(d);
    }
  }

  // refresh re-reads what an action of this page changed
  function refresh(action) {
    if (["next", "finish", "no-show", "call", "close"].includes(action)) schedule("day");
    if (["next", "call", "transfer"].includes(action)) schedule("queues");
    if (["next", "call"].includes(action) && d.reserved.length) schedule("reserved");
  }

  function close() {
    for (const part of Object.keys(pending)) clearTimeout(pending[part]);
  }

  return { onSnapshot, onEvent, schedule, refreshDesk, refresh, mine, close };
}
