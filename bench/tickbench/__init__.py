"""The parts of tick.py: the database (`database.py`), the mix of trips (`mix.py`), the world
built from it (`world.py`), the jobs timed one by one (`runner.py`), their bare-SQL baselines
(`baseline.py`) and the per-job query probe (`probe.py`)."""
