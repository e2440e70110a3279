// Building and finding elements, for every page.

/** $ finds an element by id. */
export const $ = (id) => document.getElementById(id);
