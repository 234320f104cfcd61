/**
 * Which job runs for which event action. Modules subscribe when they are loaded; a pattern is an
 * exact action (`user.created`), a prefix (`ticket.*`) or `*`.
 */
const subscriptions = new Map<string, Set<string>>();

export function subscribeToEvents(pattern: string, jobName: string): void {
  const jobsForPattern = subscriptions.get(pattern) ?? new Set<string>();
  jobsForPattern.add(jobName);
  subscriptions.set(pattern, jobsForPattern);
}

export function subscribersFor(action: string): string[] {
  const found = new Set<string>();
  for (const [pattern, jobNames] of subscriptions) {
    if (matchesPattern(pattern, action)) for (const name of jobNames) found.add(name);
  }
  return [...found];
}

export function matchesPattern(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  if (pattern.endsWith('.*')) return action.startsWith(pattern.slice(0, -1));
  return pattern === action;
}
