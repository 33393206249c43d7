/**
 * Group commit: requests that arrive while a write is in flight wait and go
 * together in the next one. At a low rate every request is written at once (no
 * added latency); under load, many concurrent jobs share one Redis round trip.
 */
export function groupCommit<Req, Res>(
  write: (reqs: Req[]) => Promise<Res[]>,
  maxGroup = 64,
): (req: Req) => Promise<Res> {
  const queued: { req: Req; resolve: (r: Res) => void; reject: (e: unknown) => void }[] = [];
  let writing = false;

  const drain = async () => {
    writing = true;
    while (queued.length) {
      const group = queued.splice(0, maxGroup);
      try {
        const results = await write(group.map((g) => g.req));
        group.forEach((g, i) => g.resolve(results[i]));
      } catch (e) {
        group.forEach((g) => g.reject(e));
      }
    }
    writing = false;
  };

  return (req) =>
    new Promise<Res>((resolve, reject) => {
      queued.push({ req, resolve, reject });
      if (!writing) void drain();
    });
}
