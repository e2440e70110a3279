// Pairing: a kiosk is a registered device (assets/js/pairing.js). It gets its token once —
// from #pair=<token> in the address (what `bin/luot demo` and the admin page print), for the
// 6-digit code of the admin page typed on the pad, or by a supervisor signing in on the kiosk
// itself, which registers it — and sends it as a bearer token from then on.
import { api, setBearer, ApiError } from "/assets/js/api.js";
import { t } from "/assets/js/i18n.js";
import { overseen } from "/assets/js/sites.js";
import { Device } from "/assets/js/pairing.js";

/** kiosk is this kiosk's device token. */
export const kiosk = new Device("kiosk", "luot.kiosk.token");

/**
 * showPairing wires the pairing screen; done() is called once a token is stored. reason is
 * why pairing is needed (kiosk.check()'s "unpaired", "revoked" or "wrongkind"), said first.
 */
export function showPairing(reason, done) {
  const msg = document.getElementById("pair-msg");
  const say = (key, text) => {
    msg.textContent = key ? t(key) : text;
    msg.classList.toggle("hidden", !key && !text);
  };
  say(reason && reason !== "unpaired" ? "pair." + reason : "");
  kiosk.pad(document.getElementById("pair-pad"), () => done());
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
      kiosk.keep(dev.token);
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
