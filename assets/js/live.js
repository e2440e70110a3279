// The live feed of a site (/ws/sites/{site}): a snapshot, then events in order; on a lost
// connection it reconnects by itself with the last event id, so nothing is missed.

/**
 * connectSite follows a site. Handlers: onSnapshot(site, id), onEvent(event),
 * onStatus(connected boolean). Returns { close(), lastId() }.
 */
export function connectSite(site, { onSnapshot, onEvent, onStatus } = {}) {
  let last = "";
  let ws = null;
  let closed = false;
  let delay = 500;
  let watchdog = 0;

  function alive() {
    clearTimeout(watchdog);
    // the server pings at least every 30 s; silence for longer means a dead connection
    watchdog = setTimeout(() => ws && ws.close(), 45000);
  }

  function open() {
    const proto = location.protocol === "https:" ? "wss:" : "ws:";
    const q = last ? "?since=" + encodeURIComponent(last) : "";
    ws = new WebSocket(`${proto}//${location.host}/ws/sites/${encodeURIComponent(site)}${q}`);
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
      if (msg.type === "ping") return;
      if (msg.type === "snapshot") {
        last = msg.id;
        onSnapshot && onSnapshot(msg.site, msg.id);
        return;
      }
      if (msg.id) last = msg.id;
      onEvent && onEvent(msg);
    };
    ws.onclose = () => {
      clearTimeout(watchdog);
      onStatus && onStatus(false);
      if (closed) return;
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 10000);
    };
    ws.onerror = () => ws.close();
  }
  open();
  return {
    close() {
      closed = true;
      clearTimeout(watchdog);
      ws && ws.close();
    },
    lastId: () => last,
  };
}
