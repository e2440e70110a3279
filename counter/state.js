// The workstation's state, shared by its modules, and the API call that turns an expired
// session into the login screen.
import { api } from "/assets/js/api.js";
import { name } from "/assets/js/i18n.js";

/** st is the one state of the page. */
export const st = {
  cfg: null, // GET /config
  user: null, // the signed-in user
  sites: [], // the sites the user may work at: [{id, name}]
  siteId: "",
  site: null, // GET /sites/{site}, kept live from the feed
  counterId: "", // the counter this page holds ("" on the picker)
  counter: null,
  queues: [], // GET …/queues
  queuesAt: "", // the last event the queue counts reflect
  reserved: [], // waiting tickets reserved for this counter
  day: null, // GET …/officers/me/today
  live: null, // the live feed of the site
  busy: "", // the action on its way, if any
};

const handlers = { expired: () => {} };

/** onExpired sets what happens when the session is gone (the login screen). */
export function onExpired(f) {
  handlers.expired = f;
}

/** call is api() for a signed-in page: a 401 means the session expired. */
export async function call(path, opts) {
  try {
    return await api(path, opts);
  } catch (e) {
    if (e.status === 401 && st.user) handlers.expired();
    throw e;
  }
}

/** service finds a configured service by id. */
export function service(id) {
  return (st.cfg?.services || []).find((s) => s.id === id) || { id, name: id, prefix: "" };
}

/** serviceName is a service's name in the page's language. */
export function serviceName(id) {
  return name(service(id));
}

/** category finds a priority category by id. */
export function category(id) {
  return (st.cfg?.priority || []).find((c) => c.id === id) || { id, name: id };
}

/** counterOf finds a counter of the current site by id. */
export function counterOf(id) {
  return (st.site?.counters || []).find((c) => c.id === id);
}

/** counterLabel names a counter in the page's language: its name, or "Quầy {number}". */
export function counterLabel(c) {
  if (!c) return "";
  if (c.name) return name(c);
  return (document.documentElement.lang === "en" ? "Counter " : "Quầy ") + c.number;
}

/** current is the counter's current ticket, or null. */
export function current() {
  return st.counter?.ticket || null;
}

/** mine reports whether the page's user holds counter c. */
export function mine(c) {
  return !!c && !!c.officer && !!st.user && c.officer.toLowerCase() === st.user.username.toLowerCase();
}
