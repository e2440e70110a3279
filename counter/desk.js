// The desk: the current ticket large with its timers, the action buttons with their state,
// the queues the counter serves and the officer's day. A view (show) with its own state — the
// desk d — and a cleanup, as the admin area's views are; actions.js acts on d, feed.js keeps
// it live.
import { t, name } from "/assets/js/i18n.js";
import { $, el } from "/assets/js/dom.js";
import { serviceName, category, counterLabel, counterOf } from "./state.js";
import { since, duration, timeOfDay, now, tick, show as showScreen } from "./util.js";
import { topbar } from "./pick.js";
import { act } from "./actions.js";
import { deskFeed } from "./feed.js";

/**
 * show opens the desk of counter counterId of site (GET /sites/{site}, just read), which the
 * user holds. It returns the view: close() its cleanup, redraw() after a language change,
 * holds() the desk while its counter is the user's, ready the promise of the desk's reads.
 */
export function show(ctx, siteId, counterId, site) {
  const d = {
    ctx, siteId, counterId, site,
    counter: counterOf(site, counterId),
    queues: [], // GET …/queues
    queuesAt: "", // the last event the queue counts reflect
    reserved: [], // waiting tickets reserved for this counter
    day: null, // GET …/officers/me/today
    busy: "", // the action on its way, if any
    closed: false,
  };
  d.feed = deskFeed(d);
  const unfollow = ctx.follow(siteId, d.feed);
  showScreen("desk");
  topbar(ctx, d.site, counterId);
  render(d);
  const onKey = (e) => key(d, e);
  const onClick = (e) => {
    const b = e.target.closest("[data-act]");
    if (b && !b.disabled && document.body.dataset.screen === "desk") act(d, b.dataset.act);
  };
  document.addEventListener("keydown", onKey);
  document.addEventListener("click", onClick);
  const timers = [
    setInterval(() => renderQueues(d), 30000),
    setInterval(() => d.feed.refreshDesk(), 60000),
  ];
  return {
    close() {
      d.closed = true;
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("click", onClick);
      timers.forEach(clearInterval);
      d.feed.close();
      unfollow();
    },
    redraw() {
      topbar(ctx, d.site, counterId);
      render(d);
    },
    holds: () => (d.counter && d.feed.mine(d.counter) ? d : null),
    ready: d.feed.refreshDesk(),
  };
}

// key runs the action of a desk key (the physical key, so that a Vietnamese keyboard layout
// or input method changes nothing), not while a dialog is open or a field has the focus
function key(d, e) {
  if (e.ctrlKey || e.altKey || e.metaKey) return;
  if (document.body.dataset.screen !== "desk" || document.querySelector("dialog[open]")) return;
  if (e.target.closest && e.target.closest("input, select, textarea")) return;
  const k = e.code && e.code.startsWith("Key") ? e.code.slice(3).toLowerCase() : (e.key || "").toLowerCase();
  const btn = document.querySelector(`[data-act][data-key="${k}"]`);
  if (!btn) return;
  e.preventDefault();
  if (e.repeat) return;
  act(d, btn.dataset.act);
}

/** why returns the reason an action cannot be done now, or "" when it can. */
export function why(d, act) {
  const c = d.counter;
  const cur = current(d);
  const paused = c?.state === "paused";
  const limit = d.ctx.cfg?.recall_limit ?? 3;
  switch (act) {
    case "next":
    case "call":
      return paused ? t("why.paused", { key: "P" }) : "";
    case "recall":
      if (!cur) return t("why.nocurrent");
      if (paused) return t("why.paused", { key: "P" });
      if (cur.status !== "called") return t("why.notcalled", { n: cur.number });
      return cur.recalls >= limit ? t("why.recalllimit", { k: limit }) : "";
    case "start":
    case "no-show":
      if (!cur) return t("why.nocurrent");
      return cur.status !== "called" ? t("why.notcalled", { n: cur.number }) : "";
    case "finish":
    case "transfer":
    case "priority":
      return cur ? "" : t("why.nocurrent");
  }
  return "";
}

/** current is the counter's current ticket, or null. */
export function current(d) {
  return d.counter?.ticket || null;
}

