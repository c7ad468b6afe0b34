// Starts the console: one store, its commands and notifier, and the <sb-app> root.
import "./app-shell.js";
import type { AppShell } from "./app-shell.js";
import { ChatCommands } from "./chat-commands.js";
import { ConsoleStore } from "./console-store.js";
import { Notifier } from "./notifier.js";
import { ReadMarker } from "./read-marker.js";
import { ThemeApplier } from "./theme.js";

const store = new ConsoleStore();
const commands = new ChatCommands(store);
new Notifier(store);
new ReadMarker(store);
const theme = new ThemeApplier();
theme.set(store.prefs.theme);
store.subscribe(() => theme.set(store.prefs.theme));

// Coming back to the tab reads the open chat.
document.addEventListener("visibilitychange", () => {
  const chat = store.activeChat;
  if (!document.hidden && chat?.unread) store.open(chat.sessionId);
});

const app = document.createElement("sb-app") as AppShell;
app.store = store;
app.commands = commands;
document.body.append(app);
store.restore();
