// The state a display shows, kept from the live feed: the site's counters and their current
// tickets, the waiting count of every service, and the latest calls. It knows nothing of the
// page: display.js and counter.js render it.

/** CALL_TYPES are the events that are announced: a call, and a recall of the same ticket. */
export const CALL_TYPES = new Set(["ticket.called", "ticket.recalled"]);

/** Board holds a site's live state. */
export class Board {
  constructor(maxCalls = 8) {
    this.maxCalls = maxCalls;
    this.site = null;
    this.counters = new Map(); // id → counter (with .ticket)
    this.waiting = new Map(); // service id → count
    this.calls = []; // newest first: {key, number, counter, counterNumber, priority, at, recall}
  }

  /** snapshot replaces everything with a snapshot of GET /api/v1/sites/{site}. */
  snapshot(site) {
    this.site = site;
    this.counters = new Map((site.counters || []).map((c) => [c.id, c]));
    this.waiting = new Map((site.services || []).map((s) => [s.id, s.waiting || 0]));
    // The latest calls are not in a snapshot: take the counters' current tickets, newest first.
    this.calls = (site.counters || [])
      .filter((c) => c.ticket && (c.ticket.status === "called" || c.ticket.status === "serving"))
      .map((c) => callOf(c.ticket, c, false, c.ticket.called_at))
      .sort((a, b) => (a.at < b.at ? 1 : -1))
      .slice(0, this.maxCalls);
  }

  /**
   * apply folds one event into the state and returns the call it makes (to announce), or
   * null when the event is not a call.
   */
  apply(ev) {
    if (ev.counter && ev.counter.id) {
      const old = this.counters.get(ev.counter.id) || {};
      this.counters.set(ev.counter.id, { ...old, ...ev.counter });
    } else if (ev.ticket && !ev.counter) {
      const c = this.counter(ev.ticket.counter_number ?? ev.ticket.counter);
      if (c && c.ticket && c.ticket.number === ev.ticket.number) c.ticket = ev.ticket;
    }
    for (const [service, n] of Object.entries(ev.waiting || {})) this.waiting.set(service, n);
    if (!CALL_TYPES.has(ev.type) || !ev.ticket) return null;
    const counter = (ev.counter && ev.counter.id && this.counters.get(ev.counter.id)) ||
      this.counter(ev.ticket.counter_number ?? ev.ticket.counter) || {};
    const call = callOf(ev.ticket, counter, ev.type === "ticket.recalled", ev.at, ev.id);
    this.calls = [call, ...this.calls.filter((c) => c.ticketKey !== call.ticketKey)].slice(0, this.maxCalls);
    return call;
  }

  /** serving lists the counters that take citizens (open or paused), by number. */
  serving() {
    return [...this.counters.values()]
      .filter((c) => c.state === "open" || c.state === "paused")
      .sort((a, b) => (a.number || 0) - (b.number || 0));
  }

  /** counter finds a counter by id, or by its number when key is a number. */
  counter(key) {
    if (key == null) return null;
    if (this.counters.has(key)) return this.counters.get(key);
    for (const c of this.counters.values()) if (String(c.number) === String(key)) return c;
    return null;
  }

  /** services lists the site's services with their waiting counts, in configuration order. */
  services() {
    return ((this.site && this.site.services) || []).map((s) => ({ ...s, waiting: this.waiting.get(s.id) || 0 }));
  }
}

function callOf(ticket, counter, recall, at, eventId = "") {
  // the public feed carries no ticket ids: a call is known by its number and counter
  const ticketKey = ticket.number + "@" + (counter.number ?? ticket.counter_number);
  return {
    key: eventId || ticketKey + "@" + at,
    ticketKey,
    number: ticket.number,
    counter: counter.id || ticket.counter,
    counterNumber: counter.number,
    counterName: counter.name,
    priority: ticket.priority || "",
    recall,
    at,
  };
}
