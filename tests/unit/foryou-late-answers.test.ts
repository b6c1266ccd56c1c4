/** Race: a dataset user's wall asked for before the dataset changed must not land after it. */
import { expect, it } from 'vitest';
import { datasetFromCsr } from '../../src/data/build.ts';
import type { Dataset } from '../../src/data/types.ts';
import type { Ranked } from '../../src/engine/api.ts';
import { ForYouState } from '../../src/state/foryou.svelte.ts';

function dataset(users: number, items: number, name: string): Dataset {
  const indptr = Int32Array.from({ length: users + 1 }, (_, u) => u);
  const indices = Int32Array.from({ length: users }, (_, u) => u % items);
  return datasetFromCsr({ indptr, indices, values: new Float32Array(users).fill(4) }, items, name);
}

it('drops a user wall answered after the dataset was replaced', async () => {
  let current = dataset(5, 50, 'old');
  const foryou = new ForYouState(() => current, null);
  foryou.useDataset('old');
  foryou.userId = 1;
  foryou.askForUser(true);
  let answer!: (r: Ranked) => void;
  const { userIndex } = foryou.askedUser!;
  const asked = foryou.showForUser({
    userId: 1,
    userIndex,
    showRated: false,
    dataset: current,
    ask: () => new Promise<Ranked>((resolve) => (answer = resolve)),
  });
  // New ratings arrive (as AppState's #reconcile does it) while the engine ranks for the old ones.
  current = dataset(5, 3, 'new');
  foryou.useDataset('new');
  answer({ ids: Int32Array.from([40, 41, 42]), scores: new Float32Array(3) } as Ranked);
  await asked;
  // Before the fix: the old dataset's item indices 40..42 are shown against a dataset of 3 films.
  expect(foryou.userWall).toBeNull();
  expect(foryou.userPending).toBe(false);
});
