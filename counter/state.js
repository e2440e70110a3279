// The workstation's context, as the admin area's views have one: what every view of the page
// shares — the configuration, the signed-in user and their sites, the API call that turns an
// expired session into the login screen, the site's live feed — and the moves between views.
// Each view (the choice of counters, pick.js; the desk, desk.js) keeps its own state and
// gives back a cleanup; nothing else of the page is shared.
import { api } from "/assets/js/api.js";
import { name } from "/assets/js/i18n.js";
import { connectStaff } from "/assets/js/live.js";
import { $ } from "/assets/js/dom.js";

/**
 * context makes the page's context: cfg (GET /config), user, sites (those the user may work
 * at), call, follow and unfollow; expired() is what a 401 of a signed-in user leads to. The
 * page adds its moves between views: enter(siteId, counterId), pick(notice), login(notice).
 */
export function context(expired) {
  let live = null; // the site's staff feed: one for the page, kept from the choice to the desk
  let handlers = {}; // the handlers of the view on screen
  const ctx = {
    cfg: null,
    user: null,
    sites: [],

    /** call is api() for a signed-in page: a 401 means the session expired. */
    async call(path, opts) {
      try {
        return await api(path, opts);
      } catch (e) {
        if (e.status === 401 && ctx.user) expired();
        throw e;
      }
    },

    /** follow gives a site's live feed to a view's handlers {onSnapshot, onEvent}, connecting
     * it if it follows another site; it returns what the view's cleanup calls. */
    follow(siteId, h) {
      handlers = h;
      if (!live || live.site !== siteId) {
        live?.close();
        $("offline").classList.add("hidden");
        const feed = connectStaff(siteId, {
          onSnapshot: (site, id) => handlers.onSnapshot?.(site, id),
          onEvent: (ev) => handlers.onEvent?.(ev),
          // a feed this page closed itself (signed out) is no lost connection
          onStatus: (up) => $("offline").classList.toggle("hidden", up || live !== feed),
        });
        feed.site = siteId;
        live = feed;
      }
      return () => {
        if (handlers === h) handlers = {};
      };
    },

    /** unfollow closes the feed (signed out, or the session expired). */
    unfollow() {
      live?.close();
      live = null;
    },
  };
  return ctx;
}

/** service finds a configured service by id. */
export function service(ctx, id) {
  return (ctx.cfg?.services || []).find((s) => s.id === id) || { id, name: id, prefix: "" };
}

/** serviceName is a service's name in the page's language. */
export function serviceName(ctx, id) {
  return name(service(ctx, id));
}

/** category finds a priority category by id. */
export function category(ctx, id) {
  return (ctx.cfg?.priority || []).find((c) => c.id === id) || { id, name: id };
}

/** counterOf finds a counter of a site (GET /sites/{site}) by id. */
export function counterOf(site, id) {
  return (site?.counters || []).find((c) => c.id === id);
}

/** counterLabel names a counter in the page's language: its name, or "Quầy {number}". */
export function counterLabel(c) {
  if (!c) return "";
  if (c.name) return name(c);
  return (document.documentElement.lang === "en" ? "Counter " : "Quầy ") + c.number;
}

/** mine reports whether the page's user holds counter c. */
export function mine(ctx, c) {
  return !!c && !!c.officer && !!ctx.user && c.officer.toLowerCase() === ctx.user.username.toLowerCase();
}

/** after reports whether stream id a ("ms-seq") comes after b; an empty b comes before all. */
export function after(a, b) {
  if (!b) return true;
  if (!a) return false;
  const [am, as] = a.split("-").map(Number);
  const [bm, bs] = b.split("-").map(Number);
  return am !== bm ? am > bm : as > bs;
}

/** applyEvent takes an event into a site's view (its waiting counts and counters) when it is
 * newer than what the view reflects; it reports whether it was. */
export function applyEvent(site, ev) {
  const fresh = after(ev.id, site.last_event);
  if (!fresh) return false;
  if (ev.waiting) {
    for (const s of site.services) s.waiting = ev.waiting[s.id] ?? 0;
  }
  site.last_event = ev.id;
  if (ev.counter) {
    const i = site.counters.findIndex((x) => x.id === ev.counter.id);
    if (i >= 0) site.counters[i] = ev.counter;
  }
  return true;
}
