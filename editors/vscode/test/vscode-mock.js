// A stand-in for the `vscode` module, enough for extension.js and vscode-languageclient
// to start and stop a client outside VS Code. Whatever it does not define on purpose is
// a harmless no-op that returns a disposable (see `anything`).
'use strict';

class Disposable {
  constructor(fn) { this._fn = fn; }
  static from(...items) { return new Disposable(() => items.forEach((d) => d && d.dispose && d.dispose())); }
  dispose() { if (this._fn) { this._fn(); this._fn = undefined; } }
}

class EventEmitter {
  constructor() { this._listeners = new Set(); this.event = (fn) => { this._listeners.add(fn); return new Disposable(() => this._listeners.delete(fn)); }; }
  fire(value) { for (const fn of [...this._listeners]) fn(value); }
  dispose() { this._listeners.clear(); }
}

class Uri {
  constructor(scheme, fsPath) { this.scheme = scheme; this.fsPath = fsPath; this.path = fsPath; }
  static file(p) { return new Uri('file', p); }
  static parse(s) { return new Uri(s.split(':')[0], s.replace(/^file:\/\//, '')); }
  toString() { return `${this.scheme}://${this.fsPath}`; }
  with() { return this; }
}

class CancellationTokenSource {
  constructor() { const e = new EventEmitter(); this.token = { isCancellationRequested: false, onCancellationRequested: e.event }; }
  cancel() { this.token.isCancellationRequested = true; }
  dispose() {}
}

// A callable, constructible, indexable no-op: every property of it is itself, calling
// it returns a disposable, and `then` is absent so that it is never taken for a promise.
const anything = new Proxy(function anything() {}, {
  get(target, key) {
    if (key === 'then') return undefined;
    if (key === 'dispose') return () => {};
    if (key === Symbol.toPrimitive) return () => '';
    if (key === 'prototype') return target.prototype;
    return anything;
  },
  apply() { return new Disposable(); },
  construct() { return new Disposable(); },
});

function create({ settings = {}, workspaceRoot } = {}) {
  const calls = { errors: [], commands: [], executed: [] };
  const configListeners = new EventEmitter();
  const outputLines = [];
  const channel = {
    name: 'Parity Language Server',
    append: (s) => outputLines.push(s),
    appendLine: (s) => outputLines.push(s),
    replace() {}, clear() {}, show() {}, hide() {}, dispose() {},
  };
  const getConfiguration = (section) => ({
    get: (key, fallback) => {
      const full = section ? `${section}.${key}` : key;
      return Object.prototype.hasOwnProperty.call(settings, full) ? settings[full] : fallback;
    },
    has: () => false,
    inspect: () => undefined,
    update: async () => {},
  });
  const event = () => new Disposable();
  const vscode = {
    version: '1.85.0',
    Disposable, EventEmitter, Uri, CancellationTokenSource,
    CancellationError: class CancellationError extends Error {},
    ProgressLocation: { Window: 10, Notification: 15, SourceControl: 1 },
    env: { appName: 'mock', language: 'en', openExternal: async () => true },
    commands: {
      registerCommand: (id, fn) => { calls.commands.push(id); return new Disposable(); },
      executeCommand: async (...args) => { calls.executed.push(args); },
    },
    window: {
      createOutputChannel: () => channel,
      showErrorMessage: async (message, ...items) => { calls.errors.push(message); return undefined; },
      showWarningMessage: async () => undefined,
      showInformationMessage: async () => undefined,
      withProgress: async (_o, task) => task({ report() {} }, new CancellationTokenSource().token),
      onDidChangeActiveTextEditor: event,
      activeTextEditor: undefined,
      visibleTextEditors: [],
      tabGroups: { all: [], onDidChangeTabs: event, onDidChangeTabGroups: event },
    },
    workspace: {
      getConfiguration,
      workspaceFolders: workspaceRoot ? [{ uri: Uri.file(workspaceRoot), name: 'root', index: 0 }] : undefined,
      textDocuments: [],
      notebookDocuments: [],
      onDidChangeConfiguration: configListeners.event,
      onDidOpenTextDocument: event, onDidCloseTextDocument: event, onDidChangeTextDocument: event,
      onDidSaveTextDocument: event, onWillSaveTextDocument: event, onDidChangeWorkspaceFolders: event,
      onDidOpenNotebookDocument: event, onDidCloseNotebookDocument: event, onDidChangeNotebookDocument: event,
      onDidSaveNotebookDocument: event,
      createFileSystemWatcher: () => ({ onDidCreate: event, onDidChange: event, onDidDelete: event, dispose() {} }),
      applyEdit: async () => true,
    },
    languages: new Proxy({
      match: () => 0,
      createDiagnosticCollection: () => ({ set() {}, delete() {}, clear() {}, dispose() {}, forEach() {}, get() {}, has() { return false; } }),
    }, { get: (t, k) => (k in t ? t[k] : () => new Disposable()) }),
  };
  const mock = new Proxy(vscode, { get: (t, k) => (k in t ? t[k] : anything) });
  return { vscode: mock, calls, outputLines, changeConfiguration: (affected) => configListeners.fire({ affectsConfiguration: (s) => s === affected }) };
}

/** Loads `modulePath` with `require('vscode')` answered by the mock. */
function loadWithMock(modulePath, mock) {
  const Module = require('module');
  const original = Module._load;
  Module._load = function load(request, parent, isMain) {
    if (request === 'vscode') return mock.vscode;
    return original.call(this, request, parent, isMain);
  };
  try {
    // A fresh extension and a fresh vscode-languageclient, which keeps the `vscode` it
    // was first loaded with.
    for (const key of Object.keys(require.cache)) {
      if (key.includes(`${require('path').sep}vscode-languageclient${require('path').sep}`)) delete require.cache[key];
    }
    delete require.cache[require.resolve(modulePath)];
    return require(modulePath);
  } finally {
    Module._load = original;
  }
}

module.exports = { create, loadWithMock };
