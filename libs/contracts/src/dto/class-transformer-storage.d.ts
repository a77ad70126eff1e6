/** class-transformer's metadata singleton, the one its decorators write to; its typings sit apart from the code. */
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage.js';
}
