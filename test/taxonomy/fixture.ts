/** An invented town's taxonomy (Gullhaven: its tram, harbour and bakery debates), shared by the taxonomy, training and export tests. */
import type { TaxonomyFileInput } from '../../src/taxonomy/file.js';

export const TOWN_TAXONOMY = {
  id: 'gullhaven-debates',
  version: '1',
  name: 'Gullhaven local debates',
  domains: [
    {
      code: 'GH',
      name: 'Gullhaven',
      definition: 'Claims pushed in the local press of the invented town of Gullhaven.',
      narratives: [
        {
          name: 'The tram is a waste',
          definition: 'The new tram line costs too much and serves nobody.',
          examples: ['Empty carriages rattle past while the council pays the bill.'],
          subNarratives: [
            { name: 'Costs hidden from residents', definition: 'The council hides what the tram really costs.' },
            { name: 'Nobody rides it', definition: 'The tram runs empty.' },
          ],
        },
        {
          name: 'The harbour is sold off',
          definition: 'Outsiders are buying the harbour and pushing out the fishing crews.',
          subNarratives: [{ name: 'Fishing crews pushed out', definition: 'Local crews lose their moorings.' }],
        },
        {
          name: 'The bakery guild fixes prices',
          definition: 'The bakers agree among themselves to keep bread expensive.',
          subNarratives: [],
        },
      ],
    },
  ],
} satisfies TaxonomyFileInput;

export const TRAM = 'GH: The tram is a waste';
export const TRAM_COSTS = 'GH: The tram is a waste: Costs hidden from residents';
export const TRAM_EMPTY = 'GH: The tram is a waste: Nobody rides it';
export const HARBOUR = 'GH: The harbour is sold off';
export const HARBOUR_CREWS = 'GH: The harbour is sold off: Fishing crews pushed out';
export const BAKERY = 'GH: The bakery guild fixes prices';
