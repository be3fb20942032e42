import { describe, expect, it } from 'vitest';
import {
  codePointToUtf16,
  formatAnnotation,
  parseAnnotations,
  parseMentions,
  resolveMention,
  utf16ToCodePoint,
} from '../../src/tasks/entities/io.js';
import { scoreSubtask1 } from '../../src/tasks/entities/score.js';
import { parseRoleTaxonomy } from '../../src/tasks/entities/taxonomy.js';

// An invented article: BOM, CRLF line ends and an astral character (emoji) before the names.
const RAW = '\uFEFFExample headline about Freedonia\r\n\r\nThe 🚀 launch was praised by Mayor Alba Quint.\r\nLater, Alba Quint blamed Sylvania.\r\n';

/** Code-point offsets (inclusive end) of the n-th occurrence of `s` in RAW. */
function cpOffsets(s: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let k = 0; k <= nth; k++) at = RAW.indexOf(s, at + 1);
  return utf16ToCodePoint(RAW, { start: at, end: at + s.length });
}

describe('subtask-1 io', () => {
  it('converts code-point offsets with an inclusive end, counting the BOM and both CR and LF', () => {
    const off = cpOffsets('Alba Quint');
    const utf16 = RAW.indexOf('Alba Quint');
    // The emoji is two UTF-16 units but one code point; the BOM and \r\n count as characters.
    expect(off.start).toBe(utf16 - 1);
    expect(off.end).toBe(off.start + 'Alba Quint'.length - 1);
    expect([...RAW].slice(off.start, off.end + 1).join('')).toBe('Alba Quint');
    const back = codePointToUtf16(RAW, off.start, off.end);
    expect(RAW.slice(back.start, back.end)).toBe('Alba Quint');
  });

  it('round-trips annotation lines with several fine roles', () => {
    const off = cpOffsets('Sylvania');
    const line = formatAnnotation({ file: 'X_1.txt', mention: 'Sylvania', start: off.start, end: off.end, main: 'Antagonist', fine: ['Instigator', 'Deceiver'] });
    expect(line.split('\t')).toHaveLength(7);
    const { rows, problems } = parseAnnotations(`${line}\r\n`);
    expect(problems).toEqual([]);
    expect(rows[0]).toMatchObject({ file: 'X_1.txt', mention: 'Sylvania', start: off.start, end: off.end, main: 'Antagonist', fine: ['Instigator', 'Deceiver'], line: 1 });
    expect(formatAnnotation(rows[0])).toBe(line);
  });

  it('reports bad lines by number and keeps the rest', () => {
    const { rows, problems } = parseMentions('a.txt\tAlba\t3\t6\nb.txt\tBad\tx\t9\nc.txt\tshort\n\nd.txt\tOk\t10\t11\n');
    expect(rows.map((r) => r.file)).toEqual(['a.txt', 'd.txt']);
    expect(problems.map((p) => p.line)).toEqual([2, 3]);
    expect(problems[0].message).toMatch(/integers/);
  });

  it('uses exact offsets when they match and falls back to the nearest occurrence otherwise', () => {
    const second = cpOffsets('Alba Quint', 1);
    const exact = resolveMention(RAW, { mention: 'Alba Quint', ...second });
    expect(exact?.exact).toBe(true);
    expect(exact?.span.start).toBe(RAW.lastIndexOf('Alba Quint'));
    // Off by two: the nearest occurrence is the second one, and a note says so.
    const moved = resolveMention(RAW, { mention: 'Alba Quint', start: second.start + 2, end: second.end + 2 });
    expect(moved?.exact).toBe(false);
    expect(moved?.span.start).toBe(RAW.lastIndexOf('Alba Quint'));
    expect(moved?.note).toMatch(/nearest occurrence/);
    expect(resolveMention(RAW, { mention: 'Nobody', start: 5, end: 10 })).toBeNull();
  });
});

describe('official subtask-1 scores', () => {
  const g = (file: string, main: string, ...fine: string[]) => ({ file, mention: 'E', start: 0, end: 0, main, fine });
  it('computes exact match on fine-role sets, micro P/R/F1 and main accuracy', () => {
    const gold = [g('a', 'Antagonist', 'Tyrant'), g('b', 'Antagonist', 'Deceiver', 'Corrupt'), g('c', 'Innocent', 'Victim'), g('d', 'Protagonist', 'Guardian')];
    const pred = [g('a', 'Antagonist', 'Tyrant'), g('b', 'Antagonist', 'Corrupt', 'Deceiver'), g('c', 'Antagonist', 'Instigator'), g('d', 'Protagonist', 'Guardian', 'Virtuous')];
    const s = scoreSubtask1(gold, pred);
    expect(s.emr).toBeCloseTo(2 / 4); // a, b (order of roles does not matter)
    expect(s.mainAccuracy).toBeCloseTo(3 / 4);
    // tp = Tyrant, Deceiver, Corrupt, Guardian = 4; predicted 6; gold 5.
    expect(s.microPrecision).toBeCloseTo(4 / 6);
    expect(s.microRecall).toBeCloseTo(4 / 5);
    expect(s.microF1).toBeCloseTo((2 * 4) / 11);
  });

  it('counts a missing prediction as wrong and matches keys ignoring double quotes in the mention', () => {
    const gold = [{ ...g('a', 'Innocent', 'Victim'), mention: '"Town"' }, g('b', 'Antagonist', 'Spy')];
    const pred = [{ ...g('a', 'Innocent', 'Victim'), mention: 'Town' }, g('z', 'Antagonist', 'Spy')];
    const s = scoreSubtask1(gold, pred);
    expect(s.emr).toBeCloseTo(0.5);
    expect(s.missing).toBe(1);
    expect(s.extra).toBe(1);
  });
});

describe('role taxonomy', () => {
  it('reads main → fine roles and rejects unknown main roles', () => {
    const t = parseRoleTaxonomy('main_role\tfine_grained_role\nProtagonist\tGuardian\nAntagonist\tTyrant\r\nInnocent\tVictim\n');
    expect(t.fineRoles).toEqual(['Guardian', 'Tyrant', 'Victim']);
    expect(t.mainOf.get('Tyrant')).toBe('Antagonist');
    expect(() => parseRoleTaxonomy('Hero\tSaint\n', 'roles.tsv')).toThrow(/roles.tsv:1: unknown main role "Hero"/);
  });
});
