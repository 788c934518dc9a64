/**
 * The few question kinds the flow needs. Inquirer implements them on a terminal
 * (./inquirer-ui.ts); unit tests script them, so the flow is testable without a tty.
 */
export interface Choice<V> {
  value: V;
  name: string;
  /** Shown after the question once answered. */
  short?: string;
  description?: string;
  /** Checkbox only: pre-selected. */
  checked?: boolean;
}

export interface Ui {
  confirm(q: { message: string; default: boolean }): Promise<boolean>;
  select<V>(q: { message: string; choices: Choice<V>[]; default?: V }): Promise<V>;
  checkbox<V>(q: { message: string; choices: Choice<V>[]; validate?: (values: V[]) => true | string }): Promise<V[]>;
  text(q: { message: string; default?: string; validate: (value: string) => true | string }): Promise<string>;
  /** A line of information between questions (a warning the developer should see before going on). */
  note?(message: string): void;
}
