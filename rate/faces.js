// Faces for the rating levels, drawn in SVG so that they look the same on every tablet
// (no emoji font needed). A known level has its own face; any other configured level gets one
// by its place on the scale, from the happiest (first) to the unhappiest (last).

const known = {
  very_satisfied: { mood: 1, color: "#13795b" },
  satisfied: { mood: 0.5, color: "#1864ab" },
  neutral: { mood: 0, color: "#b45309" },
  normal: { mood: 0, color: "#b45309" },
  dissatisfied: { mood: -1, color: "#c8102e" },
  very_dissatisfied: { mood: -1, color: "#8f0b21" },
};

const scale = ["#13795b", "#1864ab", "#b45309", "#c8102e", "#8f0b21"];

/** look gives a level its mood (-1 unhappy … 1 happy) and colour. */
export function look(id, index, count) {
  if (known[id]) return known[id];
  const pos = count > 1 ? index / (count - 1) : 0;
  return { mood: 1 - 2 * pos, color: scale[Math.round(pos * (scale.length - 1))] };
}

/** face returns an SVG face of a mood (-1 … 1) on a disc of colour. */
export function face(mood, color) {
  const y = 66;
  const c = mood * 16;
  // the happiest face laughs with an open mouth; the others smile, stay level or are sad
  const mouth = mood > 0.75
    ? `<path d="M27 57 Q50 92 73 57 Z" fill="#fff" stroke="#fff" stroke-width="4" stroke-linejoin="round"/>`
    : `<path d="M28 ${y - c / 2} Q50 ${y + c} 72 ${y - c / 2}" stroke="#fff" stroke-width="7" fill="none" stroke-linecap="round"/>`;
  return `<svg viewBox="0 0 100 100" aria-hidden="true" focusable="false">
<circle cx="50" cy="50" r="47" fill="${color}"/>
<circle cx="35" cy="40" r="6.5" fill="#fff"/><circle cx="65" cy="40" r="6.5" fill="#fff"/>
${mouth}
</svg>`;
}

/** tick returns an SVG check mark on a green disc: a rating is recorded, whatever it was. */
export function tick() {
  return `<svg viewBox="0 0 100 100" aria-hidden="true" focusable="false">
<circle cx="50" cy="50" r="47" fill="#13795b"/>
<path d="M29 52 L44 67 L72 36" stroke="#fff" stroke-width="9" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
}