/** render draws the whole desk from d. */
export function render(d) {
  if (!d.counter || d.closed) return;
  renderTop(d);
  renderCurrent(d);
  renderActions(d);
  renderQueues(d);
  renderDay(d);
  tick();
}

function renderTop(d) {
  const c = d.counter;
  $("top-cname").textContent = counterLabel(c);
  const pill = $("top-state");
  pill.textContent = t("state." + c.state);
  pill.className = "pill " + c.state;
  $("top-site").textContent = d.site ? name(d.site) : "";
}

function renderCurrent(d) {
  const { ctx } = d;
  const c = d.counter;
  const cur = current(d);
  const box = $("current");
  const paused = c.state === "paused";
  const bar = $("paused-bar");
  bar.classList.toggle("hidden", !(paused && cur));
  if (paused && cur) {
    bar.replaceChildren(el("b", {}, t("paused.title")), el("span", {}, reasonName(ctx, c.reason)),
      el("span.live", {}, ""), el("span.hint", {}, t("why.paused", { key: "P" })));
    bar.querySelector(".live").dataset.since = c.since || "";
  }
  box.className = "card current";
  if (!cur && paused) {
    box.classList.add("is-paused");
    const resume = el("button.btn.big.good.resume");
    resume.type = "button";
    resume.dataset.act = "pause";
    resume.append(el("kbd", {}, "P"), el("span", {}, t("paused.resume")));
    const at = c.since ? Date.parse(c.since) : now();
    const dur = el("b.live", {}, "");
    dur.dataset.since = c.since || "";
    const sinceLine = el("p.since", {}, t("paused.since", { time: timeOfDay(at), dur: "" }));
    sinceLine.append(dur);
    box.replaceChildren(el("div.pause-icon"), el("h2", {}, t("paused.title")),
      el("p.reason", {}, reasonName(ctx, c.reason)), sinceLine, resume);
    return;
  }
  if (!cur) {
    box.classList.add("is-idle");
    const waiting = d.queues.reduce((n, q) => n + q.waiting, 0) + d.reserved.length;
    const lead = el("p.lead");
    const [before, after] = t("idle.lead", { key: "\u0000" }).split("\u0000");
    lead.append(before, el("kbd", {}, "N"), after || "");
    box.replaceChildren(el("div.idle-icon"), el("h2", {}, t("idle.title")), lead,
      el("p", { class: "waiting " + (waiting ? "some" : "none") }, waiting ? t("idle.waiting", { n: waiting }) : t("idle.empty")));
    return;
  }
  box.classList.add("is-" + cur.status);
  const limit = ctx.cfg?.recall_limit ?? 3;
  const head = el("div.cur-head");
  head.append(el("span", { class: "status " + cur.status }, t("status." + cur.status)));
  if (cur.recalls > 0) head.append(el("span.recalls", {}, `${t("cur.recalls")} ${cur.recalls}/${limit}`));
  const info = el("div.cur-info");
  info.append(el("div.svc", {}, serviceName(ctx, cur.service)));
  const prio = el("div", { class: "prio " + (cur.priority ? "on" : "off") });
  if (cur.priority) {
    prio.append(el("span.star", {}, "★"), el("span", {}, name(category(ctx, cur.priority))),
      el("span.conf", {}, cur.priority_by ? t("prio.confirmed", { who: cur.priority_by }) : t("prio.unconfirmed")));
  } else {
    prio.append(el("span", {}, t("prio.none")));
    if (cur.priority_by) prio.append(el("span.conf", {}, t("prio.confirmed", { who: cur.priority_by })));
  }
  info.append(prio);
  const meta = [t("cur.channel." + (cur.channel || "kiosk"), { slot: cur.slot || "" })];
  if (cur.transfers) meta.push(t("cur.transferred"));
  if (cur.postponed) meta.push(t("cur.postponed"));
  // a remote number or an appointment is marked, with the slot's time
  const remote = cur.channel === "online" || cur.channel === "appointment";
  info.append(el("div", { class: "meta" + (remote ? " remote " + cur.channel : "") }, meta.join(" · ")));
  const main = el("div.cur-main");
  main.append(el("div.number", {}, cur.number), info);
  const timers = el("div.timers");
  const waited = cur.called_at ? (Date.parse(cur.called_at) - Date.parse(cur.issued_at)) / 1000 : 0;
  timers.append(timer(t("cur.waited"), duration(Math.max(0, waited)), ""));
  const from = cur.status === "serving" ? cur.started_at : cur.called_at;
  timers.append(timer(t("cur.since." + cur.status), since(from), from, true));
  box.replaceChildren(head, main, timers);
}

