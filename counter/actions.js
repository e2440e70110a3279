// The counter's actions: one POST each, the answer becomes the desk at once, and a refusal
// is said in plain words (the server's message) and the desk re-read. Each acts on a desk d
// (desk.js).
import { t } from "/assets/js/i18n.js";
import { counterOf, serviceName } from "./state.js";
import { toast, seen } from "./util.js";
import { render, why, counterName, current } from "./desk.js";
import { askPause, askTransfer, askCall, askPriority, confirm } from "./dialogs.js";

const base = (d) => `/sites/${encodeURIComponent(d.siteId)}/counters/${encodeURIComponent(d.counterId)}/`;

/** act runs one action of desk d by its name (the data-act of its button). A key pressed
 * while another action is on its way runs right after it. A second press of the same key is
 * a double press, and ignored, while the desk still shows what the first was pressed on; once
 * it shows the new state (the live feed's event often comes before the POST's answer), the
 * press is the officer's next one — a second recall after "1/3" — and runs after it too. */
export async function act(d, a) {
  const q = d.acting || (d.acting = { running: "", queued: "", from: null });
  if (q.running) {
    if (a !== q.running || d.counter !== q.from) q.queued = a;
    return;
  }
  try {
    q.running = a;
    q.from = d.counter;
    await run(d, a);
    while (q.queued) {
      q.running = q.queued;
      q.queued = "";
      q.from = d.counter;
      await run(d, q.running);
    }
  } finally {
    q.running = "";
    q.from = null;
  }
}

async function run(d, a) {
  if (d.closed) return;
  const { ctx } = d;
  const reason = why(d, a);
  if (reason) {
    toast(reason, "info");
    return;
  }
  const before = current(d);
  switch (a) {
    case "next": {
      const res = await post(d, "next");
      if (!res) return;
      if (res.ticket) toast(t("msg.called", { n: res.ticket.number }), "ok");
      else toast((before ? t("msg.done", { n: before.number }) + " " : "") + t("msg.nobody"), "info");
      return;
    }
    case "recall": {
      const res = await post(d, "recall");
      if (res?.ticket) toast(t("msg.recalled", { n: res.ticket.number, k: res.ticket.recalls }), "ok");
      return;
    }
    case "start":
      await post(d, "start");
      return;
    case "finish":
      if (await post(d, "finish")) toast(t("msg.done", { n: before.number }), "ok");
      return;
    case "no-show":
      if (await post(d, "no-show")) toast(t("msg.noshow", { n: before.number }), "ok");
      return;
    case "transfer": {
      const to = await askTransfer(d);
      if (!to) return;
      if (await post(d, "transfer", to)) {
        const where = to.service ? serviceName(ctx, to.service) : counterName(d, to.counter);
        toast(t("msg.transferred", { n: before.number, to: where }), "ok");
      }
      return;
    }
    case "call": {
      const id = await askCall(d);
      if (!id) return;
      const res = await post(d, "call", { ticket: id });
      if (res?.ticket) toast(t("msg.called", { n: res.ticket.number }), "ok");
      return;
    }
    case "priority": {
      const choice = await askPriority(d);
      if (!choice) return;
      await send(d, "priority", async () => {
        const tk = await ctx.call(`/tickets/${encodeURIComponent(before.id)}/priority`, { method: "POST", body: choice });
        if (d.counter?.ticket?.id === tk.id) d.counter.ticket = tk;
        toast(t("msg.prio", { n: tk.number }), "ok");
        return tk;
      });
      return;
    }
    case "pause": {
      if (d.counter.state === "paused") {
        if (await post(d, "resume")) toast(t("msg.resumed"), "ok");
        return;
      }
      const r = await askPause(d);
      if (r && (await post(d, "pause", { reason: r }))) toast(t("msg.paused"), "info");
      return;
    }
    case "close": {
      if (!(await confirm(t("close.title")))) return;
      if (await post(d, "close")) {
        localStorage.removeItem("luot.counter.last");
        ctx.pick();
      }
    }
  }
}

/** post sends a counter action and takes its answer {counter, ticket} as the desk's state. */
function post(d, action, body) {
  return send(d, action, async () => {
    const res = await d.ctx.call(base(d) + action, { method: "POST", body: body || {} });
    seen(res.counter?.since);
    seen(res.ticket?.started_at || res.ticket?.called_at);
    d.counter = res.counter;
    replaceCounter(d, res.counter);
    d.feed.refresh(action);
    return res;
  });
}

async function send(d, action, f) {
  d.busy = action;
  render(d);
  try {
    return await f();
  } catch (e) {
    if (e.status === 401) return null; // the login screen says why
    toast(e.message, "error");
    await recheck(d);
    return null;
  } finally {
    d.busy = "";
    render(d);
  }
}

/** recheck re-reads the site after a refusal: a counter that is no longer ours (closed by a
 * supervisor, taken by someone else) sends the officer back to the choice of counters. */
async function recheck(d) {
  try {
    d.site = await d.ctx.call("/sites/" + encodeURIComponent(d.siteId));
  } catch (e) {
    return;
  }
  const c = counterOf(d.site, d.counterId);
  if (!c || c.state === "closed" || !d.feed.mine(c)) {
    localStorage.removeItem("luot.counter.last");
    d.ctx.pick(t("msg.lost", { c: c ? c.number : d.counterId }));
    return;
  }
  d.counter = c;
}

/** replaceCounter puts a counter's new state into the desk's site view. */
function replaceCounter(d, c) {
  if (!d.site || !c) return;
  const i = d.site.counters.findIndex((x) => x.id === c.id);
  if (i >= 0) d.site.counters[i] = { ...d.site.counters[i], ...c };
}
