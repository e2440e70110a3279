// The voice of the hall display: a chime, then the call ("Mời công dân có số thứ tự A không
// trăm hai mươi ba đến quầy số năm") twice, from one recorded clip per word. The server says
// which clips (GET /api/v1/voice); the page only plays them. Calls wait in a queue and play
// one after another, never over each other. Every announcement is logged in window.__played
// so that tests (and a technician in the console) can check what was said, in what order.
import { api } from "/assets/js/api.js";

const GAP = 0.55; // seconds of silence between the two readings of a call
const SILENT_HOLD = 2500; // ms each queued call stays on screen when the sound is off
const MAX_LOG = 500; // entries kept in window.__played: a TV runs for weeks

window.__played = window.__played || [];

/** Announcer plays calls in order. onStart(call) runs as a call's turn comes. */
export class Announcer {
  constructor({ onStart = () => {}, onEnd = () => {} } = {}) {
    this.onStart = onStart;
    this.onEnd = onEnd;
    this.queue = [];
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

  /** say queues a call: {number, counterNumber, recall, key}. */
  say(call) {
    this.queue.push(call);
    if (!this.busy) this.run();
  }

  async run() {
    this.busy = true;
    while (this.queue.length) {
      const call = this.queue.shift();
      const entry = { number: call.number, counter: call.counterNumber, recall: !!call.recall, key: call.key,
        started: Date.now(), audio: "off", text: "" };
      this.onStart(call);
      try {
        // a context the browser suspended (power saving, an audio device change) is resumed
        if (this.ctx && !this.enabled) await this.enable();
        if (this.enabled) {
          const v = await api(`/voice?number=${encodeURIComponent(call.number)}&counter=${encodeURIComponent(call.counterNumber ?? "")}`);
          entry.text = v.text;
          entry.clips = v.clips;
          await this.play(v);
          entry.audio = "played";
        } else {
          await sleep(SILENT_HOLD);
        }
      } catch (e) {
        // a missing clip or a network error must not stop the queue: the call stays on screen
        entry.audio = "error";
        entry.error = String((e && e.message) || e);
        await sleep(SILENT_HOLD);
      }
      entry.ended = Date.now();
      window.__played.push(entry);
      if (window.__played.length > MAX_LOG) window.__played.splice(0, window.__played.length - MAX_LOG);
      this.onEnd(call, entry);
    }
    this.busy = false;
  }

  /** play schedules the chime and the clips back to back, repeat times, and waits for the end. */
  async play(v) {
    const url = (clip) => v.base + clip + v.ext;
    const chime = await this.load(url(v.chime));
    const words = await Promise.all(v.clips.map((c) => this.load(url(c))));
    const ctx = this.ctx;
    let t = ctx.currentTime + 0.05;
    const start = t;
    const put = (buf) => {
      const src = ctx.createBufferSource();
      src.buffer = buf;
      src.connect(ctx.destination);
      src.start(t);
      t += buf.duration;
    };
    put(chime);
    t += 0.15;
    for (let r = 0; r < (v.repeat || 1); r++) {
      if (r > 0) t += GAP;
      words.forEach(put);
    }
    // wait on the audio clock, with a wall-clock bound in case the device stalls
    const total = t - start;
    const deadline = Date.now() + total * 1000 + 3000;
    while (ctx.currentTime < t && Date.now() < deadline) await sleep(100);
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
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
