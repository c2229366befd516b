// Route-level code splitting: a page component taken from a module loaded on first use.
import { lazy, type ComponentType } from 'react';

/**
 * `lazyPage(loadAccount, 'ProfilePanel')`: the named export of a page module as a lazy component.
 * Pages sharing a loader share its chunk; the first page shown waits under the app's Suspense.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a page takes whatever props it declares
export function lazyPage<M extends Record<K, ComponentType<any>>, K extends keyof M & string>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] }));
}
