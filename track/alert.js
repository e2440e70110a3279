// Getting a citizen's attention on their phone: a chime (Web Audio, unlocked by a tap, as
// browsers require), a vibration and a system notification when allowed.

let audio = null;

/** enable unlocks sound and asks for notifications; call it from a tap. */
export async function enable() {
  try {
    const Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx && !audio) audio = new Ctx();
    if (audio && audio.state === "suspended") await audio.resume();
  } catch (e) {
    audio = null;
  }
  if ("Notification" in window && Notification.permission === "default") {
    try {
      await Notification.requestPermission();
    } catch (e) {
      // an old browser without the promise form: no notifications then
    }
  }
  return true;
}

/** chime plays a three-note call signal (if sound is unlocked). */
export function chime() {
  if (!audio) return;
  const t0 = audio.currentTime + 0.05;
  [659.25, 783.99, 1046.5].forEach((f, i) => {
    const o = audio.createOscillator();
    const g = audio.createGain();
    o.type = "sine";
    o.frequency.value = f;
    g.gain.setValueAtTime(0, t0 + i * 0.28);
    g.gain.linearRampToValueAtTime(0.35, t0 + i * 0.28 + 0.03);
    g.gain.exponentialRampToValueAtTime(0.001, t0 + i * 0.28 + 0.9);
    o.connect(g).connect(audio.destination);
    o.start(t0 + i * 0.28);
    o.stop(t0 + i * 0.28 + 1);
  });
}

/** alert chimes, vibrates and notifies; returns what it could do (for the page and tests). */
export function alert(title, body, tag) {
  const done = [];
  if (audio) {
    chime();
    done.push("sound");
  }
  if (navigator.vibrate && navigator.vibrate([400, 150, 400, 150, 800])) done.push("vibrate");
  if ("Notification" in window && Notification.permission === "granted") {
    try {
      new Notification(title, { body, tag, renotify: true, requireInteraction: true });
      done.push("notification");
    } catch (e) {
      // Android Chrome only notifies through a service worker; the page itself still alerts
    }
  }
  document.body.dataset.alerted = (Number(document.body.dataset.alerted || 0) + 1).toString();
  return done;
}
