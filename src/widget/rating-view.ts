// The satisfaction question shown once a conversation ended: stars or thumbs, an optional comment, thanks.
import { css, html, nothing, type TemplateResult } from "lit";
import { live } from "lit/directives/live.js";
import { MAX_RATING_COMMENT_CHARS, type RatingStateJson } from "../sdk/index.js";
import type { UiStrings } from "./i18n.js";
import { starIcon, thumbDownIcon, thumbUpIcon } from "./icons.js";

type Question = NonNullable<RatingStateJson["question"]>;

/** Where the question stands: not asked, being answered (maybe sending or failed), answered. */
export type RatingPanel =
  | { step: "none" }
  | {
      step: "asking";
      question: Question;
      score: string | null;
      comment: string;
      sending: boolean;
      failed: boolean;
    }
  | { step: "thanks" };

/** What the question's controls do. */
export interface RatingHandlers {
  pick(score: string): void;
  comment(text: string): void;
  submit(): void;
}

/** The question (or the thanks), or nothing when none is asked. */
export function ratingView(
  panel: RatingPanel,
  t: UiStrings,
  on: RatingHandlers,
): TemplateResult | typeof nothing {
  if (panel.step === "none") return nothing;
  if (panel.step === "thanks") {
    return html`<p class="rating-thanks" part="rating-thanks" role="status">${t.ratingThanks}</p>`;
  }
  const { question, score } = panel;
  const choices =
    question.scale === "five"
      ? ["1", "2", "3", "4", "5"].map((value) => ({
          value,
          label: t.ratingStars(Number(value)),
          icon: starIcon(),
          // Stars up to the chosen one are filled, as people read a star scale.
          on: score !== null && Number(value) <= Number(score),
        }))
      : [
          { value: "up", label: t.ratingUp, icon: thumbUpIcon(), on: score === "up" },
          { value: "down", label: t.ratingDown, icon: thumbDownIcon(), on: score === "down" },
        ];
  return html`<form class="rating" part="rating" data-panel="rating" aria-labelledby="sb-rating-title"
    @submit=${(e: Event) => {
      e.preventDefault();
      on.submit();
    }}>
    <fieldset class="rating-choices ${question.scale}" ?disabled=${panel.sending}>
      <legend id="sb-rating-title" class="rating-title">${t.ratingTitle}</legend>
      ${choices.map(
        (
          c,
        ) => html`<label class="rating-choice ${c.on ? "on" : ""}" part="rating-choice" title=${c.label}>
          <input type="radio" name="sb-rating" .value=${c.value} .checked=${live(score === c.value)}
            aria-label=${c.label} @change=${() => on.pick(c.value)} />
          ${c.icon}
        </label>`,
      )}
    </fieldset>
    ${
      question.comment
        ? html`<label class="rating-comment-label" for="sb-rating-comment">${t.ratingComment}</label>
          <textarea id="sb-rating-comment" class="rating-comment" part="rating-comment" rows="2"
            maxlength=${MAX_RATING_COMMENT_CHARS} .value=${live(panel.comment)} ?disabled=${panel.sending}
            @input=${(e: Event) => on.comment((e.target as HTMLTextAreaElement).value)}></textarea>`
        : nothing
    }
    ${panel.failed ? html`<p class="rating-error" role="alert">${t.ratingFailed}</p>` : nothing}
    <button class="primary" type="submit" part="rating-send" ?disabled=${score === null || panel.sending}>
      ${t.ratingSend}
    </button>
  </form>`;
}

/** The question's styles (part of the element's). */
export const ratingStyles = css`
  .rating { display: flex; flex-direction: column; align-items: center; gap: 8px; width: 100%; }
  .rating-choices { display: flex; flex-wrap: wrap; justify-content: center; gap: 4px; border: 0; margin: 0; padding: 0; }
  .rating-title { width: 100%; text-align: center; margin-bottom: 6px; color: var(--sb-text); font-weight: 600; float: left; }
  .rating-choice {
    position: relative; display: grid; place-items: center; width: 44px; height: 44px; border-radius: 50%;
    color: var(--sb-muted); cursor: pointer;
  }
  .rating-choice input { position: absolute; inset: 0; opacity: 0; margin: 0; cursor: pointer; }
  .rating-choice:has(input:focus-visible) { outline: 3px solid var(--sb-focus, var(--sb-accent)); outline-offset: 1px; }
  .rating-choice:hover, .rating-choice.on { color: var(--sb-accent-text); }
  .five .rating-choice.on .icon { fill: currentColor; }
  .thumbs .rating-choice.on { background: color-mix(in srgb, var(--sb-accent) 14%, transparent); }
  .rating-comment-label { align-self: flex-start; color: var(--sb-text); }
  .rating-comment {
    width: 100%; box-sizing: border-box; resize: vertical; font: inherit; color: var(--sb-text); background: var(--sb-surface);
    border: 1px solid var(--sb-border); border-radius: 12px; padding: 8px 12px;
  }
  .rating-error { color: var(--sb-danger); }
  .rating-thanks { color: var(--sb-text); }
  .primary:disabled { opacity: .5; cursor: default; filter: none; }
`;
