"""A synthetic world for scale and load tests: `sojourn synth --trips 1000000`.

- `world`: the run — one transaction, people first, then trips in batches (`run`, `Options`);
- `people`: organisations and their people; `itinerary`: what each trip is;
  `lifecycle`: what happened to it up to `now`, as the rows the services would have left;
- `assessor`: the real policy engine, its results reused where that is exact;
- `tables`: the row layout of each table; `writers`: COPY / executemany from a writer thread;
- `places`, `texts`: destinations, names and words; `timebase`, `ids`, `rows`, `progress`.

Not an app: it has no models. The command lives in `sojourn.demo`.
"""
