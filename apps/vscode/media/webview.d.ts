/** What VS Code gives a webview script (the part preview.js uses). */
interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeWebviewApi;
