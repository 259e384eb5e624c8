/** Owns the session-name field the dialogs share: input, the rule as a hint, the problem. */
/// <reference lib="dom" />

import { html, nothing, type TemplateResult } from "lit";
import { NAME_RULE_TEXT } from "./name_rule.ts";

export interface NameFieldOptions {
  /** The input's id; the hint and error ids derive from it. */
  id: string;
  label: string;
  value: string;
  /** What is wrong with the value (shown and announced), or null. */
  problem: string | null;
  placeholder?: string;
  /** Extra words after the rule. */
  extraHint?: TemplateResult;
  onInput: (value: string) => void;
}

/** A labelled, validated session-name input, wired for screen readers. */
export function nameField(options: NameFieldOptions): TemplateResult {
  const { id, problem } = options;
  const ruleId = `${id}-rule`;
  const errorId = `${id}-error`;
  return html`
    <div class="field">
      <label for=${id}>${options.label}</label>
      <input
        id=${id}
        class="input mono"
        autocomplete="off"
        spellcheck="false"
        maxlength="64"
        placeholder=${options.placeholder ?? nothing}
        .value=${options.value}
        aria-invalid=${problem ? "true" : "false"}
        aria-describedby=${problem ? `${ruleId} ${errorId}` : ruleId}
        @input=${(e: Event) => options.onInput((e.target as HTMLInputElement).value)}
      >
      <span class="hint" id=${ruleId}>${NAME_RULE_TEXT}${options.extraHint ?? nothing}</span>
      ${problem ? html`<span class="field-error" id=${errorId}>${problem}</span>` : nothing}
    </div>
  `;
}
