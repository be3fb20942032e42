/** The 14 frames of SemEval-2023 Task 3 subtask 2 (official strings, after Card et al. 2015). */
export const FRAMES = [
  'Economic',
  'Capacity_and_resources',
  'Morality',
  'Fairness_and_equality',
  'Legality_Constitutionality_and_jurisprudence',
  'Policy_prescription_and_evaluation',
  'Crime_and_punishment',
  'Security_and_defense',
  'Health_and_safety',
  'Quality_of_life',
  'Cultural_identity',
  'Public_opinion',
  'Political',
  'External_regulation_and_reputation',
] as const;
export type Frame = (typeof FRAMES)[number];

export function isFrame(name: string): name is Frame {
  return (FRAMES as readonly string[]).includes(name);
}
