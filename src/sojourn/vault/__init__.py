"""Personal data at rest: sealed columns, their keys and their rotation, and audited reads.

Every feature that stores personal data uses this one module: a `SealedTextField` (or, for
JSON, a `SealedJSONField`) for the column (`sojourn.vault.fields`), `record_reads` for who read
it (`sojourn.vault.reads`). Keys come from `SOJOURN_ENCRYPTION_KEYS` (`sojourn.vault.keys`); the
worker re-seals under a new key (`sojourn.vault.rekey`).
"""
