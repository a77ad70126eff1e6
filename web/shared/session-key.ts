/**
 * The API key lives in this tab's session storage: it survives a reload, is gone when the tab
 * closes, and never appears in a URL (URLs end up in histories and proxy logs).
 */
const STORAGE_KEY = 'oms.apiKey';

export function storedKey(): string | null {
  try {
    return sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function storeKey(key: string): void {
  sessionStorage.setItem(STORAGE_KEY, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
