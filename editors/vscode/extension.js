// VS Code client for the parity language server (`parity lsp`, over stdio).
//
// The server gives diagnostics as you type, hover, go to definition, document
// symbols, completion, formatting and semantic tokens. This file only starts it,
// restarts it when `parity.path` changes, and says clearly when it cannot start.
'use strict';

const os = require('os');
const path = require('path');
const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

/** @type {LanguageClient | undefined} */
let client;
/** @type {vscode.OutputChannel | undefined} */
let outputChannel;

/**
 * The command that runs the server: the `parity.path` setting, with `~` expanded,
 * `${workspaceFolder}` substituted and a relative path (one with a slash) taken from
 * the first workspace folder. A bare name such as `parity` is looked up on PATH.
 */
function serverCommand() {
  const configured = vscode.workspace.getConfiguration('parity').get('path');
  let command = typeof configured === 'string' && configured.trim() !== '' ? configured.trim() : 'parity';
  const folders = vscode.workspace.workspaceFolders;
  const root = folders && folders.length > 0 ? folders[0].uri.fsPath : undefined;
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

async function startClient() {
  const command = serverCommand();
  const executable = { command, args: ['lsp'], transport: TransportKind.stdio };
  const serverOptions = { run: executable, debug: executable };
  const clientOptions = {
    documentSelector: [{ language: 'parity' }],
    outputChannel,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.parity'),
    },
  };
  // The id `parity` makes the client read the `parity.trace.server` setting.
  const next = new LanguageClient('parity', 'Parity Language Server', serverOptions, clientOptions);
  client = next;
  try {
    await next.start();
  } catch (err) {
    if (client === next) {
      client = undefined;
    }
    try {
      await next.dispose();
    } catch (_) {
      // The client never ran; there is nothing left to stop.
    }
    const reason = err && err.message ? err.message : String(err);
    const openSettings = 'Open Settings';
    const choice = await vscode.window.showErrorMessage(
      `Parity: cannot start the language server \`${command} lsp\` (${reason}). ` +
        'Install parity or set `parity.path` to the parity binary.',
      openSettings,
    );
    if (choice === openSettings) {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'parity.path');
    }
    return false;
  }
  return true;
}

async function stopClient() {
  const old = client;
  client = undefined;
  if (old) {
    try {
      await old.stop();
    } catch (_) {
      // Already stopped (or it never started): nothing to do.
    }
  }
}

async function restartClient() {
  await stopClient();
  return startClient();
}

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
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
  await startClient();
}

function deactivate() {
  return stopClient();
}

module.exports = { activate, deactivate, serverCommand };
