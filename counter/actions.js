// The counter's actions: one POST each, the answer becomes the desk at once, and a refusal
// is said in plain words (the server's message) and the desk re-read.
import { t } from "/assets/js/i18n.js";
import { st, call, current, mine, counterOf, serviceName } from "./state.js";
import { toast, seen } from "./util.js";
import { render, why, counterName } from "./desk.js";
import { askPause, askTransfer, askCall, askPriority, confirm } from "./dialogs.js";
import { showPicker } from "./pick.js";
import { refresh } from "./feed.js";

const base = () => `/sites/${encodeURIComponent(st.siteId)}/counters/${encodeURIComponent(st.counterId)}/`;

let queued = "";
let running = "";

/** act runs one action of the desk by its name (the data-act of its button). A key pressed
 * while another action is on its way runs right after it (a second press of the same key is
 * a double press, and ignored). */
export async function act(a) {
  if (running) {
    if (a !== running) queued = a;
    return;
  }
  try {
    running = a;
    await run(a);
    while (queued) {
      running = queued;
      queued = "";
      await run(running);
    }
  } finally {
    running = "";
  }
}

async function run(a) {
  const reason = why(a);
  if (reason) {
    toast(reason, "info");
    return;
  }
  const before = current();
  switch (a) {
    case "next": {
      const res = await post("next");
      if (!res) return;
      if (res.ticket) toast(t("msg.called", { n: res.ticket.number }), "ok");
      else toast((before ? t("msg.done", { n: before.number }) + " " : "") + t("msg.nobody"), "info");
      return;
    }
    case "recall": {
      const res = await post("recall");
      if (res?.ticket) toast(t("msg.recalled", { n: res.ticket.number, k: res.ticket.recalls }), "ok");
      return;
    }
    case "start":
      await post("start");
      return;
    case "finish":
      if (await post("finish")) toast(t("msg.done", { n: before.number }), "ok");
      return;
    case "no-show":
      if (await post("no-show")) toast(t("msg.noshow", { n: before.number }), "ok");
      return;
    case "transfer": {
      const to = await askTransfer();
      if (!to) return;
      if (await post("transfer", to)) {
        const where = to.service ? serviceName(to.service) : counterName(to.counter);
        toast(t("msg.transferred", { n: before.number, to: where }), "ok");
      }
      return;
    }
    case "call": {
      const id = await askCall();
      if (!id) return;
      const res = await post("call", { ticket: id });
      if (res?.ticket) toast(t("msg.called", { n: res.ticket.number }), "ok");
      return;
    }
    case "priority": {
      const choice = await askPriority();
      if (!choice) return;
      await send("priority", async () => {
        const tk = await call(`/tickets/${encodeURIComponent(before.id)}/priority`, { method: "POST", body: choice });
        if (st.counter?.ticket?.id === tk.id) st.counter.ticket = tk;
        toast(t("msg.prio", { n: tk.number }), "ok");
        return tk;
      });
      return;
    }
    case "pause": {
      if (st.counter.state === "paused") {
        if (await post("resume")) toast(t("msg.resumed"), "ok");
        return;
      }
      const r = await askPause();
      if (r && (await post("pause", { reason: r }))) toast(t("msg.paused"), "info");
      return;
    }
    case "close": {
      if (!(await confirm(t("close.title")))) return;
      if (await post("close")) {
        localStorage.removeItem("luot.counter.last");
        showPicker();
      }
    }
  }
}

/** post sends a counter action and takes its answer {counter, ticket} as the desk's state. */
function post(action, body) {
  return send(action, async () => {
    const res = await call(base() + action, { method: "POST", body: body || {} });
    seen(res.counter?.since);
    seen(res.ticket?.started_at || res.ticket?.called_at);
    st.counter = res.counter;
    replaceCounter(res.counter);
    refresh(action);
    return res;
  });
}

async function send(action, f) {
  st.busy = action;
  render();
  try {
    return await f();
  } catch (e) {
    if (e.status === 401) return null; // the login screen says why
    toast(e.message, "error");
    await recheck();
    return null;
  } finally {
    st.busy = "";
    render();
  }
}

/** recheck re-reads the site after a refusal: a counter that is no longer ours (closed by a
 * supervisor, taken by someone else) sends the officer back to the choice of counters. */
async function recheck() {
  try {
    st.site = await call("/sites/" + encodeURIComponent(st.siteId));
  } catch (e) {
    return;
  }
  const c = counterOf(st.counterId);
  if (!c || c.state === "closed" || !mine(c)) {
    localStorage.removeItem("luot.counter.last");
    showPicker(t("msg.lost", { c: c ? c.number : st.counterId }));
    return;
  }
  st.counter = c;
}

/** replaceCounter puts a counter's new state into the site view. */
export function replaceCounter(c) {
  if (!st.site || !c) return;
  const i = st.site.counters.findIndex((x) => x.id === c.id);
  if (i >= 0) st.site.counters[i] = { ...st.site.counters[i], ...c };
}
