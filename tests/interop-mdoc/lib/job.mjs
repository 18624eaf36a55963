// Job plumbing shared by the peer scripts: one JSON job on stdin, one JSON result on stdout.
//
// Element values travel as "typed JSON" so that CBOR types survive the trip: text, integers, booleans,
// null, arrays and text-keyed maps as themselves; full-date (tag 1004) as {"$fullDate": "YYYY-MM-DD"},
// tdate (tag 0) as {"$tdate": "...Z"}, byte strings as {"$bytes": "<hex>"}, other tags as {"$tag": n, "value": ...}.

export async function runJob(handlers) {
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  const job = JSON.parse(input);
  const handler = handlers[job.op];
  if (!handler) throw new Error(`unknown op '${job.op}'`);
  const result = await handler(job);
  process.stdout.write(JSON.stringify(result));
}

export const fromHex = (hex) => new Uint8Array(Buffer.from(hex, 'hex'));
export const toHex = (bytes) => Buffer.from(bytes).toString('hex');

export function pemToDer(pem) {
  const base64 = pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(base64, 'base64'));
}

/** A decoded CBOR value (as either library returns it) to typed JSON. */
export function toTyped(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return { $bytes: toHex(value) };
  // Both libraries decode tag 1004 into a class named DateOnly and tag 0 into Date.
  if (value[Symbol.toStringTag] === 'DateOnly') return { $fullDate: value.toISOString() };
  if (value instanceof Date) return { $tdate: value.toISOString().replace(/\.\d{3}Z$/, 'Z') };
  if (Array.isArray(value)) return value.map(toTyped);
  if (value instanceof Map) return Object.fromEntries([...value].map(([k, v]) => [String(k), toTyped(v)]));
  if (typeof value.tag === 'number' && 'value' in value) return { $tag: value.tag, value: toTyped(value.value) };
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toTyped(v)]));
  throw new Error(`cannot describe a ${typeof value} element value`);
}

/** Typed JSON to the values a library's issuer encodes; makeFullDate builds that library's full-date. */
export function fromTyped(value, makeFullDate) {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => fromTyped(v, makeFullDate));
  if ('$fullDate' in value) return makeFullDate(value.$fullDate);
  if ('$tdate' in value) return new Date(value.$tdate);
  if ('$bytes' in value) return fromHex(value.$bytes);
  return new Map(Object.entries(value).map(([k, v]) => [k, fromTyped(v, makeFullDate)]));
}

/** The outcome of a verification from the checks a library reported through its callback. */
export function outcome(checks, documents, error) {
  const failures = checks.filter((c) => c.status === 'FAILED').map((c) => (c.reason ? `${c.check}: ${c.reason}` : c.check));
  if (error) failures.push(`exception: ${error.message}`);
  return { valid: failures.length === 0, failures, checks, documents };
}
