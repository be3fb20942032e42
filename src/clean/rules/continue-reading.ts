/**
 * "Continue reading: <title> ..." teasers and "Read more / Also read" link lines. A line that says
 * where the full text is ("Read the full article at X") is also reported as a 'credit' attribution.
 * Line 0 is the headline position, and a headline may legitimately start with "Read" words.
 * Data: continue-reading.json.
 */
import { outletLineRule } from './outlet-lines.js';
import data from './continue-reading.json' with { type: 'json' };

export const continueReading = outletLineRule('continue-reading', data, 'credit', 1);
