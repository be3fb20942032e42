/** The API token the dashboard writes with: kept in sessionStorage (gone when the tab closes, never in a URL), sent as `Authorization: Bearer`. */
import { h } from './dom.js';

const KEY = 'narrascope.token';

export function currentToken(): string {
  try {
    return sessionStorage.getItem(KEY) ?? '';
  } catch {
    return ''; // storage refused (a locked-down browser): the dashboard still reads
  }
}

function storeToken(token: string): void {
  try {
    if (token) sessionStorage.setItem(KEY, token);
    else sessionStorage.removeItem(KEY);
  } catch {
    /* storage refused: the token lasts until the page is reloaded */
  }
}

export function authHeaders(): Record<string, string> {
  const token = currentToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/**
 * The header's token field: a password input saved on change, with a note saying whether a token is set.
 * `changed` runs after a change: a private server answers reads only with a token, so the page reads again.
 */
export function tokenField(changed: () => void): HTMLElement {
  const state = h('span', { class: 'token-state', attrs: { 'data-testid': 'token-state' } });
  const show = () => (state.textContent = currentToken() ? 'token set' : 'no token: read only');
  const input = h('input', {
    class: 'token-input',
    attrs: { type: 'password', name: 'token', autocomplete: 'off', placeholder: 'API token for corrections', 'aria-label': 'API token', 'data-testid': 'token-input' },
  });
  input.value = currentToken();
  input.addEventListener('change', () => {
    // A change event can come twice for one edit (committed by script, then on blur): read again only for a new token.
    if (input.value.trim() === currentToken()) return;
    storeToken(input.value.trim());
    show();
    changed();
  });
  show();
  return h('label', { class: 'token-field', title: 'A token from "narrascope tokens create <name> --role annotator"; its name is the author of your decisions' }, input, state);
}
