// Pairing: a kiosk is a registered device. It gets its token once — from #pair=<token> in
// the address (what `bin/luot demo` and the admin page print), for the 6-digit code of the
// admin page typed on the pad, or by a supervisor signing in on the kiosk itself, which
// registers it — keeps it in localStorage, removes it from the address, and sends it as a
// bearer token from then on.
import { api, setBearer, takePairToken, ApiError } from "/assets/js/api.js";
import { t } from "/assets/js/i18n.js";
import { overseen } from "/assets/js/sites.js";
import { pairPad } from "/assets/js/pairpad.js";

const KEY = "luot.kiosk.token";

/** takeHashToken stores a token given as #pair=… and removes it from the address bar. */
export function takeHashToken() {
  takePairToken(KEY);
}

/** forget drops the stored token (revoked, or not a kiosk's). */
export function forget() {
  localStorage.removeItem(KEY);
  setBearer("");
}

/**
 * device returns the kiosk's device ({id, site, kind, name}) or null when it is not paired
 * (no token, or one the server refuses: the reason is then in .reason). Network and server
 * failures throw, so the caller shows "unavailable" and tries again with the same token.
 */
export async function device() {
  const token = localStorage.getItem(KEY);
  if (!token) return null;
  setBearer(token);
  try {
    const d = await api("/devices/me");
    if (d.kind !== "kiosk") {
      forget();
      return { reason: "pair.wrongkind" };
    }
    return d;
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
      forget();
      return { reason: "pair.revoked" };
    }
    throw e;
  }
}

/**
 * showPairing wires the pairing screen; done() is called once a token is stored. message is a
 * dictionary key to show first (why pairing is needed again), or "".
 */
export function showPairing(message, done) {
  const msg = document.getElementById("pair-msg");
  const say = (key, text) => {
    msg.textContent = key ? t(key) : text;
    msg.classList.toggle("hidden", !key && !text);
  };
  say(message);
  pairPad(document.getElementById("pair-pad"), "kiosk", (token) => {
    localStorage.setItem(KEY, token);
    done();
  });
  const login = document.getElementById("pair-login");
  let session = null; // a supervisor's bearer token while choosing the site
  login.onsubmit = async (ev) => {
    ev.preventDefault();
    try {
      if (!session) {
        setBearer("");
        const res = await api("/auth/login", { method: "POST", body: { username: login.username.value.trim(), password: login.password.value } });
        session = res.token;
        setBearer(session);
        const sites = await sitesOf(res.user);
        if (sites.length === 0) throw new ApiError(403, "no_site", t("pair.nosite"));
        login.site.replaceChildren(...sites.map((s) => new Option(s.name, s.id)));
        if (sites.length > 1) {
          document.getElementById("pair-site-row").classList.remove("hidden");
          return; // the supervisor picks the site, then submits again
        }
      }
      setBearer(session);
      const dev = await api("/admin/devices", { method: "POST", body: { site: login.site.value, kind: "kiosk", name: t("pair.device") + " " + new Date().toISOString().slice(0, 16) } });
      await api("/auth/logout", { method: "POST" }).catch(() => {});
      session = null;
      localStorage.setItem(KEY, dev.token);
      done();
    } catch (e) {
      say("", e.message);
      if (e.status === 401) session = null;
    }
  };
}

/** sitesOf lists the sites a user may register a kiosk at: those they oversee. */
async function sitesOf(user) {
  return overseen(user, await api("/sites"));
}
