// The voice of the hall display: a chime, then the call ("Mời công dân có số thứ tự A không
// hai ba đến quầy số năm"), from one recorded clip per word. The server says which clips
// (GET /api/v1/voice); plan.js lays them out and chooses how much to say; this module keeps
// the queue of calls and plays them on the Web Audio clock.
//
// The queue is smart: a call whose ticket has moved on (done, no-show, back to waiting) is
// dropped before it is said; a ticket called again, or elsewhere, replaces its queued call
// in place; calls that wait are said back to back after one chime, each scheduled on the
// audio clock just before the previous one ends, and shorter when many wait (plan.choose).
// Every announcement is logged in window.__played when its last clip's `ended` event fires,
// and every dropped call in window.__dropped, so that tests (and a technician in the
// console) can check what was said, when, and what was not.
import { api } from "/assets/js/api.js";
import { pieces, duration, choose, FULL_AGAIN, FULL, SHORT, BETWEEN, AFTER_CHIME } from "./plan.js";

const SILENT_HOLD = 2500; // ms each queued call stays on screen when the sound is off
const LOOKAHEAD = 0.3; // s before a call ends that the next one is scheduled
const STALL = 3000; // ms past a call's end after which a silent audio device is given up on
const MAX_LOG = 500; // entries kept in window.__played and __dropped: a TV runs for weeks
const GUESS = 1.3; // a waiting call's length, unknown yet, as a multiple of the current call's

window.__played = window.__played || [];
window.__dropped = window.__dropped || [];

/** Announcer plays calls in order. onStart(call) runs as a call's audio starts. */
export class Announcer {
  constructor({ onStart = () => {}, onEnd = () => {}, site = "" } = {}) {
    this.onStart = onStart;
    this.onEnd = onEnd;
    this.site = site; // the site whose number reading the server uses
    this.queue = []; // {call, arrival, queued, prepared, short}
    this.busy = false;
    this.ctx = null;
    this.buffers = new Map(); // url → Promise<AudioBuffer>
  }

  /** enabled reports whether sound can play now. */
  get enabled() {
    return !!this.ctx && this.ctx.state === "running";
  }

  /**
   * enable creates the audio context; call it from a click (browsers allow sound only after
   * a first interaction) or at start when the choice is remembered. Resolves to enabled.
   */
  async enable() {
    const AC = window.AudioContext || window.webkitAudioContext;
    if (!AC) return false;
    if (!this.ctx) this.ctx = new AC();
    if (this.ctx.state !== "running") {
      try {
        await Promise.race([this.ctx.resume(), sleep(1500)]);
      } catch (e) {
        /* stays suspended: the page shows the button again */
      }
    }
    return this.enabled;
  }

  /**
   * say queues a call {number, counterNumber, recall, key}, made age milliseconds ago. A call
   * of a ticket already queued replaces it where it stands.
   */
  say(call, age = 0) {
    const entry = { call, arrival: Date.now() - Math.max(0, age), queued: Date.now(), prepared: null, short: 0 };
    if (this.enabled) this.prepare(entry);
    const i = this.queue.findIndex((e) => e.call.number === call.number);
    if (i >= 0) {
      logDropped(this.queue[i].call, "replaced");
      entry.arrival = Math.min(entry.arrival, this.queue[i].arrival);
      this.queue[i] = entry;
    } else {
      this.queue.push(entry);
    }
    if (!this.busy) this.run();
  }

  /** drop removes the queued call of a ticket that moved on (reason: the event's type). */
  drop(number, reason) {
    const i = this.queue.findIndex((e) => e.call.number === number);
    if (i < 0) return;
    const [entry] = this.queue.splice(i, 1);
    logDropped(entry.call, reason);
  }

