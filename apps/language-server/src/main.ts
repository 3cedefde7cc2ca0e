/**
 * Entry point of `rubric-language-server`: LSP over stdio (`--stdio`, the only
 * transport, is accepted and ignored). Output other than LSP messages goes to
 * the client's log, never stdout; an uncaught error is logged, not fatal.
 */
import { ProposedFeatures, createConnection } from 'vscode-languageserver/node';
import { startServer } from './server.js';

const connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout);
// stdout carries the protocol: anything a dependency prints goes to the client's log instead.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.info = console.log;
console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(' '));
process.on('uncaughtException', (error) => connection.console.error(`Rubric language server: uncaught ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) => connection.console.error(`Rubric language server: unhandled rejection ${String(reason)}`));
startServer(connection);
connection.listen();
