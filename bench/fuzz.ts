/**
 * `npm run fuzz -- --messages N [--seed S] [--seconds T]`: mutation fuzzing of the BGP decoder and
 * the session FSM. Prints messages/s and ends with `N messages, C crashes, H hangs`; exits non-zero on
 * any crash or hang.
 */
import { parseArgs } from 'node:util';
import { runFuzz } from '../src/bgp/fuzz-engine.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: String(Date.now() % 0x7fffffff) },
    seconds: { type: 'string' },
    budget: { type: 'string', default: '100' },
  },
});
const messages = Number(values.messages);
const seed = Number(values.seed);
const seconds = values.seconds === undefined ? undefined : Number(values.seconds);
console.log(
  `fuzzing the BGP decoder and FSM: ${messages} messages, seed ${seed}${seconds ? `, at most ${seconds} s` : ''}`,
);
const report = runFuzz({
  messages,
  seed,
  perMessageBudgetMs: Number(values.budget),
  withFsm: true,
  ...(seconds === undefined ? {} : { seconds }),
});
console.log(`outcomes: ${JSON.stringify(report.outcomes)}`);
console.log(`${Math.round(report.messages / report.seconds)} messages/s over ${report.seconds.toFixed(1)} s`);
if (report.firstFailure) {
  console.log(`first ${report.firstFailure.kind}: ${report.firstFailure.hex}\n${report.firstFailure.detail}`);
}
console.log(`${report.messages} messages, ${report.crashes} crashes, ${report.hangs} hangs`);
process.exitCode = report.crashes > 0 || report.hangs > 0 ? 1 : 0;
