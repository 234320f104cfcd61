/** Delay before retry number `attempt` (1-based): exponential from 5 s, capped at one hour. */
export function retryDelayMs(attempt: number, baseMs = 5_000, capMs = 3_600_000): number {
  const exponent = Math.max(0, attempt - 1);
  return Math.min(capMs, baseMs * 2 ** exponent);
}
