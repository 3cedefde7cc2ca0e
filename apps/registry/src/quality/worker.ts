/**
 * The quality worker thread: one per computation (see job.ts). It takes the
 * upload's chunks as they arrive, answers each with an acknowledgement (the
 * main thread's flow control) or with why it stopped, and at the end sends
 * the report. Its heap limit is the computation's memory limit.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Measure, type MeasureInput } from './measure.js';
import type { WorkerMessage, WorkerReply } from './job.js';

const port = parentPort;
if (!port) throw new Error('quality/worker.js runs as a worker thread');

const send = (reply: WorkerReply): void => port.postMessage(reply);
const measure = new Measure(workerData as MeasureInput);

port.on('message', (message: WorkerMessage) => {
  if (message.type === 'chunk') {
    const stop = measure.push(new Uint8Array(message.data));
    send(stop ? { type: 'stop', stop } : { type: 'ack' });
    return;
  }
  const result = measure.end();
  send('kind' in result ? { type: 'stop', stop: result } : { type: 'done', result });
});
