/** Loaded words: emotionally charged vocabulary (Loaded_Language). Word list in loaded-words.json. */
import list from './loaded-words.json' with { type: 'json' };
import { findAll, phraseRegExp, type Detector } from './detector.js';

const RE = phraseRegExp(list.phrases);

export const loadedWords: Detector = {
  id: 'loaded-words',
  technique: 'Loaded_Language',
  languages: ['en'],
  detect: (text) => findAll(text, RE, 'Loaded_Language', list.confidence, 'detector:loaded-words'),
};
