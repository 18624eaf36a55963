// Timing shared by the peer scripts: a warm-up, then timed batches; the harness takes the median of all batches.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Runs `operation` for warmUpMs (at least 3 times), then `batches` batches sized to take about batchMs each. */
export async function measure(operation, { batches, batchMs, warmUpMs }) {
  let start = performance.now();
  let count = 0;
  while (performance.now() - start < warmUpMs || count < 3) {
    await operation();
    count++;
  }

  const perBatch = Math.max(1, Math.round(batchMs / ((performance.now() - start) / count)));
  const results = [];
  for (let batch = 0; batch < batches; batch++) {
    start = performance.now();
    for (let i = 0; i < perBatch; i++) await operation();
    results.push(perBatch / ((performance.now() - start) / 1000));
  }

  return { batches: results, opsPerSecond: median(results) };
}

/** Runs the cases of one peer: { id: async () => operation, or a string saying why it cannot be timed }. */
export async function timePeer(cases, settings) {
  const results = {};
  for (const [id, entry] of Object.entries(cases)) {
    if (typeof entry === 'string') {
      results[id] = { note: entry };
      continue;
    }

    const { run, check, note } = entry;
    try {
      if (check) await check();
      results[id] = { ...(await measure(run, settings)), ...(note ? { note } : {}) };
    } catch (e) {
      results[id] = { note: `not timed: ${e.message}` };
    }
  }

  return results;
}

export const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'));

export function pemToDer(pem) {
  return new Uint8Array(Buffer.from(pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, ''), 'base64'));
}

/** Typed JSON claims ({"$fullDate": "YYYY-MM-DD"} or the value itself) to a library's values. */
export function fromTyped(value, makeFullDate) {
  return value !== null && typeof value === 'object' && '$fullDate' in value ? makeFullDate(value.$fullDate) : value;
}
