// What the hall display and the counter display share: the clock and date in Vietnamese,
// finding the site, the error and pairing screens, and the marker of a lost connection.
import { api, ApiError } from "/assets/js/api.js";
import { setup, t, toggle } from "/assets/js/i18n.js";
import { backoff } from "/assets/js/pairing.js";
import { resolveSite, display } from "./pairing.js";
import { hhmm, longDate } from "/assets/js/time.js";
import { el } from "/assets/js/dom.js";

/**
 * setupPage starts a display page: it adds what both pages end with, the marker of a lost
 * connection and the screen that covers the page (offlineMarker and showScreen show them),
 * installs the screens' words with the page's dict, and lets the key "l" switch the language.
 */
export function setupPage(dict) {
  document.body.append(
    el("div.offline.hidden#offline", { role: "status" }, el("i"), el("span", { dataset: { i18n: "reconnecting" } })),
    el("div.screen.hidden#screen", {}, el("div.screen-card", {},
      el("h1#screen-title"), el("p#screen-text"), el("div.pair-pad.hidden#pair-pad"))));
  setup({ vi: { ...screenTexts.vi, ...dict.vi }, en: { ...screenTexts.en, ...dict.en } });
  document.addEventListener("keydown", (e) => e.key === "l" && toggle());
}

/** clockText gives "09:41" and "Thứ Năm, 26/11/2026" (or "Thursday, 26 November 2026"). */
export function clockText(date, timeZone) {
  return { time: hhmm(date, timeZone), date: longDate(date, timeZone) };
}

/**
 * showScreen covers the page with a message: kind "unpaired" or "revoked" (with the pairing
 * pad: the code of the admin page, typed with the TV's remote), "unknown_site" or
 * "unavailable". null hides it.
 */
export function showScreen(kind) {
  const screen = document.getElementById("screen");
  if (!kind) {
    screen.classList.add("hidden");
    return;
  }
  document.getElementById("screen-title").textContent = t(`screen_${kind}_title`);
  document.getElementById("screen-text").textContent = t(`screen_${kind}_text`);
  document.getElementById("pair-pad").classList.toggle("hidden", kind !== "unpaired" && kind !== "revoked");
  screen.classList.remove("hidden");
}

/** pairing shows the pairing screen (kind "unpaired" or "revoked") and resolves once the pad
 * has the display's token, kept for the next start. */
function pairing(kind) {
  showScreen(kind);
  return new Promise((resolve) => {
    display.pad(document.getElementById("pair-pad"), () => resolve()).focus();
  });
}

/**
 * waitForSite finds the display's site and checks that it exists, then runs load (if given),
 * trying again with a growing wait (1 s to 8 s) while the server is unavailable, and waiting
 * on the pairing screen while the display is not paired. It returns the site, or null once it has shown a screen the
 * display cannot leave by itself (an unknown site).
 */
export async function waitForSite(load) {
  const waits = backoff();
  for (;;) {
    try {
      const { site } = await resolveSite();
      await api(`/sites/${encodeURIComponent(site)}`);
      if (load) await load();
      return site;
    } catch (e) {
      const code = e instanceof ApiError ? e.code : "";
      if (code === "unpaired" || code === "revoked") {
        await pairing(code);
        waits.reset();
        continue;
      }
      if (e instanceof ApiError && e.status === 404) {
        showScreen("unknown_site");
        return null;
      }
      showScreen("unavailable");
      window.__display.state = "unavailable";
      await new Promise((r) => setTimeout(r, waits.next()));
    }
  }
}

/** offlineMarker shows the marker when the feed has been down for more than 1.5 s. */
export function offlineMarker() {
  const marker = document.getElementById("offline");
  let timer = 0;
  return (up) => {
    clearTimeout(timer);
    if (up) marker.classList.add("hidden");
    else timer = setTimeout(() => marker.classList.remove("hidden"), 1500);
  };
}

/** screenTexts are the dictionary entries of the screens, for both pages. */
const screenTexts = {
  vi: {
    screen_unpaired_title: "Màn hình chưa được ghép nối",
    screen_unpaired_text: "Nhập mã ghép nối 6 chữ số hiện trên trang quản trị (dùng các phím số hoặc phím mũi tên và OK của điều khiển), hoặc mở đường dẫn ghép nối do quản trị viên cấp.",
    screen_revoked_title: "Màn hình cần được ghép nối lại",
    screen_revoked_text: "Quyền của màn hình này đã bị thu hồi. Vui lòng nhập mã ghép nối mới do quản trị viên cấp.",
    screen_unknown_site_title: "Không tìm thấy điểm phục vụ",
    screen_unknown_site_text: "Địa chỉ màn hình có mã điểm phục vụ không đúng. Vui lòng kiểm tra lại đường dẫn.",
    screen_unknown_counter_title: "Không tìm thấy quầy",
    screen_unknown_counter_text: "Điểm phục vụ này không có quầy như trong đường dẫn. Vui lòng kiểm tra lại.",
    screen_unavailable_title: "Đang kết nối tới hệ thống…",
    screen_unavailable_text: "Hệ thống tạm thời gián đoạn. Màn hình sẽ tự kết nối lại, xin vui lòng chờ trong giây lát.",
    reconnecting: "Đang kết nối lại…",
  },
  en: {
    screen_unpaired_title: "This display is not paired yet",
    screen_unpaired_text: "Type the 6-digit pairing code shown on the admin page (with the remote's digits, or its arrows and OK), or open the pairing link an administrator gives.",
    screen_revoked_title: "This display needs pairing again",
    screen_revoked_text: "This display's access was revoked. Please enter a new pairing code from an administrator.",
    screen_unknown_site_title: "No such service site",
    screen_unknown_site_text: "The display's address names a site that does not exist. Please check the link.",
    screen_unknown_counter_title: "No such counter",
    screen_unknown_counter_text: "This site has no counter as named in the link. Please check it.",
    screen_unavailable_title: "Connecting to the system…",
    screen_unavailable_text: "The system is briefly unavailable. The display reconnects by itself; please wait a moment.",
    reconnecting: "Reconnecting…",
  },
};
