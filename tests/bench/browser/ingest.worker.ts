// The ingest benchmark inside a Chromium worker, where the app's reader runs: times one File, answers a record.
import { expose } from 'comlink';
import { timeIngest } from '../ingest';

expose({ run: (file: File) => timeIngest(file, 'chromium') });
