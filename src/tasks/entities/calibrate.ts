/**
 * Calibrated confidences of entity roles (issue 13), fitted on out-of-fold scores of the training
 * mentions and applied only after the roles are decided, so the decisions never change:
 *
 * - main role: bias-corrected temperature scaling of the three one-vs-rest main-role scores; the
 *   confidence shown is the calibrated probability of the decided main role;
 * - fine roles: Platt scaling of the score of each fine role that decoding shows. The rule, fixed
 *   before any measurement: a role gets its own map when it was shown at least FINE_MIN_SHOWN times
 *   in the out-of-fold decoding, with at least FINE_MIN_OUTCOME right and FINE_MIN_OUTCOME wrong;
 *   every other role uses one shared map fitted on all shown (role, mention) pairs.
 */
import { applyPlatt, applyTemperatureBias, fitPlatt, fitTemperatureBias, type Platt, type TemperatureBias } from '../../learn/index.js';
import { decodeRoles, type DecodeParams } from './decode.js';

export interface EntityCalibration {
  main: TemperatureBias;
  /** One map per fine role (taxonomy order); roles without enough shown examples share one map. */
  fine: Platt[];
}

export const FINE_MIN_SHOWN = 30;
export const FINE_MIN_OUTCOME = 8;

/** Out-of-fold scores and gold roles of training mentions (ids in taxonomy order). */
export interface OutOfFoldRoles {
  pm: readonly Float64Array[];
  pf: readonly Float64Array[];
  main: readonly number[];
  fine: readonly (readonly number[])[];
}

/** Fits the main-role and fine-role maps on out-of-fold scores decoded with the model's own `decode`. */
export function fitEntityCalibration(oof: OutOfFoldRoles, groups: readonly number[][], decode: DecodeParams, numFine: number): EntityCalibration {
  const main = fitTemperatureBias(oof.pm, [...oof.main]);
  const p: number[][] = Array.from({ length: numFine }, () => []);
  const y: boolean[][] = Array.from({ length: numFine }, () => []);
  oof.pm.forEach((pm, i) => {
    for (const f of decodeRoles(pm, oof.pf[i], groups, decode).fine) {
      p[f].push(oof.pf[i][f]);
      y[f].push(oof.fine[i].includes(f));
    }
  });
  const shared = fitPlatt(p.flat(), y.flat());
  const fine = p.map((pf, f) => {
    const right = y[f].filter(Boolean).length;
    const own = pf.length >= FINE_MIN_SHOWN && right >= FINE_MIN_OUTCOME && pf.length - right >= FINE_MIN_OUTCOME;
    return own ? fitPlatt(pf, y[f]) : { ...shared };
  });
  return { main, fine };
}

/** Calibrated probability of main role `m` given the raw main-role scores. */
export function calibratedMain(c: EntityCalibration, mainScores: ArrayLike<number>, m: number): number {
  return applyTemperatureBias(c.main, mainScores)[m];
}

/** Calibrated probability of fine role `f` given its raw score. */
export function calibratedFine(c: EntityCalibration, f: number, score: number): number {
  return applyPlatt(c.fine[f], score);
}

/** Checks a calibration read from a model file; throws naming the file and the field. */
export function checkCalibration(c: unknown, numMain: number, numFine: number, name: string): EntityCalibration {
  const bad = (field: string) => new Error(`${name}: calibration.${field} is malformed`);
  const o = c as Partial<EntityCalibration>;
  const finite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
  if (!o || typeof o !== 'object') throw bad('(root)');
  if (!o.main || !finite(o.main.temperature) || !Array.isArray(o.main.bias) || o.main.bias.length !== numMain || !o.main.bias.every(finite)) throw bad('main');
  if (!Array.isArray(o.fine) || o.fine.length !== numFine || !o.fine.every((q) => q && finite(q.a) && finite(q.b))) throw bad('fine');
  return o as EntityCalibration;
}
