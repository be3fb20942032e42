/** Text features: tokens, hashed word and character n-grams, fitted tf-idf spaces. */
export * from './tokenize.js';
export * from './hasher.js';
export * from './tfidf.js';
