import { runAction } from './run.js';

// The Action's entry point (action.yml runs `node dist/src/action/main.js`): the exit code is the gate's.
process.exitCode = (await runAction(process.env)).exitCode;
