/** The engine as the app loads it (lazily, see src/lazy.ts): a Trainer fits models, a Recommender answers about one. */
export { Trainer, type TrainerOptions } from './trainer';
export { Recommender, type RecommenderOptions } from './recommender';
