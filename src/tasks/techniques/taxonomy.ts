/**
 * The 23 persuasion techniques of SemEval-2023 Task 3 (the names are the official strings of its
 * scorer), and the mapping from the 14 techniques of PTC / SemEval-2020 Task 11 onto them.
 */

export const TECHNIQUES = [
  'Appeal_to_Authority',
  'Appeal_to_Popularity',
  'Appeal_to_Values',
  'Appeal_to_Fear-Prejudice',
  'Flag_Waving',
  'Causal_Oversimplification',
  'False_Dilemma-No_Choice',
  'Consequential_Oversimplification',
  'Straw_Man',
  'Red_Herring',
  'Whataboutism',
  'Slogans',
  'Appeal_to_Time',
  'Conversation_Killer',
  'Loaded_Language',
  'Repetition',
  'Exaggeration-Minimisation',
  'Obfuscation-Vagueness-Confusion',
  'Name_Calling-Labeling',
  'Doubt',
  'Guilt_by_Association',
  'Appeal_to_Hypocrisy',
  'Questioning_the_Reputation',
] as const;

export type Technique = (typeof TECHNIQUES)[number];

const TECHNIQUE_SET: ReadonlySet<string> = new Set(TECHNIQUES);

export function isTechnique(name: string): name is Technique {
  return TECHNIQUE_SET.has(name);
}

/** The 14 PTC technique names (SemEval-2020 Task 11). */
export const PTC_TECHNIQUES = [
  'Appeal_to_Authority',
  'Appeal_to_fear-prejudice',
  'Bandwagon,Reductio_ad_hitlerum',
  'Black-and-White_Fallacy',
  'Causal_Oversimplification',
  'Doubt',
  'Exaggeration,Minimisation',
  'Flag-Waving',
  'Loaded_Language',
  'Name_Calling,Labeling',
  'Repetition',
  'Slogans',
  'Thought-terminating_Cliches',
  'Whataboutism,Straw_Men,Red_Herring',
] as const;

export type PtcTechnique = (typeof PTC_TECHNIQUES)[number];

/**
 * PTC technique → SemEval-2023 techniques. The three merged PTC classes map to all of their parts;
 * a span of such a class is evidence for any of them, so training uses them only where one is meant.
 */
export const PTC_TO_SEMEVAL2023: Readonly<Record<PtcTechnique, readonly Technique[]>> = {
  Appeal_to_Authority: ['Appeal_to_Authority'],
  'Appeal_to_fear-prejudice': ['Appeal_to_Fear-Prejudice'],
  'Bandwagon,Reductio_ad_hitlerum': ['Appeal_to_Popularity', 'Guilt_by_Association'],
  'Black-and-White_Fallacy': ['False_Dilemma-No_Choice'],
  Causal_Oversimplification: ['Causal_Oversimplification'],
  Doubt: ['Doubt'],
  'Exaggeration,Minimisation': ['Exaggeration-Minimisation'],
  'Flag-Waving': ['Flag_Waving'],
  Loaded_Language: ['Loaded_Language'],
  'Name_Calling,Labeling': ['Name_Calling-Labeling'],
  Repetition: ['Repetition'],
  Slogans: ['Slogans'],
  'Thought-terminating_Cliches': ['Conversation_Killer'],
  'Whataboutism,Straw_Men,Red_Herring': ['Whataboutism', 'Straw_Man', 'Red_Herring'],
};

/** SemEval-2023 technique → the PTC class it falls in, or null for the ones PTC does not have. */
export function toPtcTechnique(t: string): PtcTechnique | null {
  for (const [ptc, targets] of Object.entries(PTC_TO_SEMEVAL2023) as [PtcTechnique, readonly Technique[]][]) {
    if ((targets as readonly string[]).includes(t)) return ptc;
  }
  return null;
}

const PTC_SET: ReadonlySet<string> = new Set(PTC_TECHNIQUES);
export function isPtcTechnique(name: string): name is PtcTechnique {
  return PTC_SET.has(name);
}
