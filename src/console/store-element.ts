// The base of every console view: holds the store and the chat commands, and re-renders when the store changes.
import { LitElement, type PropertyDeclarations } from "lit";
import type { ChatCommands } from "./chat-commands.js";
import type { ConsoleStore } from "./console-store.js";

/** A Lit element bound to the console store (set `.store` and `.commands` from the parent). */
export class StoreElement extends LitElement {
  static override properties: PropertyDeclarations = {
    store: { attribute: false },
    commands: { attribute: false },
  };
  declare store: ConsoleStore;
  declare commands: ChatCommands;
  #unsubscribe: (() => void) | null = null;
  #subscribed: ConsoleStore | null = null;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#follow();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    this.#subscribed = null;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (changed.has("store")) this.#follow();
  }

  #follow(): void {
    if (!this.store || this.#subscribed === this.store || !this.isConnected) return;
    this.#unsubscribe?.();
    this.#subscribed = this.store;
    this.#unsubscribe = this.store.subscribe(() => this.requestUpdate());
  }
}
