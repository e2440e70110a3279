// The live feeds (api.md, "Live events"): a site's public feed (/ws/sites/{site}: no ticket
// ids, no names), its staff feed (/ws/staff/sites/{site}: full events, for the signed-in
// staff's pages; the session cookie goes with the upgrade) and one ticket's feed
// (/ws/tickets/{id}). A site feed sends a snapshot, then events in order; on a lost
// connection it reconnects by itself with the last event id, so nothing is missed.

/**
 * connectSite follows a site's public feed. Handlers: onSnapshot(site, id), onEvent(event),
 * onStatus(connected boolean). Returns { close(), lastId() }.
 */
export function connectSite(site, handlers = {}) {
  return follow(`/ws/sites/${encodeURIComponent(site)}`, handlers);
}

/** connectStaff follows a site's staff feed (full events), as connectSite does the public one. */
export function connectStaff(site, handlers = {}) {
  return follow(`/ws/staff/sites/${encodeURIComponent(site)}`, handlers);
}

/**
 * connectTicket follows one ticket: onTicket(ticket) with the ticket first and at each change
 * (its place and wait while it waits), onStatus(connected boolean). Returns { close() }.
 */
export function connectTicket(id, { onTicket, onStatus } = {}) {
  return open(() => `/ws/tickets/${encodeURIComponent(id)}`, (msg) => {
    if (msg.type === "ticket" && msg.ticket) onTicket && onTicket(msg.ticket);
  }, onStatus);
}

function follow(path, { onSnapshot, onEvent, onStatus }) {
  let last = "";
  const feed = open(() => path + (last ? "?since=" + encodeURIComponent(last) : ""), (msg) => {
    if (msg.type === "snapshot") {
      last = msg.id;
      onSnapshot && onSnapshot(msg.site, msg.id);
      return;
    }
    if (msg.id) last = msg.id;
    onEvent && onEvent(msg);
  }, onStatus);
  feed.lastId = () => last;
  return feed;
}

// open keeps a websocket to the path that url() gives open, reconnecting with a growing delay,
// and hands every message but pings to onMessage.
function open(url, onMessage, onStatus) {
  let ws = null;
  let closed = false;
  let delay = 500;
  let watchdog = 0;

  function alive() {
    clearTimeout(watchdog);
    // the server pings at least every 30 s; silence for longer means a dead connection
    watchdog = setTimeout(() => ws && ws.close(), 45000);
  }

  function connect() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    ws = new WebSocket(`${proto}//${location.host}${url()}`);
    ws.onopen = () => {
      delay = 500;
      alive();
      onStatus && onStatus(true);
    };
    ws.onmessage = (m) => {
      alive();
      let msg;
      try {
        msg = JSON.parse(m.data);
      } catch (e) {
        return;
      }
      if (msg.type !== "ping") onMessage(msg);
    };
    ws.onclose = () => {
      clearTimeout(watchdog);
      onStatus && onStatus(false);
      if (closed) return;
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, 10000);
    };
    ws.onerror = () => ws.close();
  }
  connect();
  return {
    close() {
      closed = true;
      clearTimeout(watchdog);
      ws && ws.close();
    },
  };
}
