/**
 * Donation, subscription and newsletter promos ("Please support us", "Try <Outlet> free for a month").
 * A promo line is removed; an outlet it advertises is reported as a 'promotes' attribution.
 * Data: promos.json.
 */
import { outletLineRule } from './outlet-lines.js';
import data from './promos.json' with { type: 'json' };

export const promos = outletLineRule('promos', data, 'promotes');
