/**
 * Made-up film titles for the sample catalogue, flavoured by genre ("Midnight Harbor, The", "Last Frontier Rider").
 * Leading articles go to the end, as MovieLens writes them ("Usual Suspects, The (1995)"), which also puts commas
 * in titles and so exercises the CSV quoting path.
 */
import { randomInt, type Random } from './random.ts';

const ADJECTIVES = [
  'Midnight',
  'Silent',
  'Broken',
  'Golden',
  'Last',
  'Hidden',
  'Crimson',
  'Distant',
  'Wild',
  'Quiet',
  'Burning',
  'Frozen',
  'Lonely',
  'Electric',
  'Forgotten',
  'Secret',
  'Savage',
  'Little',
  'Endless',
  'Velvet',
];

const SEQUEL_WORDS = ['Returns', 'Forever', 'Rising', 'Reborn', 'Unleashed', 'Revisited'];

/** Nouns that suit each genre, so a title hints at what the film is. */
const GENRE_NOUNS: Record<string, string[]> = {
  Drama: ['Harbor', 'Letters', 'Summer', 'Daughter', 'Winter', 'Promise', 'Orchard', 'Inheritance'],
  Comedy: ['Wedding', 'Roommates', 'Vacation', 'Neighbors', 'Road Trip', 'Reunion', 'Bachelor', 'Mix-Up'],
  Action: ['Strike', 'Protocol', 'Vendetta', 'Siege', 'Fury', 'Target', 'Ambush', 'Convoy'],
  Thriller: ['Witness', 'Signal', 'Stranger', 'Alibi', 'Hostage', 'Deadline', 'Informant', 'Trap'],
  Romance: ['Kiss', 'Heart', 'Valentine', 'Serenade', 'Affair', 'Sweetheart', 'Honeymoon', 'Rendezvous'],
  Adventure: ['Expedition', 'Island', 'Treasure', 'Voyage', 'Quest', 'Map', 'Jungle', 'Compass'],
  Crime: ['Heist', 'Syndicate', 'Racket', 'Getaway', 'Precinct', 'Mob', 'Score', 'Detective'],
  'Sci-Fi': ['Colony', 'Android', 'Orbit', 'Nebula', 'Signal', 'Starship', 'Clone', 'Frontier'],
  Horror: ['Cellar', 'Curse', 'Hollow', 'Ritual', 'Asylum', 'Shadows', 'Possession', 'Graveyard'],
  Fantasy: ['Sorcerer', 'Kingdom', 'Dragon', 'Crown', 'Enchantress', 'Realm', 'Amulet', 'Giant'],
  Children: ['Puppy', 'Treehouse', 'Pony', 'Birthday', 'Kite', 'Snowman', 'Playground', 'Teddy'],
  Animation: ['Robot', 'Fox', 'Lantern', 'Cloud', 'Bunny', 'Penguin', 'Firefly', 'Toybox'],
  Mystery: ['Clue', 'Manor', 'Riddle', 'Disappearance', 'Locket', 'Cipher', 'Inquest', 'Lighthouse'],
  Documentary: ['Story', 'Years', 'Voices', 'Journey', 'Chronicles', 'Portrait', 'Truth', 'Archive'],
  War: ['Battalion', 'Trenches', 'Front', 'Platoon', 'Bridge', 'Squadron', 'Beachhead', 'Armistice'],
  Musical: ['Melody', 'Rhapsody', 'Broadway', 'Ballroom', 'Jukebox', 'Chorus', 'Cabaret', 'Tune'],
  Western: ['Rider', 'Canyon', 'Sheriff', 'Outlaw', 'Stagecoach', 'Ranch', 'Gunslinger', 'Saloon'],
  'Film-Noir': ['Dame', 'Alley', 'Double Cross', 'Rain', 'Nightclub', 'Fall Guy', 'Blackmail', 'Smoke'],
};

/** A title (without year) for a film whose main genre is `genre`. */
export function sampleTitle(random: Random, genre: string): string {
  const nouns = GENRE_NOUNS[genre] ?? GENRE_NOUNS.Drama;
  const pick = <T>(list: T[]) => list[randomInt(random, list.length)];
  const noun = pick(nouns);
  switch (randomInt(random, 4)) {
    case 0:
      return `${pick(ADJECTIVES)} ${noun}, The`;
    case 1:
      return `${noun} of the ${pick(ADJECTIVES)} ${pick(nouns)}`;
    case 2:
      return `${pick(ADJECTIVES)} ${noun}`;
    default:
      return randomInt(random, 2) ? `${noun}, A` : `${noun} ${pick(SEQUEL_WORDS)}`;
  }
}
