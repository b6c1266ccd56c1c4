// comlink ships node-adapter.d.ts beside node-adapter.mjs; point the .mjs import at those types.
declare module 'comlink/dist/esm/node-adapter.mjs' {
  export { default } from 'comlink/dist/esm/node-adapter';
}
