// The state a display shows, kept from the live feed: the site's counters and their current
// tickets, the waiting count of every service, and the latest calls. It knows nothing of the
// page: display.js and counter.js render it.
//
// The public feed carries a ticket as {number, service, status, priority, counter_number},
// without its id or its counter's id (older servers sent both): a call is known by its
// ticket number and counter number, and a ticket's counter is found by counter_number, else
// by the event's counter, else by the counter id the ticket names.

/** CALL_TYPES are the events that are announced: a call, and a recall of the same ticket. */
export const CALL_TYPES = new Set(["ticket.called", "ticket.recalled"]);

/** Board holds a site's live state. */
export class Board {
  constructor(maxCalls = 8) {
    this.maxCalls = maxCalls;
    this.site = null;
    this.counters = new Map(); // id → counter (with .ticket)
    this.waiting = new Map(); // service id → count
    this.calls = []; // newest first: {key, number, counterNumber, counterName, priority, at, recall}
  }

  /** snapshot replaces everything with a snapshot of GET /api/v1/sites/{site}. */
  snapshot(site) {
    this.site = site;
    this.counters = new Map((site.counters || []).map((c) => [c.id, c]));
    this.waiting = new Map((site.services || []).map((s) => [s.id, s.waiting || 0]));
    // The latest calls are not in a snapshot: take the counters' called tickets, newest first
    // when the feed says when they were called, else by counter.
    this.calls = (site.counters || [])
      .filter((c) => c.ticket && (c.ticket.status === "called" || c.ticket.status === "serving"))
      .map((c) => callOf(c.ticket, c, false, c.ticket.called_at || ""))
      .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : a.counterNumber - b.counterNumber))
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
    } else if (ev.ticket) {
      // a ticket's own change (done, no-show, rated): the counter showing it follows
      const c = this.counterOf(ev.ticket, null);
      if (c && c.ticket && c.ticket.number === ev.ticket.number) c.ticket = ev.ticket;
    }
    for (const [service, n] of Object.entries(ev.waiting || {})) this.waiting.set(service, n);
    if (!CALL_TYPES.has(ev.type) || !ev.ticket) return null;
    const counter = this.counterOf(ev.ticket, ev.counter) || {};
    const call = callOf(ev.ticket, counter, ev.type === "ticket.recalled", ev.at);
    // the same ticket called again, or elsewhere, replaces its older call
    this.calls = [call, ...this.calls.filter((c) => c.number !== call.number)].slice(0, this.maxCalls);
    return call;
  }

  /** counterOf finds the counter of a ticket: its counter_number, the event's counter, or its counter id. */
  counterOf(ticket, evCounter) {
    if (ticket.counter_number != null) {
      const c = this.counter(ticket.counter_number);
      if (c) return c;
    }
    if (evCounter && evCounter.id && this.counters.has(evCounter.id)) return this.counters.get(evCounter.id);
    if (evCounter && evCounter.number != null) return this.counter(evCounter.number) || evCounter;
    if (ticket.counter) return this.counters.get(ticket.counter) || null;
    return null;
  }

  /** serving lists the counters that take citizens (open or paused), by number. */
  serving() {
    return [...this.counters.values()]
      .filter((c) => c.state === "open" || c.state === "paused")
      .sort((a, b) => (a.number || 0) - (b.number || 0));
  }

  /** counter finds a counter by id, or by its number when key is a number. */
  counter(key) {
    if (this.counters.has(key)) return this.counters.get(key);
    for (const c of this.counters.values()) if (String(c.number) === String(key)) return c;
    return null;
  }

  /** services lists the site's services with their waiting counts, in configuration order. */
  services() {
    return ((this.site && this.site.services) || []).map((s) => ({ ...s, waiting: this.waiting.get(s.id) || 0 }));
  }
}

/** callOf is the call of a ticket to a counter: key is its number and the counter's number. */
function callOf(ticket, counter, recall, at) {
  const counterNumber = ticket.counter_number ?? counter.number;
  return {
    key: ticket.number + "@" + counterNumber,
    number: ticket.number,
    counterNumber,
    counterName: counter.name,
    priority: !!ticket.priority,
    recall,
    at,
  };
}
