/** `with` / `async with`: each context the simulator knows enters by its family's rule; any other runs the body. */
import { block } from '../interpreter';
import type { Stmt } from '../model';
import type { Simulation } from '../simulation';
import { Effect, Env, isObject, Resumption, SimTask, Value } from '../values';
import { withTaskGroup } from './combinators';
import { withSemaphore } from './limiters';
import { withTimeout } from './timeouts';

export function* enterContext(sim: Simulation, task: SimTask, statement: Extract<Stmt, { kind: 'with' }>, context: Value, env: Env): Generator<Effect, void, Resumption> {
  if (isObject(context) && context.t === 'semaphore') return yield* withSemaphore(sim, task, statement, context.semaphore, env);
  if (isObject(context) && context.t === 'timeout') return yield* withTimeout(sim, task, statement, context.seconds, env);
  if (isObject(context) && context.t === 'taskGroup') return yield* withTaskGroup(sim, task, statement, context, env);
  // Any other context manager (a session, a file, a lock we do not know): run the body.
  if (statement.name) env.declare(statement.name, context ?? { t: 'unknown', text: statement.name, line: statement.line });
  yield* block(sim, task, statement.body, env);
}
