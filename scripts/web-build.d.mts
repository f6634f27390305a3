export const BUILD_MARKER: string;
export function webBuildCommand(env?: NodeJS.ProcessEnv): { cmd: string; args: string[]; env: NodeJS.ProcessEnv };
export function buildWeb(env?: NodeJS.ProcessEnv): number;
export function webBuildStale(): boolean;
