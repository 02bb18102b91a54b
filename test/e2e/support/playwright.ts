/**
 * The part of playwright-core's API these tests use. playwright-core is not a dependency of the project:
 * scripts/e2e-setup.sh installs it into the e2e cache, and the tests load it from there.
 */
export interface Locator {
  first(): Locator;
  last(): Locator;
  nth(index: number): Locator;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  filter(options: { hasText?: string | RegExp }): Locator;
  waitFor(options?: { state?: 'attached' | 'detached' | 'visible' | 'hidden'; timeout?: number }): Promise<void>;
  click(options?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  hover(options?: { timeout?: number; position?: { x: number; y: number } }): Promise<void>;
  fill(text: string, options?: { timeout?: number }): Promise<void>;
  press(key: string, options?: { timeout?: number }): Promise<void>;
  innerText(options?: { timeout?: number }): Promise<string>;
  allInnerTexts(): Promise<string[]>;
  count(): Promise<number>;
  isVisible(): Promise<boolean>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
  getAttribute(name: string): Promise<string | null>;
  evaluateAll<R>(fn: string | ((elements: DomElement[]) => R)): Promise<R>;
  screenshot(options?: { path?: string }): Promise<Buffer>;
}

export interface ConsoleMessage { text(): string; type(): string }

export interface Page {
  goto(url: string, options?: { timeout?: number }): Promise<unknown>;
  on(event: 'console', listener: (message: ConsoleMessage) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
  getByRole(role: string, options?: { name?: string | RegExp }): Locator;
  screenshot(options?: { path?: string; fullPage?: boolean; clip?: { x: number; y: number; width: number; height: number } }): Promise<Buffer>;
  keyboard: { press(key: string): Promise<void>; type(text: string, options?: { delay?: number }): Promise<void>; insertText(text: string): Promise<void> };
  mouse: { move(x: number, y: number, options?: { steps?: number }): Promise<void>; click(x: number, y: number): Promise<void> };
  waitForTimeout(ms: number): Promise<void>;
  url(): string;
  frames(): Frame[];
  mainFrame(): Frame;
  /** A string is evaluated in the page as an expression. */
  evaluate<R>(expression: string): Promise<R>;
}

export interface Frame {
  content(): Promise<string>;
  url(): string;
  locator(selector: string, options?: { hasText?: string | RegExp }): Locator;
}

export interface BrowserContext {
  pages(): Page[];
  newPage(): Promise<Page>;
  on(event: 'page', listener: (page: Page) => void): void;
  close(): Promise<void>;
}

export interface Playwright {
  chromium: {
    launchPersistentContext(userDataDir: string, options: {
      executablePath: string; headless?: boolean; args?: string[]; viewport?: { width: number; height: number }; deviceScaleFactor?: number;
    }): Promise<BrowserContext>;
  };
}

/** What page-side callbacks read of an element (the tests compile without the DOM library). */
export interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
}

export interface DomElement extends DomNode {
  id: string;
  className: unknown;
  innerText?: string;
  getAttribute(name: string): string | null;
  querySelector(selector: string): DomElement | null;
}
