/**
 * Normalised keys for an entity name, so that training mentions and new mentions of the same
 * entity meet: the full name, a stemmed form (each word cut to its first 5 letters, which folds
 * most Slavic and Portuguese inflection: "Украины"/"Украине"), and the head word's stem.
 */
import { wordTokens } from '../../features/index.js';

const STEM = 5;

export interface EntityKeys {
  full: string;
  stem: string;
  head: string;
}

export function entityKeys(name: string): EntityKeys {
  const words = wordTokens(name.normalize('NFC'));
  const stems = words.map((w) => [...w].slice(0, STEM).join(''));
  return { full: words.join(' '), stem: stems.join(' '), head: stems[stems.length - 1] ?? '' };
}
