import { describe, expect, it } from 'vitest';
import { LabelFileError, parseArticleLabels, throwFirst } from '../../src/corpora/semeval2023.js';
import { checkRowsAgainstArticles, formatParagraphLabels, paragraphLines, parseParagraphLabels, parseSpanLabels, parseTemplate } from '../../src/tasks/techniques/io.js';
import { isGenre } from '../../src/tasks/genre/taxonomy.js';

describe('subtask-3 paragraph labels', () => {
  it('parses rows, empty label cells and round-trips the official format', () => {
    const text = '7\t1\t\n7\t3\tDoubt,Loaded_Language\n';
    const { rows, problems } = parseParagraphLabels(text);
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.id, r.line, r.techniques])).toEqual([
      ['7', 1, []],
      ['7', 3, ['Doubt', 'Loaded_Language']],
    ]);
    expect(formatParagraphLabels(rows)).toBe(text);
  });

  it('reports an unknown technique with its line, and throwFirst names the file', () => {
    const { rows, problems } = parseParagraphLabels('7\t1\tDoubt\n7\t2\tMind_Reading\n');
    expect(rows).toHaveLength(1);
    expect(problems).toEqual([{ line: 2, message: 'unknown technique "Mind_Reading"' }]);
    expect(() => throwFirst('gold.txt', problems)).toThrow('gold.txt:2: unknown technique "Mind_Reading"');
    try {
      throwFirst('gold.txt', problems);
    } catch (e) {
      expect(e).toBeInstanceOf(LabelFileError);
      expect((e as LabelFileError).line).toBe(2);
    }
  });

  it('rejects bad line numbers and repeated rows', () => {
    const { problems } = parseParagraphLabels('7\tx\tDoubt\n7\t2\t\n7\t2\tDoubt\n');
    expect(problems.map((p) => p.line)).toEqual([1, 3]);
  });

  it('checks line numbers against the article: a missing line names the template line', () => {
    const article = 'A made-up headline\n\nFirst invented paragraph.\nSecond one.\n';
    const template = parseTemplate('9\t1\tA made-up headline\n9\t3\tFirst invented paragraph.\n9\t2\t\n9\t8\tnothing\n5\t1\tx\n');
    expect(template.problems).toEqual([]);
    const problems = checkRowsAgainstArticles(template.rows, new Map([['9', article]]));
    expect(problems).toEqual([
      { line: 3, message: 'article 9 has no non-empty line 2' },
      { line: 4, message: 'article 9 has no non-empty line 8' },
      { line: 5, message: 'no article with id 5' },
    ]);
  });
});

describe('paragraphLines', () => {
  it('numbers non-empty lines from 1, trims them, and keeps a line holding only U+FEFF', () => {
    const text = 'Title\r\n\r\n  Body line.  \n\uFEFF\n\n';
    const lines = paragraphLines(text);
    expect(lines.map((l) => l.line)).toEqual([1, 3, 4]);
    expect(text.slice(lines[1].start, lines[1].end)).toBe('Body line.');
    expect(text.slice(lines[2].start, lines[2].end)).toBe('\uFEFF');
  });
});

describe('span files', () => {
  it('parses SemEval-2023 spans and rejects unknown techniques and bad offsets', () => {
    const { rows, problems } = parseSpanLabels('1\tSlogans\t4\t9\n1\tNot_A_Technique\t1\t2\n1\tDoubt\t9\t4\n');
    expect(rows).toEqual([{ id: '1', technique: 'Slogans', start: 4, end: 9 }]);
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
  });

  it('reads PTC names only with the PTC vocabulary, and the SI format without a technique', () => {
    expect(parseSpanLabels('1\tFlag-Waving\t0\t3\n', { vocabulary: 'ptc' }).problems).toEqual([]);
    expect(parseSpanLabels('1\tFlag-Waving\t0\t3\n').problems).toHaveLength(1);
    expect(parseSpanLabels('1\t0\t3\n', { withTechnique: false }).rows).toEqual([{ id: '1', technique: '', start: 0, end: 3 }]);
  });
});

describe('article label files', () => {
  it('subtask 1 needs exactly one known genre per row', () => {
    const { rows, problems } = parseArticleLabels('1\topinion\n2\tpoetry\n3\topinion,satire\n', isGenre, 'genre', true);
    expect(rows).toEqual([{ id: '1', labels: ['opinion'] }]);
    expect(problems).toEqual([
      { line: 2, message: 'unknown genre "poetry"' },
      { line: 3, message: 'expected exactly one genre, found 2' },
    ]);
  });

});
