"""The parts of `bench/load.py`: a Monday morning of Sojourn under locust.

- `locustfile.py` — the mix: who does what, how often, and which answer counts as a success
  (locust only; no Django). It reads the cast (`cast.py` writes it) from `SOJOURN_LOAD_CAST`.
- `drive.py` — one step of the run in a process of its own (locust patches the standard library
  with gevent as it is imported): so many users, a warm-up, then the measured seconds; writes
  each request kind's figures as JSON.
- `cast.py` — who the users are in the benchmark's world: travellers with an API token and a
  trip to check in on, officers and oversight who sign in with the world's shared password.
- `server.py` — `sojourn serve` on a free loopback port, as `make run` starts it.
- `figures.py` — the step's figures against their goals, for the table and the JSON.
"""
