/**
 * Writes a synthetic MovieLens-format folder for benchmarks, so it drops like a real release:
 *   npm run gen -- --users 162541 --items 59047 --ratings 25000000 --seed 1 --out /tmp/ml-synthetic [--sorted]
 * ratings.csv (header userId,movieId,rating,timestamp; ids 1-based; distributions: src/data/synthetic.ts), streamed
 * to disk; movies.csv (seeded made-up titles and genres, src/data/sample.ts) and links.csv for every movieId.
 * --sorted orders the ratings as GroupLens does (by user, then movie); without it each user's movies come in the
 * order they were drawn.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { mulberry32, randomInt } from '../../src/data/random.ts';
import { generateSyntheticRatings, type SyntheticRatings, type SyntheticShape } from '../../src/data/synthetic.ts';
import { generateMoviesCsv } from '../../src/data/sample.ts';

const USAGE = 'usage: npm run gen -- --users N --items M --ratings R [--seed S] [--sorted] --out DIR';

/** Reads --name value pairs; exits with the usage line when one is missing or not a number. */
function parseArguments(argv: string[]): SyntheticShape & { out: string; sorted: boolean } {
  const sorted = argv.includes('--sorted');
  argv = argv.filter((arg) => arg !== '--sorted');
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
  const shape = { users: number('users'), items: number('items'), ratings: number('ratings'), seed: number('seed', 1) };
  return { ...shape, out, sorted };
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
  if (options.sorted) sortEachUsersMovies(generated);
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
  fs.writeFileSync(path.join(options.out, 'movies.csv'), generateMoviesCsv(options.items, options.seed));
  fs.writeFileSync(path.join(options.out, 'links.csv'), linksCsv(options.items));
  const line = {
    file,
    sorted: options.sorted,
    users: options.users,
    items: options.items,
    ratings: generated.ratings.length,
    bytes: fs.statSync(file).size,
    generateMs: Math.round(generatedMs),
    totalMs: Math.round(performance.now() - startedMs),
  };
  console.log(JSON.stringify(line));
}

/**
 * Orders each user's ratings by movie (the generator already emits users in order), as GroupLens sorts ratings.csv.
 * Each user's run is sorted through a scratch index array: linear memory, n log n per user.
 */
function sortEachUsersMovies(generated: SyntheticRatings): void {
  const { userIndices, itemIndices, ratings } = generated;
  for (let start = 0; start < userIndices.length;) {
    let end = start + 1;
    while (end < userIndices.length && userIndices[end] === userIndices[start]) end++;
    const order = Array.from({ length: end - start }, (_, k) => start + k).sort(
      (a, b) => itemIndices[a] - itemIndices[b],
    );
    const items = order.map((i) => itemIndices[i]);
    const values = order.map((i) => ratings[i]);
    itemIndices.set(items, start);
    ratings.set(values, start);
    start = end;
  }
}

/** links.csv for movieIds 1..n: made-up IMDb ids (7 digits, zero-padded as GroupLens writes them) and TMDB ids. */
function linksCsv(items: number): string {
  const lines = ['movieId,imdbId,tmdbId'];
  for (let movie = 1; movie <= items; movie++)
    lines.push(`${movie},${String(100000 + movie).padStart(7, '0')},${10000 + movie}`);
  return lines.join('\n') + '\n';
}

await main();
