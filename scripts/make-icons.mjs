/**
 * Draws Marquee's app icons (the favicon's lit marquee sign) as PNGs for the web app manifest, with our own
 * rasteriser: signed distances to rounded rectangles and circles, 4x4 supersampling, written with node:zlib.
 * Run `node scripts/make-icons.mjs`; the PNGs are committed in public/ (icon-192.png, icon-512.png,
 * icon-maskable-512.png). The maskable icon fills the square and keeps the sign inside the 80% safe circle.
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BG = [11, 10, 16];
const GOLD_TOP = [255, 216, 115];
const GOLD_BOTTOM = [217, 134, 28];

/** Distance from (x, y) to a rounded rectangle (negative inside); Inigo Quilez's box SDF. */
function roundedRect(x, y, cx, cy, halfW, halfH, r) {
  const qx = Math.abs(x - cx) - halfW + r;
  const qy = Math.abs(y - cy) - halfH + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** The colour (RGBA) at (x, y) in favicon units (0..32). */
function shade(x, y, { fullBleed }) {
  const background = fullBleed ? -1 : roundedRect(x, y, 16, 16, 16, 16, 7);
  if (background > 0) return [0, 0, 0, 0];
  if (roundedRect(x, y, 16, 16, 12, 8, 3) <= 0) {
    const bulbs = [8.5, 13, 19, 23.5].flatMap((bx) => [
      [bx, 12],
      [bx, 20],
    ]);
    if (bulbs.some(([bx, by]) => Math.hypot(x - bx, y - by) <= 1.4)) return [...BG, 255];
    const t = (y - 8) / 16;
    return [...GOLD_TOP.map((top, i) => top + (GOLD_BOTTOM[i] - top) * t), 255];
  }
  return [...BG, 255];
}

/** RGBA pixels of a size x size icon; `scale` shrinks the design about the centre (for the maskable safe zone). */
function render(size, { fullBleed, scale }) {
  const pixels = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = ((px + (sx + 0.5) / samples) / size) * 32;
          const v = ((py + (sy + 0.5) / samples) / size) * 32;
          const color = shade(16 + (u - 16) / scale, 16 + (v - 16) / scale, { fullBleed });
          // Premultiplied accumulation, so edges against transparency do not darken.
          for (let c = 0; c < 3; c++) sum[c] += color[c] * color[3];
          sum[3] += color[3];
        }
      }
      const alpha = sum[3] / samples ** 2;
      const o = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[o + c] = sum[3] > 0 ? Math.round(sum[c] / sum[3]) : 0;
      pixels[o + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG file (8-bit RGBA, no filtering) of the pixels (PNG spec, ISO/IEC 15948). */
function png(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(pixels.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const out = new URL('../public/', import.meta.url);
for (const size of [192, 512])
  writeFileSync(new URL(`icon-${size}.png`, out), png(size, render(size, { fullBleed: false, scale: 1 })));
writeFileSync(new URL('icon-maskable-512.png', out), png(512, render(512, { fullBleed: true, scale: 0.78 })));
console.log('Wrote public/icon-192.png, public/icon-512.png, public/icon-maskable-512.png');
