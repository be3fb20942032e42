import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { articleContext } from '../../src/tasks/entities/context.js';
import { decodeEntityModel } from '../../src/tasks/entities/model.js';

// Inference adds the article block's decision values once per article instead of copying the
// block into every mention vector; for a linear model both must give the same probabilities.
describe('EntityRoleModel.classify', () => {
  it('scores a mention exactly as the full feature vector would', () => {
    const model = decodeEntityModel(readFileSync(new URL('../../models/entities/EN.nscm', import.meta.url)));
    const raw = 'Harbour talks stall\n\nThe mayor of Lindenvik accused the ministry of hiding the budget. Officials in Lindenvik denied it and promised to protect the fishermen.';
    const ctx = articleContext(raw);
    const start = raw.indexOf('Lindenvik');
    const span = { start, end: start + 'Lindenvik'.length };
    const fast = model.classify(ctx, span, 'Lindenvik');
    const full = model.featurizer.vector(ctx, span, 'Lindenvik', model.prior, true);
    const main = model.main.scores(full);
    const fine = model.fine.scores(full);
    for (let l = 0; l < main.length; l++) expect(fast.mainScores[l]).toBeCloseTo(main[l], 5);
    for (let l = 0; l < fine.length; l++) expect(fast.fineScores[l]).toBeCloseTo(fine[l], 5);
  });
});
