// The API client every page uses: JSON in and out, the session's CSRF header, a device's
// bearer token, and errors as ApiError with the contract's code and a message for people.

/** ApiError is a failed request: status, the contract's code and a message to show. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let csrf = sessionStorage.getItem("luot.csrf") || "";
let bearer = "";

/** setCSRF keeps the CSRF token of a cookie session (login and /auth/me return it). */
export function setCSRF(token) {
  csrf = token || "";
  sessionStorage.setItem("luot.csrf", csrf);
}

/** setBearer makes every request carry a device's (or a script's) bearer token. */
export function setBearer(token) {
  bearer = token || "";
}

/**
 * takePairToken stores under key a device token given in the address (#pair=<token>, as
 * `bin/luot demo` and the admin page print it) and removes it from the address bar.
 */
export function takePairToken(key) {
  const m = /(?:^#|&)pair=([^&]+)/.exec(location.hash);
  if (!m) return;
  localStorage.setItem(key, decodeURIComponent(m[1]).trim());
  history.replaceState(null, "", location.pathname + location.search);
}

/** lang is the page language, "vi" or "en", sent as Accept-Language. */
export function lang() {
  return localStorage.getItem("luot.lang") || "vi";
}

/**
 * api calls the API. path is below /api/v1; body (an object) is sent as JSON. A network
 * failure is an ApiError with status 0 and code "network".
 */
export async function api(path, { method = "GET", body, headers = {}, timeout = 10000 } = {}) {
  const h = { Accept: "application/json", "Accept-Language": lang(), ...headers };
  if (body !== undefined) h["Content-Type"] = "application/json";
  if (bearer) h.Authorization = "Bearer " + bearer;
  else if (method !== "GET" && csrf) h["X-CSRF-Token"] = csrf;
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(), timeout);
  let res;
  try {
    res = await fetch("/api/v1" + path, {
      method, headers: h, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin", signal: ctl.signal,
    });
  } catch (e) {
    throw new ApiError(0, "network", lang() === "en" ? "No connection to the server" : "Mất kết nối tới máy chủ");
  } finally {
    clearTimeout(timer);
  }
  if (res.status === 204) return null;
  let data = null;
  try {
    data = await res.json();
  } catch (e) {
    data = null;
  }
  if (!res.ok) {
    const err = (data && data.error) || {};
    throw new ApiError(res.status, err.code || "http_" + res.status, err.message || res.statusText);
  }
  return data;
}
