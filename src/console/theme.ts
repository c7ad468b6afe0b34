// Applies the chosen theme to the page: `data-theme` on <html>, following the system while the choice is "system".
import type { ThemeChoice } from "./preferences.js";

const DARK_QUERY = "(prefers-color-scheme: dark)";

/** Keeps `<html data-theme>` at "light" or "dark" for the current choice. */
export class ThemeApplier {
  #choice: ThemeChoice = "system";
  readonly #media = matchMedia(DARK_QUERY);

  constructor() {
    this.#media.addEventListener("change", () => this.#apply());
  }

  /** Switches to `choice` ("system" follows the operating system's setting). */
  set(choice: ThemeChoice): void {
    this.#choice = choice;
    this.#apply();
  }

  #apply(): void {
    const dark = this.#choice === "dark" || (this.#choice === "system" && this.#media.matches);
    const theme = dark ? "dark" : "light";
    if (document.documentElement.dataset.theme !== theme)
      document.documentElement.dataset.theme = theme;
  }
}
