import { expect, it } from 'vitest';
import { Reader } from '../../src/data/reader.ts';
import { packDataset, unpackDataset } from '../../src/persistence/dataset-codec.ts';
import { packStrings, unpackStrings } from '../../src/persistence/strings.ts';

const file = (name: string, text: string) => new File([text], name, { type: 'text/csv' });

it('strings starting with U+FEFF survive the codec without shifting the others', () => {
  expect(unpackStrings(packStrings(['\uFEFFAmélie (2001)', 'Heat (1995)', 'Up (2009)']))).toEqual([
    '\uFEFFAmélie (2001)',
    'Heat (1995)',
    'Up (2009)',
  ]);
});

it('a dataset whose catalogue holds such a string round-trips', async () => {
  const ratings = 'userId,movieId,rating,timestamp\n1,1,4.0,1\n1,2,3.0,1\n2,3,5.0,1\n';
  const movies =
    'movieId,title,genres\n1,Amélie (2001),\uFEFFComedy|Romance\n2,Heat (1995),Action\n3,Up (2009),Animation\n';
  const tags = 'userId,movieId,tag,timestamp\n1,1,\uFEFFparis,1\n1,2,heist,1\n';
  const { dataset } = await new Reader().load([
    file('ratings.csv', ratings),
    file('movies.csv', movies),
    file('tags.csv', tags),
  ]);
  const restored = await unpackDataset(await packDataset(dataset!));
  expect(restored.catalog).toEqual(dataset!.catalog);
});
