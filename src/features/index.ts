/** Text features: tokens, hashed word and character n-grams, marked text, fitted tf-idf spaces. */
export * from './tokenize.js';
export * from './hasher.js';
export * from './marked.js';
export * from './tfidf.js';
