// Which site a display shows. A display pairs once: it opens the address with #pair=<token>
// that `bin/luot demo` or the admin page gives, or takes the 6-digit code of the admin page on
// its pairing pad; it keeps the token in localStorage, removes it from the address bar and
// asks the server which device it is. A display can also simply be
// opened with ?site=<id>: the live feed is public and a display only reads.
import { api, setBearer, takePairToken, ApiError } from "/assets/js/api.js";

const KEY = "luot.display.token";

/** storeToken keeps the token the pairing pad got for the display's code. */
export function storeToken(token) {
  localStorage.setItem(KEY, token.trim());
}

/**
 * resolveSite returns {site, device} or throws an ApiError: code "unpaired" when the display
 * has neither a token nor ?site=, "revoked" when its token no longer works.
 */
export async function resolveSite() {
  takePairToken(KEY);
  const token = localStorage.getItem(KEY);
  const query = new URLSearchParams(location.search).get("site");
  if (token) {
    setBearer(token);
    try {
      const device = await api("/devices/me");
      return { site: query || device.site, device };
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        localStorage.removeItem(KEY);
        setBearer("");
        if (!query) throw new ApiError(401, "revoked", "");
      } else {
        throw e;
      }
    }
  }
  if (query) return { site: query, device: null };
  throw new ApiError(0, "unpaired", "");
}
