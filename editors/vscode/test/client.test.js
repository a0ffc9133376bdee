// The extension's language client, run outside VS Code (test/run-client.js with
// test/vscode-mock.js) against test/fixtures/fake-server.js. It must run
// `<parity.path> lsp` (no other argument) and complete the LSP handshake, restart when
// `parity.path` changes, restart a crashed server a few times, and show one clear error
// message when the binary is missing, exits at once (a parity without `lsp`) or never
// answers `initialize`.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const childProcess = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { create, loadWithMock } = require('./vscode-mock');

const fakeServer = path.join(__dirname, 'fixtures', 'fake-server.js');
const ourError = /^Parity: cannot start the language server/;

/** Runs a scenario in its own process; returns its report and what the server logged. */
function run(scenario, env = {}) {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parity-client-')), 'server.log');
  const result = childProcess.spawnSync(process.execPath, [path.join(__dirname, 'run-client.js'), JSON.stringify(scenario)], {
    env: { ...process.env, PARITY_FAKE_SERVER_LOG: log, ...env },
    encoding: 'utf8',
    timeout: 30000,
  });
  assert.strictEqual(result.status, 0, `run-client.js failed: ${result.stderr}`);
  const report = JSON.parse(result.stdout.trim().split('\n').pop());
  const server = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
  return { ...report, server, ours: report.errors.filter((m) => ourError.test(m)) };
}

test('starts `parity lsp` from parity.path and completes the handshake', () => {
  const r = run({ settings: { 'parity.path': fakeServer } });
  assert.strictEqual(r.started, true);
  assert.deepStrictEqual(r.errors, []);
  assert.deepStrictEqual(r.server[0].argv, ['lsp'], 'the server is run as `parity lsp`, nothing more');
  assert.deepStrictEqual(r.server.map((e) => e.method).filter(Boolean), ['initialize', 'initialized', 'shutdown', 'exit']);
  assert.ok(r.commands.includes('parity.restartServer'));
});

test('restarts the server when parity.path changes', () => {
  const r = run({ settings: { 'parity.path': fakeServer }, changePath: true });
  assert.strictEqual(r.started, true);
  assert.deepStrictEqual(r.errors, []);
  // (`$/setTrace` is the client's own answer to a configuration change.)
  const methods = r.server.map((e) => e.method).filter((m) => m && !m.startsWith('$/'));
  assert.deepStrictEqual(methods, ['initialize', 'initialized', 'shutdown', 'exit', 'initialize', 'initialized', 'shutdown', 'exit']);
});

test('shows an error message when the binary does not exist', () => {
  const missing = path.join(os.tmpdir(), 'no-such-dir', 'parity-missing');
  const r = run({ settings: { 'parity.path': missing } });
  assert.strictEqual(r.started, false);
  assert.strictEqual(r.ours.length, 1, JSON.stringify(r.errors));
  assert.match(r.ours[0], /parity-missing lsp` \(no such file\)/);
  assert.match(r.ours[0], /parity\.path/);
});

test('shows an error message when the binary has no `lsp` (exits at once)', () => {
  const r = run({ settings: { 'parity.path': fakeServer } }, { PARITY_FAKE_SERVER_MODE: 'old' });
  assert.strictEqual(r.started, false);
  assert.strictEqual(r.ours.length, 1, JSON.stringify(r.errors));
  assert.match(r.ours[0], /exited with status 2: error: unrecognized subcommand 'lsp'/);
});

test('shows an error message when the server never answers `initialize`', () => {
  const r = run({ settings: { 'parity.path': fakeServer } }, { PARITY_FAKE_SERVER_MODE: 'hang', PARITY_LSP_START_TIMEOUT_MS: '1000' });
  assert.strictEqual(r.started, false);
  assert.strictEqual(r.ours.length, 1, JSON.stringify(r.errors));
  assert.match(r.ours[0], /did not answer `initialize` within 1 s/);
});

test('restarts a server that crashes, at most four times in three minutes', () => {
  const r = run({ settings: { 'parity.path': fakeServer }, waitMs: 3000 }, { PARITY_FAKE_SERVER_MODE: 'crash' });
  assert.strictEqual(r.started, true);
  assert.strictEqual(r.server.filter((e) => e.method === 'initialize').length, 5, 'the first start and four restarts');
  assert.deepStrictEqual(r.ours, []);
  assert.ok(r.errors.some((m) => /crashed 5 times in the last 3 minutes/.test(m)), JSON.stringify(r.errors));
});

test('resolves parity.path: default, ~ and paths relative to the workspace', () => {
  const cases = [
    [undefined, undefined, 'parity'],
    ['', undefined, 'parity'],
    ['parity', '/ws', 'parity'],
    ['~/bin/parity', undefined, path.join(os.homedir(), 'bin/parity')],
    ['./target/debug/parity', '/ws', path.resolve('/ws', 'target/debug/parity')],
    ['${workspaceFolder}/bin/parity', '/ws', '/ws/bin/parity'],
    ['/usr/local/bin/parity', '/ws', '/usr/local/bin/parity'],
  ];
  for (const [setting, root, expected] of cases) {
    const settings = setting === undefined ? {} : { 'parity.path': setting };
    const extension = loadWithMock(path.join(__dirname, '..', 'extension.js'), create({ settings, workspaceRoot: root }));
    assert.strictEqual(extension.serverCommand(), expected, `parity.path=${setting}`);
  }
});

// The real server: .ci/run builds the binary and sets PARITY_BIN, so CI always runs this.
test('starts the real `parity lsp` (PARITY_BIN)', { skip: process.env.PARITY_BIN ? false : 'PARITY_BIN is not set' }, () => {
  const r = run({ settings: { 'parity.path': path.resolve(process.env.PARITY_BIN) } });
  assert.strictEqual(r.started, true, JSON.stringify(r.errors));
  assert.deepStrictEqual(r.errors, []);
});
