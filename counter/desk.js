// The desk: the current ticket large with its timers, the action buttons with their state,
// the queues the counter serves and the officer's day. Rendering only; counter.js acts.
import { t, name } from "/assets/js/i18n.js";
import { st, current, serviceName, category, counterLabel, counterOf } from "./state.js";
import { $, el } from "/assets/js/dom.js";
import { since, duration, timeOfDay, now } from "./util.js";

/** why returns the reason an action cannot be done now, or "" when it can. */
export function why(act) {
  const c = st.counter;
  const cur = current();
  const paused = c?.state === "paused";
  const limit = st.cfg?.recall_limit ?? 3;
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

/** render draws the whole desk from st. */
export function render() {
  if (!st.counter) return;
  renderTop();
  renderCurrent();
  renderActions();
  renderQueues();
  renderDay();
  tick();
}

function renderTop() {
  const c = st.counter;
  $("top-cname").textContent = counterLabel(c);
  const pill = $("top-state");
  pill.textContent = t("state." + c.state);
  pill.className = "pill " + c.state;
  $("top-site").textContent = st.site ? name(st.site) : "";
}

function renderCurrent() {
  const c = st.counter;
  const cur = current();
  const box = $("current");
  const paused = c.state === "paused";
  const bar = $("paused-bar");
  bar.classList.toggle("hidden", !(paused && cur));
  if (paused && cur) {
    bar.replaceChildren(el("b", {}, t("paused.title")), el("span", {}, reasonName(c.reason)),
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
      el("p.reason", {}, reasonName(c.reason)), sinceLine, resume);
    return;
  }
  if (!cur) {
    box.classList.add("is-idle");
    const waiting = st.queues.reduce((n, q) => n + q.waiting, 0) + st.reserved.length;
    const lead = el("p.lead");
    const [before, after] = t("idle.lead", { key: "\u0000" }).split("\u0000");
    lead.append(before, el("kbd", {}, "N"), after || "");
    box.replaceChildren(el("div.idle-icon"), el("h2", {}, t("idle.title")), lead,
      el("p", { class: "waiting " + (waiting ? "some" : "none") }, waiting ? t("idle.waiting", { n: waiting }) : t("idle.empty")));
    return;
  }
  box.classList.add("is-" + cur.status);
  const limit = st.cfg?.recall_limit ?? 3;
  const head = el("div.cur-head");
  head.append(el("span", { class: "status " + cur.status }, t("status." + cur.status)));
  if (cur.recalls > 0) head.append(el("span.recalls", {}, `${t("cur.recalls")} ${cur.recalls}/${limit}`));
  const info = el("div.cur-info");
  info.append(el("div.svc", {}, serviceName(cur.service)));
  const prio = el("div", { class: "prio " + (cur.priority ? "on" : "off") });
  if (cur.priority) {
    prio.append(el("span.star", {}, "★"), el("span", {}, name(category(cur.priority))),
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

function reasonName(id) {
  const r = (st.cfg?.pause_reasons || []).find((x) => x.id === id);
  return r ? name(r) : id || "";
}

function renderActions() {
  const cur = current();
  const paused = st.counter.state === "paused";
  document.querySelectorAll("[data-act][data-key]").forEach((b) => {
    const act = b.dataset.act;
    b.disabled = !!st.busy || (act !== "pause" && act !== "close" && why(act) !== "");
    b.title = why(act);
  });
  const next = document.querySelector('#actions [data-act="next"] span');
  next.textContent = cur ? t("act.next.finish") : t("act.next");
  $("pause-label").textContent = paused ? t("act.resume") : t("act.pause");
  const pause = document.querySelector('#actions [data-act="pause"]');
  pause.classList.toggle("good", paused);
  pause.classList.toggle("warn", !paused);
}

/** renderQueues draws the counter's queues and the tickets reserved for it. */
export function renderQueues() {
  const box = $("queues");
  box.replaceChildren(...st.queues.map((q) => {
    const row = el("div", { class: "queue" + (q.waiting ? "" : " empty") });
    row.dataset.service = q.id;
    const head = el("div.q-head");
    head.append(el("span.prefix", {}, q.prefix || ""), el("span.q-name", {}, name(q)),
      el("span.count", {}, String(q.waiting)), el("span.count-label", {}, t("q.waiting")));
    row.append(head);
    if (q.waiting && q.oldest_issued_at) {
      const mins = Math.max(0, Math.floor((now() - Date.parse(q.oldest_issued_at)) / 60000));
      const target = st.cfg?.wait_target_min || 30;
      row.append(el("div", { class: "longest" + (mins >= target ? " late" : "") }, t("q.longest", { n: mins })));
    }
    const chips = el("div.chips");
    if (!q.next.length) chips.append(el("span.nobody", {}, t("q.nobody")));
    for (const tk of q.next) chips.append(chip(tk));
    row.append(chips);
    return row;
  }));
  const res = $("reserved");
  res.classList.toggle("hidden", !st.reserved.length);
  const chips = el("div.chips");
  st.reserved.forEach((tk) => chips.append(chip(tk)));
  res.replaceChildren(el("h3", {}, t("q.reserved")), chips);
}

function chip(tk) {
  const c = el("span", { class: "chip" + (tk.priority ? " prio" : "") + (tk.channel === "appointment" ? " appt" : "") }, tk.number);
  c.dataset.ticket = tk.id;
  if (tk.priority) c.title = name(category(tk.priority));
  if (tk.channel === "appointment") c.title = t("cur.channel.appointment", { slot: tk.slot || "" });
  return c;
}

function renderDay() {
  const d = st.day;
  $("day-served").textContent = d ? String(d.served) : "0";
  $("day-noshow").textContent = d ? String(d.no_show) : "0";
  $("day-avg").textContent = d && d.served ? duration(d.service_avg_sec) : "–";
}

/** tick refreshes the live timers and the clock, every second. */
export function tick() {
  $("top-clock").textContent = timeOfDay(now());
  document.querySelectorAll("[data-since]").forEach((b) => {
    if (b.dataset.since) b.textContent = since(b.dataset.since);
  });
}

/** counterName names a counter of the site by id. */
export function counterName(id) {
  return counterLabel(counterOf(id)) || id;
}
