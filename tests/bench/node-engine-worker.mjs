// Worker threads start plain Node: register tsx here, then load the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./node-engine-worker.ts');