function timer(label, value, from, live = false) {
  const d = el("div", { class: "timer" + (live ? " live-timer" : "") });
  const b = el("b", { class: live ? "live" : "" }, value);
  if (live) b.dataset.since = from || "";
  d.append(el("span", {}, label), b);
  return d;
}

function reasonName(ctx, id) {
  const r = (ctx.cfg?.pause_reasons || []).find((x) => x.id === id);
  return r ? name(r) : id || "";
}

function renderActions(d) {
  const cur = current(d);
  const paused = d.counter.state === "paused";
  document.querySelectorAll("[data-act][data-key]").forEach((b) => {
    const act = b.dataset.act;
    b.disabled = !!d.busy || (act !== "pause" && act !== "close" && why(d, act) !== "");
    b.title = why(d, act);
  });
  const next = document.querySelector('#actions [data-act="next"] span');
  next.textContent = cur ? t("act.next.finish") : t("act.next");
  $("pause-label").textContent = paused ? t("act.resume") : t("act.pause");
  const pause = document.querySelector('#actions [data-act="pause"]');
  pause.classList.toggle("good", paused);
  pause.classList.toggle("warn", !paused);
}

/** renderQueues draws the counter's queues and the tickets reserved for it. */
export function renderQueues(d) {
  if (d.closed) return;
  const { ctx } = d;
  const box = $("queues");
  box.replaceChildren(...d.queues.map((q) => {
    const row = el("div", { class: "queue" + (q.waiting ? "" : " empty") });
    row.dataset.service = q.id;
    const head = el("div.q-head");
    head.append(el("span.prefix", {}, q.prefix || ""), el("span.q-name", {}, name(q)),
      el("span.count", {}, String(q.waiting)), el("span.count-label", {}, t("q.waiting")));
    row.append(head);
    if (q.waiting && q.oldest_issued_at) {
      const mins = Math.max(0, Math.floor((now() - Date.parse(q.oldest_issued_at)) / 60000));
      const target = ctx.cfg?.wait_target_min || 30;
      row.append(el("div", { class: "longest" + (mins >= target ? " late" : "") }, t("q.longest", { n: mins })));
    }
    const chips = el("div.chips");
    if (!q.next.length) chips.append(el("span.nobody", {}, t("q.nobody")));
    for (const tk of q.next) chips.append(chip(ctx, tk));
    row.append(chips);
    return row;
  }));
  const res = $("reserved");
  res.classList.toggle("hidden", !d.reserved.length);
  const chips = el("div.chips");
  d.reserved.forEach((tk) => chips.append(chip(ctx, tk)));
  res.replaceChildren(el("h3", {}, t("q.reserved")), chips);
}

function chip(ctx, tk) {
  const c = el("span", { class: "chip" + (tk.priority ? " prio" : "") + (tk.channel === "appointment" ? " appt" : "") }, tk.number);
  c.dataset.ticket = tk.id;
  if (tk.priority) c.title = name(category(ctx, tk.priority));
  if (tk.channel === "appointment") c.title = t("cur.channel.appointment", { slot: tk.slot || "" });
  return c;
}

function renderDay(d) {
  const day = d.day;
  $("day-served").textContent = day ? String(day.served) : "0";
  $("day-noshow").textContent = day ? String(day.no_show) : "0";
  $("day-avg").textContent = day && day.served ? duration(day.service_avg_sec) : "–";
}

/** counterName names a counter of the site by id. */
export function counterName(d, id) {
  return counterLabel(counterOf(d.site, id)) || id;
}
