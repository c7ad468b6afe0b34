// The part of Web Storage the console's remembered state uses, so that logic also runs in Node tests.

/** `localStorage` or `sessionStorage`, or a stand-in with the same three methods. */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
