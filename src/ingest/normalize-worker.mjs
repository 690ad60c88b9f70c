// Worker entry: worker threads do not inherit the TypeScript loader, so register it before loading.
import { register } from 'tsx/esm/api';

register();
await import('./normalize-worker.ts');
