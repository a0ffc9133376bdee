// Starts the extension's language client outside VS Code (with test/vscode-mock.js):
// against a fake server it must run `<parity.path> lsp` and complete the LSP handshake;
// with a missing binary it must show an error message naming the setting.
'use strict';

const test = require('node:test');
const assert = require('node:assert');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { create, loadWithMock } = require('./vscode-mock');

const extensionPath = path.join(__dirname, '..', 'extension.js');
const fakeServer = path.join(__dirname, 'fixtures', 'fake-server.js');

function context() {
  return { subscriptions: [], extensionPath: path.join(__dirname, '..') };
}

async function waitFor(predicate, what, ms = 5000) {
  const start = Date.now();
  while (!predicate()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('starts `parity lsp` from parity.path and completes the handshake', async () => {
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parity-client-')), 'server.log');
  process.env.PARITY_FAKE_SERVER_LOG = log;
  const mock = create({ settings: { 'parity.path': fakeServer } });
  const extension = loadWithMock(extensionPath, mock);
  await extension.activate(context());
  const entries = () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map(JSON.parse) : []);
  await waitFor(() => entries().some((e) => e.method === 'initialized'), 'the initialized notification');
  assert.deepStrictEqual(entries()[0].argv, ['lsp']);
  assert.deepStrictEqual(mock.calls.errors, []);
  assert.ok(mock.calls.commands.includes('parity.restartServer'));
  await extension.deactivate();
  await waitFor(() => entries().some((e) => e.method === 'exit'), 'the exit notification');
  assert.deepStrictEqual(entries().map((e) => e.method).filter(Boolean), ['initialize', 'initialized', 'shutdown', 'exit']);
});

test('shows an error message when the binary cannot be started', async () => {
  const missing = path.join(os.tmpdir(), 'no-such-dir', 'parity-missing');
  const mock = create({ settings: { 'parity.path': missing } });
  const extension = loadWithMock(extensionPath, mock);
  await extension.activate(context());
  const ours = mock.calls.errors.filter((m) => m.startsWith('Parity: cannot start the language server'));
  assert.strictEqual(ours.length, 1, `errors shown: ${JSON.stringify(mock.calls.errors)}`);
  assert.match(ours[0], /parity-missing lsp/);
  assert.match(ours[0], /parity\.path/);
  await extension.deactivate();
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
    const extension = loadWithMock(extensionPath, create({ settings, workspaceRoot: root }));
    assert.strictEqual(extension.serverCommand(), expected, `parity.path=${setting}`);
  }
});
