/**
 * Parsed files keyed by their text. The language server re-lints the whole migration folder after each keystroke;
 * only the edited file's text changed, so every other file is a cache hit. Bounded (least recently used first out)
 * both in entries and in characters, so a 10 MB file cannot pin memory forever.
 */
import type { ParsedFile } from '../syntax/parsed';

export class ParseCache {
  private readonly entries = new Map<string, ParsedFile>();
  private characters = 0;

  constructor(
    private readonly parse: (text: string) => ParsedFile,
    private readonly maxEntries = 512,
    private readonly maxCharacters = 32 * 1024 * 1024,
  ) {}

  get(text: string): ParsedFile {
    const cached = this.entries.get(text);
    if (cached) {
      // Re-insert: Map keeps insertion order, so the first key is always the least recently used.
      this.entries.delete(text);
      this.entries.set(text, cached);
      return cached;
    }
    const parsed = this.parse(text);
    if (text.length <= this.maxCharacters) {
      this.entries.set(text, parsed);
      this.characters += text.length;
      this.evict();
    }
    return parsed;
  }

  clear(): void {
    this.entries.clear();
    this.characters = 0;
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.characters <= this.maxCharacters) return;
      this.entries.delete(key);
      this.characters -= key.length;
    }
  }
}
