// Which site a display shows. A display pairs once (assets/js/pairing.js): it opens the
// address with #pair=<token> that `bin/luot demo` or the admin page gives, or takes the
// 6-digit code of the admin page on its pairing pad, and asks the server which device it is.
// A display can also simply be opened with ?site=<id>: the live feed is public and a display
// only reads.
import { ApiError } from "/assets/js/api.js";
import { Device } from "/assets/js/pairing.js";

/** display is this display's device token. */
export const display = new Device("display", "luot.display.token");

/**
 * resolveSite returns {site, device} or throws an ApiError: code "unpaired" when the display
 * has neither a token nor ?site=, "revoked" when its token no longer works (or is another
 * kind of device's), and the server's error when it cannot answer.
 */
export async function resolveSite() {
  display.takeLink();
  const query = new URLSearchParams(location.search).get("site");
  const { device, reason } = await display.check();
  if (device) return { site: query || device.site, device };
  if (query) return { site: query, device: null };
  throw new ApiError(reason === "unpaired" ? 0 : 401, reason === "unpaired" ? "unpaired" : "revoked", "");
}
