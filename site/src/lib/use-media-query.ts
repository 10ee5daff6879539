import { useEffect, useState } from 'react';

/** The portal's one layout breakpoint (base.css): below it the sidebar gives way to the bottom bar. */
export const PHONE_QUERY = '(max-width: 56rem)';

/** Whether a media query matches, following changes (rotation, resizing). False before hydration. */
export function useMediaQuery(query: string): boolean {
  const [matches, setMatches] = useState(false);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setMatches(list.matches);
    update();
    list.addEventListener('change', update);
    return () => list.removeEventListener('change', update);
  }, [query]);
  return matches;
}
