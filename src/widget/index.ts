// The widget's public face: the <switchboard-chat> element and the helpers to define it.
import { SwitchboardChat } from "./chat-element.js";

export { pickLanguage, stringsFor, UI_LANGUAGES, type UiStrings } from "./i18n.js";
export { renderMarkdown } from "./markdown.js";
export { phaseOf, type WidgetPhase } from "./widget-state.js";
export { SwitchboardChat };

/** The tag name the loader registers. */
export const TAG_NAME = "switchboard-chat";

/** Defines <switchboard-chat> once (a page may load the script twice). */
export function defineSwitchboardChat(): void {
  if (!customElements.get(TAG_NAME)) customElements.define(TAG_NAME, SwitchboardChat);
}
