// Shared by the client drivers: one JSON line per step, and the records the $BROWSER stand-in leaves behind.
import { existsSync, readFileSync } from 'node:fs';

export const emit = (step, ok, details = {}) => process.stdout.write(JSON.stringify({ step, ok, ...details }) + '\n');

export const readJsonl = (f) => (existsSync(f)
  ? readFileSync(f, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

// The browser stand-in runs detached from the client (xdg-open starts it) and writes its record after the client's
// callback server answered, so the client may be done a moment before the record is there: wait for it (bounded).
export async function browserRecords(file, min = 1, waitMs = 10000) {
  const until = Date.now() + waitMs;
  let records = readJsonl(file);
  while (records.length < min && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    records = readJsonl(file);
  }
  return records;
}
