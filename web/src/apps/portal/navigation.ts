import { useEffect, useState } from 'react';

/** The portal is small enough for a router of its own: paths under /portal, History API. */
export const portalBase = '/portal';

function currentLocation() {
  return { path: window.location.pathname.replace(/\/+$/, '') || portalBase, search: new URLSearchParams(window.location.search) };
}

export function navigate(to: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  window.dispatchEvent(new PopStateEvent('popstate'));
  window.scrollTo(0, 0);
}

export function useLocation() {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const update = () => setLocation(currentLocation());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  return location;
}
