// VS Code client for the parity language server: `parity lsp`, over stdio.
//
// The server gives diagnostics as you type, hover, go to definition, document
// symbols, completion, formatting and semantic tokens. This file only starts it
// (the binary is the `parity.path` setting), restarts it when that setting changes,
// and says clearly when it cannot start.
'use strict';

const childProcess = require('child_process');
const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { CloseAction, ErrorAction, LanguageClient } = require('vscode-languageclient/node');

/** How long the server may take to answer `initialize` before it is reported and stopped. */
const START_TIMEOUT_MS = Number(process.env.PARITY_LSP_START_TIMEOUT_MS) || 15000;
/** A server that crashes more often than this in three minutes is not restarted again. */
const MAX_RESTARTS = 4;

/** @type {LanguageClient | undefined} */
let client;
/** @type {import('child_process').ChildProcess | undefined} */
let serverProcess;
/** @type {vscode.OutputChannel | undefined} */
let outputChannel;
/** Bumped on every start, so that a late failure of an old start stays quiet. */
let generation = 0;

function workspaceRoot() {
  const folders = vscode.workspace.workspaceFolders;
  return folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
}

/**
 * The binary that runs the server: the `parity.path` setting, with `~` expanded,
 * `${workspaceFolder}` substituted and a relative path (one with a slash) taken from
 * the first workspace folder. A bare name such as `parity` is looked up on PATH.
 */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration('parity').get('path');
  let command = typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'parity';
  const root = workspaceRoot();
  if (root) {
    command = command.replace(/\$\{workspaceFolder\}/g, root);
  }
  if (command === '~' || command.startsWith('~/')) {
    command = path.join(os.homedir(), command.slice(1));
  }
  const hasSeparator = command.includes('/') || (process.platform === 'win32' && command.includes('\\'));
  if (hasSeparator && !path.isAbsolute(command) && root) {
    command = path.resolve(root, command);
  }
  return command;
}

/**
 * Spawns `COMMAND lsp` and hands its stdio to the client. Spawning here (rather than
 * letting the client do it) lets a failure name its cause: a binary that is not there
 * rejects with the spawn error, and one that exits at once (an old parity without
 * `lsp`) is reported with the last line it wrote to stderr.
 */
function spawnServer(command, stderrTail) {
  return () =>
    new Promise((resolve, reject) => {
      const child = childProcess.spawn(command, ['lsp'], {
        cwd: workspaceRoot(),
        env: process.env,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      child.once('error', reject);
      child.once('spawn', () => {
        serverProcess = child;
        resolve(child);
      });
      // Writes after the server died are reported through the exit, not as a crash.
      child.stdin.on('error', () => {});
      child.stderr.on('data', (data) => {
        const lines = data.toString('utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
        if (lines.length > 0) {
          stderrTail.last = lines[lines.length - 1];
        }
      });
      child.once('exit', (code, signal) => {
        stderrTail.exit = signal ? `killed by ${signal}` : `exited with status ${code}`;
      });
    });
}

async function startClient() {
  const mine = ++generation;
  const command = serverCommand();
  const stderrTail = { last: undefined, exit: undefined };
  let running = false;
  const clientOptions = {
    documentSelector: [{ language: 'parity' }],
    outputChannel,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.parity'),
    },
    // A server that never finishes starting is reported once (below), not restarted in a loop.
    initializationFailedHandler: () => false,
    errorHandler: errorHandler(() => running),
  };
  // The id `parity` makes the client read the `parity.trace.server` setting.
  const next = new LanguageClient('parity', 'Parity Language Server', spawnServer(command, stderrTail), clientOptions);
  client = next;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`it did not answer \`initialize\` within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
  });
  try {
    await Promise.race([next.start(), timeout]);
    // `start` can resolve although the server exited during the handshake.
    if (!next.isRunning()) {
      await waitForExit(serverProcess, 1000);
      throw new Error('the connection closed during the handshake');
    }
    running = true;
    return true;
  } catch (err) {
    if (mine !== generation) {
      return false; // A newer start (or a stop) replaced this one.
    }
    client = undefined;
    killServer();
    next.stop(500).catch(() => {});
    let reason = err && err.message ? err.message : String(err);
    if (err && err.code === 'ENOENT') {
      reason = 'no such file';
    } else if (stderrTail.exit) {
      reason = `it ${stderrTail.exit}${stderrTail.last ? `: ${stderrTail.last}` : ''}`;
    }
    // Not awaited: the notification stays until the user closes it.
    const openSettings = 'Open Settings';
    vscode.window
      .showErrorMessage(
        `Parity: cannot start the language server \`${command} lsp\` (${reason}). ` +
          'Install a parity that has `parity lsp`, or set `parity.path` to the parity binary.',
        openSettings,
      )
      .then((choice) => {
        if (choice === openSettings) {
          vscode.commands.executeCommand('workbench.action.openSettings', 'parity.path');
        }
      });
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * While the client starts, a failure is reported once by startClient; after that, a
 * crashed server is restarted, at most MAX_RESTARTS times in three minutes.
 */
function errorHandler(isRunning) {
  const restarts = [];
  return {
    error: (_error, _message, count) => ({
      action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown,
      handled: !isRunning(),
    }),
    closed: () => {
      if (!isRunning()) {
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      const now = Date.now();
      restarts.push(now);
      while (restarts.length > 0 && now - restarts[0] > 3 * 60 * 1000) {
        restarts.shift();
      }
      if (restarts.length > MAX_RESTARTS) {
        return {
          action: CloseAction.DoNotRestart,
          message: `The parity language server crashed ${restarts.length} times in the last 3 minutes and will not be restarted. See the output "Parity Language Server"; run "Parity: Restart Language Server" to try again.`,
        };
      }
      return { action: CloseAction.Restart };
    },
  };
}

/** Resolves when CHILD has exited, or after MS milliseconds. */
function waitForExit(child, ms) {
  if (!child || child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function killServer() {
  const child = serverProcess;
  serverProcess = undefined;
  if (child && child.exitCode === null && child.signalCode === null) {
    child.kill();
  }
}

async function stopClient() {
  generation++;
  const old = client;
  const child = serverProcess;
  client = undefined;
  if (old) {
    try {
      await old.stop(2000);
    } catch (_) {
      // It never started, or it is gone already: nothing to do.
    }
  }
  // `stop` asks the server to exit; one that has not within a second is ended here.
  await waitForExit(child, 1000);
  if (serverProcess === child) {
    killServer();
  } else if (child && child.exitCode === null && child.signalCode === null) {
    child.kill();
  }
}

async function restartClient() {
  await stopClient();
  return startClient();
}

/** @param {vscode.ExtensionContext} context */
function activate(context) {
  outputChannel = vscode.window.createOutputChannel('Parity Language Server');
  context.subscriptions.push(outputChannel);
  context.subscriptions.push(
    vscode.commands.registerCommand('parity.restartServer', restartClient),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('parity.path')) {
        restartClient();
      }
    }),
  );
  // Not awaited: a server that is slow to answer `initialize` must not hold up activation.
  return { ready: startClient() };
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate, serverCommand };
