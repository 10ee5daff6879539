/**
 * The only hand-written inline scripts: they must run before first paint, so they are classic
 * blocking scripts in the page rather than modules. Astro does not hash `is:inline` scripts into
 * its CSP, so each page adds the hash of the exact text it inlines (`cspHash`).
 */

/** App pages: no session → sign in (remembering the page); the cached role filters the sidebar without a shift. */
export const SESSION_GUARD_SCRIPT = `(function () {
  try {
    if (!localStorage.getItem('dc.session')) {
      location.replace('/auth/login?next=' + encodeURIComponent(location.pathname + location.search));
      return;
    }
    var profile = JSON.parse(localStorage.getItem('dc.profile') || 'null');
    if (profile && profile.role) document.documentElement.dataset.role = profile.role;
  } catch (error) {
    /* storage unavailable: the header island sorts it out */
  }
})();`;

/** `/dashboard`: each role's own dashboard, from the cached profile (the table comes in `data-homes`). */
export const DASHBOARD_REDIRECT_SCRIPT = `(function () {
  var table = JSON.parse(document.currentScript.dataset.homes);
  try {
    if (!localStorage.getItem('dc.session')) return location.replace('/auth/login?next=%2Fdashboard');
    var profile = JSON.parse(localStorage.getItem('dc.profile') || 'null');
    location.replace((profile && table[profile.role]) || '/dashboard/executive');
  } catch (error) {
    location.replace('/dashboard/executive');
  }
})();`;

/** The CSP source for an inline script's exact text: `sha256-<base64 digest>`. */
export async function cspHash(source: string): Promise<`sha256-${string}`> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(source)));
  return `sha256-${btoa(String.fromCharCode(...digest))}`;
}
