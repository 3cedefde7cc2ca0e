/** @rubric/language-server: the LSP server over stdio; `startServer` wires a connection to the Rubric language service. */
export { startServer, type ServerOptions } from './server.js';
