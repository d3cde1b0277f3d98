/** What one request per item did: the keys of the items that succeeded, and each failure with its message. */
export interface BulkOutcome {
  done: string[];
  failed: { key: string; message: string }[];
}

/**
 * Runs `run` for every item at once (the API has no bulk endpoint for these): partial failures are reported
 * in the outcome, and only when every item failed does the whole fail, with each item's message.
 */
export async function settleEach<T>(
  items: readonly T[],
  key: (item: T) => string,
  run: (item: T) => Promise<unknown>,
): Promise<BulkOutcome> {
  const results = await Promise.allSettled(items.map(run));
  const out: BulkOutcome = { done: [], failed: [] };
  results.forEach((r, i) => {
    const item = items[i];
    const k = item === undefined ? '' : key(item);
    if (r.status === 'fulfilled') out.done.push(k);
    else
      out.failed.push({ key: k, message: r.reason instanceof Error ? r.reason.message : String(r.reason) });
  });
  if (out.done.length === 0 && out.failed.length > 0)
    throw new Error(out.failed.map((f) => f.message).join('\n'));
  return out;
}
