// Pairing the panel with its counter: a token from the link `#pair=<token>` that
// `bin/luot demo` or the admin page gives, the 6-digit code of the admin page typed on the pad,
// or a supervisor signs in here and picks the counter.
import { api, setBearer, setCSRF, takePairToken } from "/assets/js/api.js";
import { t } from "/assets/js/i18n.js";
import { overseen } from "/assets/js/sites.js";
import { pairPad } from "/assets/js/pairpad.js";
import { $, el } from "/assets/js/dom.js";

const KEY = "luot.rate.token";

/** takeLinkToken stores a token given in the URL (#pair=…) and removes it from the URL. */
export function takeLinkToken() {
  takePairToken(KEY);
}

/** token is the stored device token, or "". */
export function token() {
  return localStorage.getItem(KEY) || "";
}

/** forget drops the stored token (revoked, or of another kind of device). */
export function forget() {
  localStorage.removeItem(KEY);
  setBearer("");
}

/** showPair shows the pairing form; paired(token) is called once a token is made. */
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
  pairPad($("pair-pad"), "rating", (tok) => {
    localStorage.setItem(KEY, tok);
    paired(tok);
  });
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
      localStorage.setItem(KEY, res.token);
      paired(res.token);
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
