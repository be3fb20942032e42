import { describe, expect, it } from 'vitest';
import { commentForm } from '../../src/clean/rules/comment-form.js';
import { clean } from './helpers.js';

const body = 'Example headline\n\nThe mayor of the invented town opened a new bridge on Friday.\n\n';

describe('comment-form', () => {
  it('removes the comment-form block at the end of an article', () => {
    const raw = body + 'Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n\nNotify of\n';
    const r = clean(raw, [commentForm]);
    expect(r.texts).toEqual([
      'Leave a Reply',
      'Your email address will not be published. Required fields are marked *',
      'Notify of',
    ]);
    expect(r.view).toBe(body);
  });

  it('removes a trailing lone Comments or "4 Comments" line', () => {
    expect(clean(body + 'Comments', [commentForm]).texts).toEqual(['Comments']);
    expect(clean(body + '4 Comments\n', [commentForm]).texts).toEqual(['4 Comments']);
  });

  it('keeps a "Comments" or "Related" heading in the middle of the story', () => {
    const raw = body + 'Comments\n\nResidents said the bridge was long overdue.\n\nRelated\n\nThe next project is a school.';
    expect(clean(raw, [commentForm]).removed).toEqual([]);
  });

  it('keeps real sentences that contain the same words', () => {
    const raw = body + 'Leave a reply to the council before Friday, the mayor told residents who wanted to comment.\n\nThe email address of the office will not be published until the vote.';
    expect(clean(raw, [commentForm]).removed).toEqual([]);
  });

  it('removes a scraped readers\' comment thread from its heading to the end', () => {
    const raw = body + 'Comments\n\nSample Reader says\n\nI liked this invented story.\n\nAnother Reader says\n\nMe too.';
    const r = clean(raw, [commentForm]);
    expect(r.texts[0]).toBe('Comments');
    expect(r.texts).toHaveLength(5);
    expect(r.view).toBe(body);
  });

  it('removes form-plugin field text but keeps prose that quotes it', () => {
    const widget = 'Email This field is for validation purposes and should be left unchanged.';
    const prose = 'The developer said the message "this field is for validation purposes and should be left unchanged" confused readers of the invented site.';
    const r = clean(`${body}${widget}\n\n${prose}\n\nMore story.`, [commentForm]);
    expect(r.texts).toEqual([widget]);
  });
});