  async run() {
    this.busy = true;
    let end = 0; // audio time at which the scheduled calls end; 0 when nothing is scheduled
    let endWall = 0; // the same instant on the page's clock (Date.now())
    let prev = null; // the level of the previous call of this run
    try {
      for (;;) {
        if (!this.queue.length) {
          // the last call is playing: a call that comes meanwhile joins the run, no chime
          if (!end || !this.ctx) break;
          await this.until(() => this.queue.length > 0 || this.ctx.currentTime >= end, STALL + 60_000);
          if (!this.queue.length) break;
        }
        const entry = this.queue.shift();
        // a context the browser suspended (power saving, an audio device change) is resumed
        if (this.ctx && !this.enabled) await this.enable();
        if (!this.enabled) {
          this.onStart(entry.call);
          await sleep(SILENT_HOLD);
          this.log(entry, { audio: "off", ended: Date.now() });
          end = 0;
          continue;
        }
        let data;
        try {
          data = await this.prepare(entry);
        } catch (e) {
          // a missing clip or a network error must not stop the queue: the call stays on screen
          this.onStart(entry.call);
          await sleep(SILENT_HOLD);
          this.log(entry, { audio: "error", error: String((e && e.message) || e), ended: Date.now() });
          end = 0;
          continue;
        }
        const ctx = this.ctx;
        // A call that came before the run's audio ended belongs to the run, even when this page
        // (a busy TV: timers late) schedules it only after that end; one that came later opens
        // a new run with the chime.
        if (!end || entry.queued >= endWall) prev = null;
        const opening = !prev; // the first call of a run: the chime, and the lead-in of a short call
        let t = opening ? ctx.currentTime + 0.05 : Math.max(end + BETWEEN, ctx.currentTime + 0.05);
        const start = t;
        let last = null;
        const chime = data.buffers.get(data.v.chime);
        if (opening) {
          last = this.play(chime, t);
          t += chime.duration + AFTER_CHIME;
        }
        const layout = (level) => pieces(data.v, level, level === SHORT && opening);
        const dur = {};
        for (const level of [FULL_AGAIN, FULL, SHORT]) dur[level] = duration(layout(level).items, data.seconds);
        const at = (audioTime) => Date.now() + (audioTime - ctx.currentTime) * 1000;
        // a waiting call not fetched yet is guessed longer than this one (GUESS)
        const waiting = this.queue.map((w) => ({ arrival: w.arrival, short: w.short || GUESS * data.short }));
        const level = choose(at(t), { arrival: entry.arrival, dur }, waiting);
        const { items, numberAt } = layout(level);
        let numberT = t;
        items.forEach((x, i) => {
          if (i === numberAt) numberT = t;
          if (typeof x === "number") {
            t += x;
          } else {
            last = this.play(data.buffers.get(x), t);
            t += last.buffer.duration;
          }
        });
        end = t;
        endWall = Date.now() + (end - ctx.currentTime) * 1000;
        prev = level;
        setTimeout(() => this.onStart(entry.call), Math.max(0, (start - ctx.currentTime) * 1000));
        // the log says what was said, and how long the sentence and the chime last, so that a
        // test can set the time against saying every call in full
        this.ended(entry, last, end, { level, chime: opening, lead: level === SHORT && opening, text: data.v.text,
          said: level === SHORT ? data.v.short.text : data.v.text, clips: items.filter((x) => typeof x === "string"),
          sentence: duration(data.v.clips, data.seconds), chimeSeconds: chime.duration,
          startOffset: end - start, numberOffset: end - numberT });
        // the next call is scheduled just before this one ends, so that a call dropped or
        // replaced meanwhile is never said
        await this.until(() => ctx.currentTime >= end - LOOKAHEAD, (end - ctx.currentTime) * 1000 + STALL);
      }
    } finally {
      this.busy = false;
    }
  }

  /** ended logs a call when its last clip's `ended` event fires (or when the device stalled). */
  ended(entry, last, end, info) {
    let done = false;
    const finish = (audio) => {
      if (done) return;
      done = true;
      const now = Date.now();
      this.log(entry, { ...info, audio, ended: now, started: Math.round(now - info.startOffset * 1000),
        numberStarted: Math.round(now - info.numberOffset * 1000) });
    };
    last.onended = () => finish("played");
    setTimeout(() => finish("stalled"), (end - this.ctx.currentTime) * 1000 + STALL);
  }

  log(entry, fields) {
    const c = entry.call;
    const rec = { number: c.number, counter: c.counterNumber, recall: !!c.recall, key: c.key,
      queued: entry.queued, arrival: entry.arrival, ...fields };
    delete rec.startOffset;
    delete rec.numberOffset;
    if (!rec.started) rec.started = rec.ended;
    window.__played.push(rec);
    trim(window.__played);
    this.onEnd(c, rec);
  }

  /** play schedules one clip at audio time t and returns its source. */
  play(buffer, t) {
    const src = this.ctx.createBufferSource();
    src.buffer = buffer;
    src.connect(this.ctx.destination);
    src.start(t);
    return src;
  }

  /**
   * prepare fetches the words of a call and decodes every clip of its forms, once per entry:
   * a queued call is ready by its turn.
   */
  prepare(entry) {
    if (!entry.prepared) {
      const c = entry.call;
      const q = new URLSearchParams({ number: c.number, counter: c.counterNumber ?? "" });
      if (this.site) q.set("site", this.site);
      entry.prepared = api(`/voice?${q}`).then(async (v) => {
        const names = new Set([v.chime, ...v.clips, ...v.again.clips, ...v.short.clips, ...v.lead.clips]);
        const buffers = new Map();
        await Promise.all([...names].map(async (n) => buffers.set(n, await this.load(v.base + n + v.ext))));
        const seconds = (n) => buffers.get(n).duration;
        const short = duration(pieces(v, SHORT).items, seconds);
        entry.short = short;
        return { v, buffers, seconds, short };
      });
      entry.prepared.catch(() => {}); // its turn reports the error
    }
    return entry.prepared;
  }

  load(url) {
    if (!this.buffers.has(url)) {
      const p = fetch(url)
        .then((r) => {
          if (!r.ok) throw new Error(`${url}: ${r.status}`);
          return r.arrayBuffer();
        })
        .then((b) => this.ctx.decodeAudioData(b));
      p.catch(() => this.buffers.delete(url)); // retry next time
      this.buffers.set(url, p);
    }
    return this.buffers.get(url);
  }

  /** until waits for cond, polling, at most ms milliseconds. */
  async until(cond, ms) {
    const deadline = Date.now() + Math.max(0, ms);
    while (!cond() && Date.now() < deadline) await sleep(40);
  }
}

function logDropped(call, reason) {
  window.__dropped.push({ number: call.number, counter: call.counterNumber, recall: !!call.recall, reason, at: Date.now() });
  trim(window.__dropped);
}

function trim(list) {
  if (list.length > MAX_LOG) list.splice(0, list.length - MAX_LOG);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
