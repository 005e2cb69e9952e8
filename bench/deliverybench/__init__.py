"""The parts of `bench/delivery_faults.py`: urgent alerts after a fault.

- `trials.py` — one trial: a real `sojourn worker`, a real SMTP server on loopback, an outbox of
  urgent alerts and ordinary emails, and the fault (`kill -9` of the worker, or the server
  stopped for a few seconds) struck at a random moment of the delivery.
- `figures.py` — the figures of each kind of fault against the goals (issue 15).
"""
