// Runs one scenario of the extension's client outside VS Code, in a process of its own:
//   node test/run-client.js '{"settings": {...}, "workspaceRoot": "...", "changePath": false}'
// It activates the extension (with test/vscode-mock.js), waits for the start to succeed
// or fail, optionally changes `parity.path` once, deactivates, and prints a JSON report.
'use strict';

const path = require('path');
const { create, loadWithMock } = require('./vscode-mock');

// vscode-languageclient leaves some promises of a failed start unhandled; VS Code only
// logs them, and so does this runner.
const libraryNoise = [];
process.on('unhandledRejection', (error) => libraryNoise.push(String(error && error.message)));

async function main() {
  const scenario = JSON.parse(process.argv[2] || '{}');
  const mock = create({ settings: scenario.settings || {}, workspaceRoot: scenario.workspaceRoot });
  const extension = loadWithMock(path.join(__dirname, '..', 'extension.js'), mock);
  const api = extension.activate({ subscriptions: [] });
  const started = await api.ready;
  if (scenario.waitMs) {
    await new Promise((r) => setTimeout(r, scenario.waitMs));
  }
  if (scenario.changePath) {
    mock.changeConfiguration('parity.path');
    await new Promise((r) => setTimeout(r, 1500));
  }
  await extension.deactivate();
  await new Promise((r) => setTimeout(r, 300));
  process.stdout.write(JSON.stringify({
    started,
    errors: mock.calls.errors,
    commands: mock.calls.commands,
    libraryNoise,
  }) + '\n');
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error && error.stack}\n`);
    process.exit(1);
  },
);
