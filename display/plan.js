// How a call is said, and how much of it when calls crowd. The server gives the words of
// every form (GET /api/v1/voice); this module lays them out with their pauses and picks the
// form that lets every waiting call be heard in time. No audio here: voice.js plays.
//
// The forms, richest first:
//   FULL_AGAIN  "Mời công dân có số thứ tự · A không hai ba · đến quầy số năm. A không hai ba · đến quầy số năm"
//   FULL        "Mời công dân có số thứ tự · A không hai ba · đến quầy số năm"
//   SHORT       "A không hai ba · quầy năm", after "Mời công dân có số thứ tự" when it opens a run
// (· is a short pause: the number stands out of the sentence).

export const FULL_AGAIN = "full+again";
export const FULL = "full";
export const SHORT = "short";
const LEVELS = [FULL_AGAIN, FULL, SHORT];

/** Silences, in seconds. */
export const PAUSE = 0.3; // before and after the ticket number
export const GAP = 0.6; // between the sentence and its repetition
export const BETWEEN = 0.4; // between two calls said back to back
export const AFTER_CHIME = 0.15; // between the chime and the first word

/**
 * DEADLINE is how long after its call a queued call should have been said, in seconds. The
 * hall's target is 60 s with 16 counters calling at once; the plan keeps 10 s of margin for
 * a slow network or a busy TV.
 */
export const DEADLINE = 50;

/**
 * pieces lays out a call at a level: clip names (strings) and silences (numbers, seconds),
 * in order. v is the server's answer; lead says the words before the number first ("Mời
 * công dân có số thứ tự"), for a short call that opens a run. numberAt is the index of the
 * ticket number's first clip in the list.
 */
export function pieces(v, level, lead = false) {
  const out = [];
  let numberAt = -1;
  const around = (clips, at) => {
    const [a, b] = at || [0, 0];
    out.push(...clips.slice(0, a));
    if (b > a) {
      if (a > 0) out.push(PAUSE);
      if (numberAt < 0) numberAt = out.length;
      out.push(...clips.slice(a, b));
      if (b < clips.length) out.push(PAUSE);
    }
    out.push(...clips.slice(b));
  };
  if (level === SHORT) {
    if (lead && v.lead && v.lead.clips.length) {
      out.push(...v.lead.clips);
      if (numberAt < 0) numberAt = out.length + 1;
      out.push(PAUSE);
    }
    around(v.short.clips, v.short.number_at);
  } else {
    around(v.clips, v.number_at);
    if (level === FULL_AGAIN && v.again && v.again.clips.length) {
      out.push(GAP);
      around(v.again.clips, v.again.number_at);
    }
  }
  if (numberAt < 0) numberAt = 0;
  return { items: out, numberAt };
}

/** duration is how long a layout lasts, in seconds, with seconds(clip) for each clip. */
export function duration(items, seconds) {
  return items.reduce((t, x) => t + (typeof x === "number" ? x : seconds(x)), 0);
}

/**
 * choose picks the richest level for the call about to be said such that it and every call
 * waiting behind it, said short, end within DEADLINE of their calls. now and the arrivals are
 * in milliseconds; current.dur maps a level to its seconds; waiting[i].short is the seconds of
 * a waiting call said short. When nothing fits, the calls are said short: the quickest way
 * through.
 */
export function choose(now, current, waiting) {
  for (const level of LEVELS) {
    let t = now + current.dur[level] * 1000;
    if (level !== SHORT && t > current.arrival + DEADLINE * 1000) continue;
    let ok = true;
    for (const w of waiting) {
      t += (BETWEEN + w.short) * 1000;
      if (t > w.arrival + DEADLINE * 1000) {
        ok = false;
        break;
      }
    }
    if (ok || level === SHORT) return level;
  }
  return SHORT;
}
