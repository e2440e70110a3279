// Pairing the panel with its counter (assets/js/pairing.js): a token from the link
// `#pair=<token>` that `bin/luot demo` or the admin page gives, the 6-digit code of the admin
// page typed on the pad, or a supervisor signs in here and picks the counter.
import { api, setBearer, setCSRF } from "/assets/js/api.js";
import { t } from "/assets/js/i18n.js";
import { overseen } from "/assets/js/sites.js";
import { Device } from "/assets/js/pairing.js";
import { $, el } from "/assets/js/dom.js";

/** panel is this rating panel's device token. */
export const panel = new Device("rating", "luot.rate.token");

/** showPair shows the pairing form; paired() is called once a token is kept. */
export function showPair(notice, paired) {
  document.querySelectorAll(".screen").forEach((s) => s.classList.toggle("hidden", s.id !== "screen-pair"));
  document.body.dataset.screen = "pair";
  $("pair-notice").textContent = notice || "";
  $("pair-notice").classList.toggle("hidden", !notice);
  $("pair-login").classList.remove("hidden");
  $("pair-where").classList.add("hidden");
  $("pair-go").textContent = t("pair.signin");
  let sites = [];
  const err = (m) => {
    $("pair-error").textContent = m;
    $("pair-error").classList.toggle("hidden", !m);
  };
  err("");
  panel.pad($("pair-pad"), () => paired());
  $("pair-site").onchange = () => counters(sites.find((s) => s.id === $("pair-site").value));
  $("pair-form").onsubmit = async (e) => {
    e.preventDefault();
    $("pair-go").disabled = true;
    try {
      if ($("pair-where").classList.contains("hidden")) {
        sites = await signIn();
        if (!sites.length) return err(t("pair.nosite"));
        $("pair-site").replaceChildren(...sites.map((s) => option(s.id, s.name)));
        counters(sites[0]);
        $("pair-login").classList.add("hidden");
        $("pair-where").classList.remove("hidden");
        $("pair-go").textContent = t("pair.go");
        err("");
        return;
      }
      const site = $("pair-site").value;
      const counter = $("pair-counter").value;
      const label = $("pair-counter").selectedOptions[0]?.textContent || counter;
      const res = await api("/admin/devices", {
        method: "POST", body: { site, kind: "rating", counter, name: t("pair.name", { c: label }) },
      });
      await api("/auth/logout", { method: "POST" }).catch(() => {});
      setCSRF("");
      panel.keep(res.token);
      paired();
    } catch (e2) {
      err(e2.message);
    } finally {
      $("pair-go").disabled = false;
    }
  };
}

async function signIn() {
  const username = $("pair-user").value.trim();
  const password = $("pair-pass").value;
  if (!username || !password) throw new Error(t("pair.missing"));
  setBearer("");
  const res = await api("/auth/login", { method: "POST", body: { username, password } });
  setCSRF(res.csrf_token);
  return overseen(res.user, await api("/sites"));
}

async function counters(site) {
  if (!site) return;
  const v = await api("/sites/" + encodeURIComponent(site.id));
  $("pair-counter").replaceChildren(...v.counters.map((c) => option(c.id, c.name || t("counter", { n: c.number }))));
}

function option(value, text) {
  return el("option", { value }, text);
}
