export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request served, in order. */
  requests: {path: string; status: number}[];
  close(): Promise<void>;
}

export function serveStatic(
  mounts: [prefix: string, folder: string][],
  port?: number,
  options?: {headers?: Record<string, string>}
): Promise<StaticServer>;
