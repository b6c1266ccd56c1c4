// Compiles assembly/ into the four kernel builds the engine picks from at run time (src/engine/kernels.ts):
// plain SIMD or relaxed SIMD, each with a private or a shared (threads) imported memory.
import asc from 'assemblyscript/asc';
import { mkdirSync } from 'node:fs';

const outDir = 'src/engine/wasm';
mkdirSync(outDir, { recursive: true });

const common = [
  'assembly/index.ts',
  '--runtime',
  'stub',
  '-O3',
  '--noAssert',
  '--importMemory',
  '--use',
  'abort=',
  '--enable',
  'simd',
];
const shared = ['--enable', 'threads', '--sharedMemory', '--maximumMemory', '65536'];
const builds = {
  'als-simd': [],
  'als-relaxed': ['--enable', 'relaxed-simd'],
  'als-simd-threads': shared,
  'als-relaxed-threads': ['--enable', 'relaxed-simd', ...shared],
};

for (const [name, flags] of Object.entries(builds)) {
  const { error, stderr } = await asc.main([...common, ...flags, '--outFile', `${outDir}/${name}.wasm`]);
  if (error) {
    console.error(stderr.toString());
    process.exit(1);
  }
}
console.error(`built ${Object.keys(builds).length} kernels into ${outDir}`);
