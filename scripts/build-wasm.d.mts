/** The generated TypeScript module for one .wat file, as text. */
export function compileWat(watPath: string): Promise<string>;

/** Every src/*.wat with the path of its generated module. */
export function watFiles(): {wat: string; ts: string}[];
