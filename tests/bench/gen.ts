/**
 * Writes a synthetic MovieLens-format ratings.csv for benchmarks, streamed to disk:
 *   npm run gen -- --users 162541 --items 59047 --ratings 25000000 --seed 1 --out /tmp/ml-synthetic
 * Header userId,movieId,rating,timestamp; ids are 1-based. Distributions: see src/data/synthetic.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { mulberry32, randomInt } from '../../src/data/random.ts';
import { generateSyntheticRatings, type SyntheticShape } from '../../src/data/synthetic.ts';

const USAGE = 'usage: npm run gen -- --users N --items M --ratings R [--seed S] --out DIR';

/** Reads --name value pairs; exits with the usage line when one is missing or not a number. */
function parseArguments(argv: string[]): SyntheticShape & { out: string } {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith('--') || argv[i + 1] === undefined) fail(`unexpected argument '${argv[i]}'`);
    values.set(argv[i].slice(2), argv[i + 1]);
  }
  const number = (name: string, fallback?: number) => {
    const text = values.get(name);
    if (text === undefined && fallback !== undefined) return fallback;
    const value = Number(text?.replace(/_/g, ''));
    if (text === undefined || !Number.isInteger(value) || value < 0) fail(`--${name} needs a whole number`);
    return value;
  };
  const out = values.get('out');
  if (!out) fail('--out DIR is required');
  return { users: number('users'), items: number('items'), ratings: number('ratings'), seed: number('seed', 1), out };
}

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

/** Streams the generated ratings to DIR/ratings.csv in ~1 MB writes, respecting back-pressure. */
async function main(): Promise<void> {
  const options = parseArguments(process.argv.slice(2));
  const startedMs = performance.now();
  const generated = generateSyntheticRatings(options);
  const generatedMs = performance.now() - startedMs;
  fs.mkdirSync(options.out, { recursive: true });
  const file = path.join(options.out, 'ratings.csv');
  const stream = fs.createWriteStream(file);
  const timestamps = mulberry32(options.seed ^ 0x5bd1e995);
  const firstTimestamp = 946684800; // 2000-01-01 UTC
  const span = 20 * 365 * 86400;
  let buffer = 'userId,movieId,rating,timestamp\n';
  for (let i = 0; i < generated.ratings.length; i++) {
    const user = generated.userIndices[i] + 1;
    const movie = generated.itemIndices[i] + 1;
    buffer += `${user},${movie},${generated.ratings[i].toFixed(1)},${firstTimestamp + randomInt(timestamps, span)}\n`;
    if (buffer.length > 1 << 20) {
      if (!stream.write(buffer)) await once(stream, 'drain');
      buffer = '';
    }
  }
  stream.end(buffer);
  await once(stream, 'finish');
  const line = {
    file,
    users: options.users,
    items: options.items,
    ratings: generated.ratings.length,
    bytes: fs.statSync(file).size,
    generateMs: Math.round(generatedMs),
    totalMs: Math.round(performance.now() - startedMs),
  };
  console.log(JSON.stringify(line));
}

await main();
