/**
 * A returning GraphiQL visit. GraphiQL restores its saved tabs and looks for the one holding the "current"
 * query, variables and headers it keeps apart in storage; yoga's GraphiQL never writes those, so no tab matches,
 * and it opens an extra empty tab whose run is a syntax error with a stack. This script, run before GraphiQL,
 * writes them from the saved active tab, and gives the saved tabs the development key of this start, so that a
 * restart (and its new key) does not leave them sending a key that no longer works.
 */

/** GraphiQL's storage namespace and keys (graphiql's `STORAGE_KEY`s). */
const PREFIX = 'graphiql:';

/** `authorization`: the `Bearer dev-...` value this start's tabs send, or null when GraphiQL fills in no key. */
export function returningVisitScript(authorization: string | null): string {
  return `(function () {
  try {
    var saved = localStorage.getItem(${JSON.stringify(`${PREFIX}tabState`)});
    if (!saved) return;
    var state = JSON.parse(saved);
    if (!state || !Array.isArray(state.tabs)) return;
    var authorization = ${JSON.stringify(authorization)};
    if (authorization !== null) {
      state.tabs.forEach(function (tab) {
        if (typeof tab.headers === 'string') tab.headers = tab.headers.replace(/Bearer dev-[A-Za-z0-9_-]+/g, authorization);
      });
      localStorage.setItem(${JSON.stringify(`${PREFIX}tabState`)}, JSON.stringify(state));
    }
    var active = state.tabs[state.activeTabIndex];
    if (!active) return;
    localStorage.setItem(${JSON.stringify(`${PREFIX}query`)}, active.query || '');
    localStorage.setItem(${JSON.stringify(`${PREFIX}variables`)}, active.variables || '');
    localStorage.setItem(${JSON.stringify(`${PREFIX}headers`)}, active.headers || '');
  } catch (error) {
    // Storage unreadable or not ours: GraphiQL starts as on a first visit.
  }
})();`;
}
