/** The main region's views, in tab order. Each view is one component chosen in App.svelte. */
export const VIEWS = [
  { id: 'similar', label: 'Similar films' },
  { id: 'foryou', label: 'For you' },
  { id: 'map', label: 'Map' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'library', label: 'Library' },
] as const;

/** Which view the main region shows. */
export type ViewId = (typeof VIEWS)[number]['id'];
