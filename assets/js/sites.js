// Which sites a signed-in user oversees, as the server decides (queue.Oversees): every site
// for an admin; for a supervisor the sites they are given and, of a branch, the reception
// points under it. Pages use it to offer only what the server will accept.

/** overseen filters sites ({id, kind, parent}) to those user ({role, sites}) oversees. */
export function overseen(user, sites) {
  if (user.role === "admin") return sites;
  if (user.role !== "supervisor") return [];
  const mine = new Set(user.sites || []);
  const byId = Object.fromEntries(sites.map((s) => [s.id, s]));
  const under = (s) => {
    for (let p = s, hops = 0; p && hops < sites.length; p = byId[p.parent], hops++) {
      if (mine.has(p.id) && (p === s || p.kind === "branch")) return true;
    }
    return false;
  };
  return sites.filter(under);
}
