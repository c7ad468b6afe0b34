// The one-script-tag loader: defines <switchboard-chat> and adds one to the page, configured by data-* attributes.
import type { ContextRequest } from "../sdk/index.js";
import { defineSwitchboardChat, type SwitchboardChat, TAG_NAME } from "./index.js";

/** data-* attribute of the script tag → attribute of the element. */
const PASSED_ON: ReadonlyArray<[string, string]> = [
  ["connectorToken", "connector-token"],
  ["host", "host"],
  ["tokenEndpoint", "token-endpoint"],
  ["title", "chat-title"],
  ["lang", "lang"],
  ["streaming", "streaming"],
  ["accent", "accent"],
  ["position", "position"],
  ["theme", "theme"],
  ["storage", "storage"],
  ["storageKey", "storage-key"],
];

/** The element the script tag describes; `data-server` defaults to the origin the script came from. */
export function elementFromScript(script: HTMLScriptElement): SwitchboardChat {
  const element = document.createElement(TAG_NAME) as SwitchboardChat;
  const data = script.dataset;
  const scriptOrigin = script.src ? new URL(script.src, location.href).origin : location.origin;
  element.setAttribute("server", data.server || scriptOrigin);
  for (const [key, attribute] of PASSED_ON) {
    const value = data[key];
    if (value !== undefined && value !== "") element.setAttribute(attribute, value);
  }
  if (data.open !== undefined && data.open !== "false") element.setAttribute("open", "");
  if (data.onContextRequired) element.onContextRequired = pageFunction(data.onContextRequired);
  return element;
}

/**
 * The page's function named by `data-on-context-required` (a global such as `signVisitor`, or a
 * path such as `myApp.signVisitor`), looked up when the widget needs a context token, so the page
 * may define it after the loader ran. A name that holds no function declines.
 */
function pageFunction(path: string): (request: ContextRequest) => unknown {
  return (request) => {
    let owner: unknown;
    let value: unknown = window;
    for (const part of path.split(".")) {
      owner = value;
      value = value == null ? undefined : (value as Record<string, unknown>)[part];
    }
    return typeof value === "function" ? value.call(owner, request) : undefined;
  };
}

function install(script: HTMLScriptElement | null): void {
  defineSwitchboardChat();
  if (!script || script.dataset.mount === "false") return;
  const add = () => document.body.appendChild(elementFromScript(script));
  if (document.body) add();
  else document.addEventListener("DOMContentLoaded", add, { once: true });
}

// document.currentScript is set while an async or deferred classic script runs; the src fallback covers odd loaders.
install(
  (document.currentScript as HTMLScriptElement | null) ??
    document.querySelector<HTMLScriptElement>('script[src*="/widget/switchboard.js"]'),
);
