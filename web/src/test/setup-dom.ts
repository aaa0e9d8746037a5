import { cleanup } from '@testing-library/react';
import { afterEach, vi } from 'vitest';

// What Mantine reads from the browser and jsdom does not have (or answers slowly): media queries,
// element resizing, scrolling an option into view, and computed styles with pseudo-elements.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});

class ResizeObserverInJsdom {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}
window.ResizeObserver = ResizeObserverInJsdom;

window.HTMLElement.prototype.scrollIntoView = () => {};

// An autosizing Textarea measures again when web fonts load; jsdom loads none.
if (!document.fonts) {
  Object.defineProperty(document, 'fonts', {
    value: { addEventListener: () => {}, removeEventListener: () => {}, ready: Promise.resolve() },
  });
}

// jsdom's getComputedStyle does not take a pseudo-element and logs "Not implemented" when given one.
const { getComputedStyle } = window;
window.getComputedStyle = (element: Element) => getComputedStyle(element);

// A browser resolves a relative URL ('/api/…') against the page; Node's Request, which jsdom
// leaves in place, refuses it. The app's API client sends relative URLs, as it does in the browser.
const NodeRequest = globalThis.Request;
globalThis.Request = class RequestOfThePage extends NodeRequest {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.href) : input, init);
  }
};

// Each test renders into a fresh document and starts with no answers recorded.
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});
