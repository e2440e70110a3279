// Focus for modal dialogs, shared by the staff pages: Tab and Shift+Tab stay inside the
// dialog while it is open, and when it closes the focus goes back to what had it before (the
// button that opened it), so a keyboard user never lands at the top of the page.

const FOCUSABLE = 'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** focusables lists the elements of box that Tab can reach, in order. */
export function focusables(box) {
  return [...box.querySelectorAll(FOCUSABLE)].filter((e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden");
}

/**
 * holdFocus keeps the keyboard's focus inside box (and calls onEscape, if given, on Escape);
 * it returns release(), which ends that and gives the focus back to the element that had it.
 */
export function holdFocus(box, onEscape) {
  const opener = document.activeElement;
  const keys = (e) => {
    if (e.key === "Escape" && onEscape) {
      e.preventDefault();
      onEscape();
      return;
    }
    if (e.key !== "Tab") return;
    const items = focusables(box);
    if (!items.length) {
      e.preventDefault();
      return;
    }
    const first = items[0];
    const last = items[items.length - 1];
    const at = document.activeElement;
    if (e.shiftKey && (at === first || !box.contains(at))) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && (at === last || !box.contains(at))) {
      e.preventDefault();
      first.focus();
    }
  };
  document.addEventListener("keydown", keys, true);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    document.removeEventListener("keydown", keys, true);
    // only when the focus is still in the dialog or lost (on the page's body): a user who
    // has already moved on (the native dialog restores focus itself) keeps their place
    const at = document.activeElement;
    const lost = !at || at === document.body || box.contains(at);
    if (lost && opener && opener !== document.body && opener.isConnected && typeof opener.focus === "function") opener.focus();
  };
}
