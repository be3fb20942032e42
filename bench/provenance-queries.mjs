// Latency of the store's provenance queries on an ingested corpus (in-process SqliteStore, the one the
// API and the CLI read through SqliteEngine): p50, p95 and max in milliseconds of each query over
// `samples` calls on arguments spread over the corpus, after 20 warm-up calls. Shared by
// bench/provenance-ingest.mjs and bench/provenance-cost-ab.mjs.

/** p50, p95 and max in milliseconds of `fn(i)` over `samples` calls, after 20 warm-up calls. */
function latency(fn, samples) {
  for (let i = 0; i < 20; i++) fn(i);
  const times = [];
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    fn(i);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const q = (p) => Math.round(times[Math.min(times.length - 1, Math.floor(p * times.length))] * 100) / 100;
  return { p50: q(0.5), p95: q(0.95), max: q(1) };
}

/** The five provenance queries' latencies on `store` (a SqliteStore), with the corpus's cluster and source counts. */
export function provenanceQueryLatency(store, samples = 300) {
  const ids = store.list({ limit: store.count() }).map((a) => a.id);
  const { total: clusters } = store.clusters({ limit: 1 });
  const clusterIds = store.clusters({ limit: clusters }).clusters.map((c) => c.id);
  const { total: sourceCount, sources } = store.sources({ limit: 1000 });
  const rand = (i, n) => (i * 2654435761) % n;
  const found = (x, what) => {
    if (x === undefined) throw new Error(`${what} not found`);
  };
  return {
    clusters,
    sources: sourceCount,
    queriesMs: {
      clustersPage: latency((i) => store.clusters({ limit: 20, offset: rand(i, Math.max(1, clusters - 20)) }), samples),
      clusterDetail: latency((i) => found(store.cluster(clusterIds[rand(i, clusterIds.length)]), 'cluster'), samples),
      sourcesPage: latency(() => store.sources({ limit: 20 }), samples),
      source: latency((i) => found(store.source(sources[rand(i, sources.length)].source), 'source'), samples),
      provenanceOf: latency((i) => found(store.provenanceOf(ids[rand(i, ids.length)]), 'article'), samples),
    },
  };
}
