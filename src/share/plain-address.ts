/**
 * The page's address and what in it belongs to a shared link: `?view` or `?embed` open the page
 * view-only or as an embed (the link's `#…` fragment may say so too). One list of those marks
 * serves reading the address at the start and leaving it once the page is the visitor's own.
 */
import type { View } from './link.ts';

/** The query parameters that open a page as an embed or view-only, the first found winning. */
const VIEW_PARAMS = ['embed', 'view'] as const satisfies readonly View[];

/** How the address's query opens the page (undefined: it does not say). */
export function viewByAddress(search: string): View | undefined {
  const params = new URLSearchParams(search);
  return VIEW_PARAMS.find((name) => params.has(name));
}

/**
 * The page's own address without the link it was opened by: no `#…` fragment and no `?view` or
 * `?embed`, every other part kept as it was written. Where a page that became the visitor's own
 * ("Edit a copy") stands, so that a reload opens their saved copy, not the shared link again.
 */
export function plainAddress(address: { readonly origin: string; readonly pathname: string; readonly search: string }): string {
  const kept = address.search
    .replace(/^\?/, '')
    .split('&')
    .filter((part) => part !== '' && !VIEW_PARAMS.some((name) => new URLSearchParams(part).has(name)));
  return `${address.origin}${address.pathname}${kept.length ? `?${kept.join('&')}` : ''}`;
}
