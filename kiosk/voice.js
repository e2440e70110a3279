// The kiosk says the number it has just issued, so that a citizen who cannot read the screen
// still knows it: "Số của quý vị là A không trăm hai mươi ba", in the site's number reading,
// with the hall display's recorded clips (the server chooses the words: GET
// /api/v1/voice?for=ticket). No chime: the sentence is for the person at the kiosk.
// ?voice=off on the kiosk's address keeps it silent (a kiosk beside a quiet room).
// Every sentence is logged in window.__kioskSaid ({number, text, clips, audio}), as the hall
// display logs its calls in window.__played, so that tests can check what was said.
import { api } from "/assets/js/api.js";

const PAUSE = 0.2; // s of silence before the number, so that it stands out
const OFF = new URLSearchParams(location.search).get("voice") === "off";

window.__kioskSaid = window.__kioskSaid || [];
let ctx = null;
let playing = [];
const buffers = new Map(); // url → Promise<AudioBuffer>

/** unlock creates (or resumes) the audio context: call it from a touch, which browsers need
 * before they make a sound. */
export async function unlock() {
  if (OFF) return false;
  const AC = window.AudioContext || window.webkitAudioContext;
  if (!AC) return false;
  if (!ctx) ctx = new AC();
  if (ctx.state !== "running") {
    try {
      await Promise.race([ctx.resume(), new Promise((r) => setTimeout(r, 1000))]);
    } catch (e) {
      /* stays silent; the number is on screen and on paper */
    }
  }
  return ctx.state === "running";
}

/** sayTicket says ticket number of site once, stopping a sentence still being said. */
export async function sayTicket(number, site) {
  if (OFF) return;
  stop();
  const rec = { number, text: "", clips: [], audio: "pending", at: Date.now() };
  window.__kioskSaid.push(rec);
  if (window.__kioskSaid.length > 100) window.__kioskSaid.shift();
  try {
    const v = await api(`/voice?${new URLSearchParams({ for: "ticket", number, site })}`);
    rec.text = v.text;
    rec.clips = v.clips.slice();
    if (!(await unlock())) {
      rec.audio = "off";
      return;
    }
    const decoded = await Promise.all(v.clips.map((c) => load(v.base + c + v.ext)));
    let t = ctx.currentTime + 0.05;
    const start = t;
    let last = null;
    decoded.forEach((b, i) => {
      if (i > 0 && i === v.number_at[0]) t += PAUSE;
      last = ctx.createBufferSource();
      last.buffer = b;
      last.connect(ctx.destination);
      last.start(t);
      playing.push(last);
      t += b.duration;
    });
    rec.audio = "scheduled";
    rec.seconds = Math.round((t - start) * 1000) / 1000;
    if (last) last.onended = () => {
      if (rec.audio === "scheduled") rec.audio = "played";
      playing = [];
    };
  } catch (e) {
    rec.audio = "error";
    rec.error = String((e && e.message) || e);
  }
}

/** stop silences a sentence being said (the ticket closed, the kiosk went idle). */
export function stop() {
  for (const s of playing) {
    try {
      s.onended = null;
      s.stop();
    } catch (e) {
      /* not started yet, or ended */
    }
  }
  const last = window.__kioskSaid[window.__kioskSaid.length - 1];
  if (playing.length && last && last.audio === "scheduled") last.audio = "stopped";
  playing = [];
}

function load(url) {
  if (!buffers.has(url)) {
    const p = fetch(url)
      .then((r) => {
        if (!r.ok) throw new Error(`${url}: ${r.status}`);
        return r.arrayBuffer();
      })
      .then((b) => ctx.decodeAudioData(b));
    p.catch(() => buffers.delete(url)); // tried again next time
    buffers.set(url, p);
  }
  return buffers.get(url);
}
