import { describe, expect, it } from 'vitest';
import { byline } from '../../src/clean/rules/byline.js';
import { clean } from './helpers.js';

describe('byline', () => {
  it('removes placeholder bylines', () => {
    const raw = 'Headline\n\nBy Author\n\nText of the story.\n\nPosted by admin on 3 May 2024\n';
    expect(clean(raw, [byline]).texts).toEqual(['By Author', 'Posted by admin on 3 May 2024']);
  });

  it('keeps real bylines and sentences that start with "By"', () => {
    const raw = 'Headline\n\nBy Jane Example\n\nBy the afternoon the editor had left the building.';
    expect(clean(raw, [byline]).removed).toEqual([]);
  });

  it('removes a placeholder byline with a date, but keeps "By the editor, …" prose', () => {
    const raw = 'Headline\n\nBy Admin, March 3, 2024\n\nBy the editor, who said the invented council would meet on Friday.\n\nPosted by staff on the harbour front, residents gathered to watch.';
    expect(clean(raw, [byline]).texts).toEqual(['By Admin, March 3, 2024']);
  });
});

