/**
 * The simulation worker: a `worker_threads` thread of the extension host (bundled as dist/simulationWorker.js) where
 * the visualizer's simulations run, so that none of them can hold up typing. It serves one request at a time, in
 * the order they come; the host (simulationClient.ts) ends it if a request takes too long.
 */
import { parentPort, workerData } from 'worker_threads';
import { bundledWasmLocator, GrammarLoader, packageWasmLocator } from '../../engine/grammarLoader';
import { SimulationRequest, WorkerData, WorkerReply } from './workerProtocol';
import { WorkerSession } from './workerSession';

const data = (workerData ?? {}) as WorkerData;
const session = new WorkerSession(new GrammarLoader(data.wasmDirectory ? bundledWasmLocator(data.wasmDirectory) : packageWasmLocator()));
const port = parentPort!;
const reply = (message: WorkerReply) => port.postMessage(message);

let queue = Promise.resolve();
port.on('message', (request: SimulationRequest) => {
  queue = queue.then(async () => {
    try {
      reply(await session.handle(request, () => reply({ id: request.id, kind: 'parsed' })));
    } catch (error) {
      reply({ id: request.id, kind: 'failed', message: error instanceof Error ? error.message : String(error) });
    }
  });
});
